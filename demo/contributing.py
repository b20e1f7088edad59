"""Demo content of the contributing organisations (the city's directive, item 4): their vision and mission, a few
articles each, and their proposals to the city's board (one waiting in the queue, one approved).

Like every demo loader it fills only what is still empty: a second run creates nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from news.models import NewsArticlePage, ProposalStatus, SyndicationProposal
from organization.models import IntroductionPage
from sites.models import Unit

from .news import DemoArticle, _board, _writer, load_unit_news

# (vision, mission) shown on each organisation's “Giới thiệu”.
PURPOSE = {
    "mttq": (
        "Mặt trận Tổ quốc thành phố là ngôi nhà chung của khối đại đoàn kết toàn dân, nơi mọi người dân được lắng "
        "nghe và cùng chung tay xây dựng Tây Ninh văn minh, nghĩa tình.",
        "Tập hợp, đoàn kết Nhân dân; đại diện, bảo vệ quyền và lợi ích hợp pháp của Nhân dân; giám sát, phản biện "
        "xã hội; vận động chăm lo hộ nghèo, gia đình chính sách.",
    ),
    "thanhdoan": (
        "Tuổi trẻ Tây Ninh tiên phong trong chuyển đổi số, khởi nghiệp sáng tạo và xây dựng đô thị văn minh.",
        "Giáo dục lý tưởng, đạo đức, lối sống cho thanh thiếu nhi; đồng hành với thanh niên trong học tập, lập "
        "nghiệp; phát huy vai trò xung kích, tình nguyện của tuổi trẻ.",
    ),
    "ttvhtt": (
        "Trở thành điểm đến văn hóa, thể thao thân thiện của mọi lứa tuổi ở Thành phố Tây Ninh.",
        "Tổ chức hoạt động văn hóa, văn nghệ, thể thao phục vụ Nhân dân; đưa thông tin chính sách tới từng khu phố, "
        "ấp qua hệ thống truyền thanh cơ sở.",
    ),
}

ARTICLES = {
    "mttq": [
        DemoArticle(
            "news",
            "Mặt trận thành phố trao 120 phần quà cho hộ nghèo, hộ cận nghèo nhân dịp đầu năm học",
            "Ủy ban MTTQ Việt Nam thành phố Tây Ninh phối hợp với các nhà hảo tâm trao 120 phần quà, mỗi phần trị giá "
            "500.000 đồng, cho học sinh thuộc hộ nghèo, hộ cận nghèo của 10 phường, xã.",
            (
                "Nguồn kinh phí được trích từ Quỹ “Vì người nghèo” thành phố và sự đóng góp của các doanh nghiệp trên "
                "địa bàn. Ngoài quà, các em còn được tặng sách vở, đồng phục và xe đạp.",
                "Ban Thường trực Ủy ban MTTQ thành phố đề nghị Mặt trận các phường, xã tiếp tục rà soát, bảo đảm không "
                "để học sinh nào phải nghỉ học vì hoàn cảnh khó khăn.",
            ),
            days_ago=2,
            author="Nguyễn Thị Bích Ngọc",
        ),
        DemoArticle(
            "news",
            "Hội nghị giám sát việc giải quyết kiến nghị của cử tri về chỉnh trang đô thị",
            "Ban Thường trực Ủy ban MTTQ Việt Nam thành phố tổ chức hội nghị giám sát kết quả giải quyết 18 kiến nghị "
            "của cử tri về vỉa hè, chiếu sáng và thoát nước tại các phường nội ô.",
            (
                "Đến nay, 14/18 kiến nghị đã được giải quyết dứt điểm; 4 kiến nghị còn lại đang được Ủy ban nhân dân "
                "thành phố đưa vào kế hoạch đầu tư công năm sau.",
                "Mặt trận đề nghị các cơ quan chuyên môn công khai tiến độ trên cổng thông tin điện tử để cử tri theo "
                "dõi.",
            ),
            days_ago=6,
        ),
        DemoArticle(
            "news",
            "Phát động Tháng cao điểm “Vì người nghèo” năm 2026",
            "Ủy ban MTTQ Việt Nam thành phố Tây Ninh phát động Tháng cao điểm “Vì người nghèo” với mục tiêu vận động "
            "ít nhất 2 tỷ đồng để hỗ trợ xây, sửa nhà cho hộ nghèo.",
            (
                "Cán bộ, công chức, người lao động trong các cơ quan được vận động đóng góp tối thiểu một ngày lương; "
                "các doanh nghiệp, tổ chức tôn giáo và người dân đóng góp trên tinh thần tự nguyện.",
                "Danh sách đóng góp và kết quả sử dụng quỹ được công khai tại trụ sở Mặt trận và trên trang này.",
            ),
            days_ago=11,
        ),
    ],
    "thanhdoan": [
        DemoArticle(
            "news",
            "Đội hình thanh niên tình nguyện hướng dẫn người dân nộp hồ sơ trực tuyến",
            "Hơn 60 đoàn viên của Thành đoàn Tây Ninh có mặt tại bộ phận một cửa các phường, xã để hướng dẫn người dân "
            "cài đặt VNeID và nộp hồ sơ dịch vụ công trực tuyến.",
            (
                "Sau hai tuần, đội hình đã hỗ trợ hơn 1.200 lượt người dân, chủ yếu là người cao tuổi và hộ kinh "
                "doanh cá thể.",
                "Thành đoàn sẽ duy trì đội hình vào sáng thứ Bảy hằng tuần đến hết năm.",
            ),
            days_ago=3,
            author="Đỗ Thị Thanh Trúc",
        ),
        DemoArticle(
            "news",
            "Ngày hội khởi nghiệp thanh niên thành phố Tây Ninh lần thứ III",
            "Ngày hội quy tụ 25 dự án khởi nghiệp của thanh niên, trong đó nhiều dự án chế biến nông sản từ mãng cầu, "
            "bánh tráng phơi sương và du lịch núi Bà Đen.",
            (
                "Ban tổ chức trao 3 giải nhất, nhì, ba và kết nối các dự án với Ngân hàng Chính sách xã hội để vay "
                "vốn ưu đãi.",
            ),
            days_ago=9,
        ),
    ],
    "ttvhtt": [
        DemoArticle(
            "news",
            "Khai mạc Giải bóng đá thiếu niên Thành phố Tây Ninh mở rộng",
            "Giải quy tụ 16 đội bóng thiếu niên của các phường, xã và trường học, thi đấu tại sân vận động Trung tâm "
            "từ ngày 5 đến ngày 20 tháng này.",
            (
                "Các trận đấu diễn ra vào chiều thứ Bảy và Chủ nhật, vào cửa tự do. Lịch thi đấu được phát trên bản "
                "tin truyền thanh và đăng tại trang này.",
            ),
            days_ago=1,
            author="Huỳnh Thị Ngọc Hân",
        ),
        DemoArticle(
            "news",
            "Chương trình nghệ thuật “Tây Ninh – khúc ca núi Bà” phục vụ Nhân dân",
            "Đội văn nghệ của Trung tâm biểu diễn chương trình nghệ thuật chào mừng Ngày Quốc khánh tại Quảng trường "
            "thành phố với hơn 2.000 khán giả.",
            (
                "Chương trình gồm các tiết mục ca múa nhạc, đờn ca tài tử và múa dân tộc Khmer, Chăm của các câu lạc "
                "bộ văn nghệ quần chúng.",
            ),
            days_ago=5,
        ),
    ],
}

# (unit slug, index of its article, status): one proposal waiting in the city's queue, one the city approved.
PROPOSALS = (
    ("mttq", 0, ProposalStatus.PENDING),
    ("thanhdoan", 0, ProposalStatus.APPROVED),
)


def load_purpose(unit: Unit) -> list[str]:
    """The vision and mission on the unit's introduction page, unless an editor has written either."""
    purpose = PURPOSE.get(unit.slug)
    row = unit.sections.filter(key="intro").select_related("page").first()
    if purpose is None or row is None:
        return []
    page = IntroductionPage.objects.filter(pk=row.page_id).first()
    if page is None:
        return []
    latest = page.get_latest_revision_as_object() if page.latest_revision_id else page
    if latest.vision or latest.mission:
        return []
    latest.vision, latest.mission = purpose
    latest.save_revision().publish()
    return [f"{unit.name}: tầm nhìn và sứ mệnh"]


def load_proposals(units: dict[str, Unit]) -> int:
    city = units.get("tayninh")
    if city is None:
        return 0
    created = 0
    for slug, number, status in PROPOSALS:
        unit = units.get(slug)
        if unit is None:
            continue
        title = ARTICLES[slug][number].title
        article = NewsArticlePage.objects.filter(title=title, path__startswith=unit.home_page.path).first()
        if article is None or SyndicationProposal.objects.filter(article=article, target=city).exists():
            continue
        decided = status != ProposalStatus.PENDING
        SyndicationProposal.objects.create(
            unit=unit,
            target=city,
            article=article,
            note="Kính đề nghị Ban Biên tập Cổng thông tin điện tử thành phố xem xét đăng tin.",
            status=status,
            proposed_by=_writer(unit),
            proposed_at=timezone.now() - datetime.timedelta(hours=20),
            decided_by=_board(city) if decided else None,
            decided_at=timezone.now() - datetime.timedelta(hours=2) if decided else None,
            approved_revision_id=article.live_revision_id if status == ProposalStatus.APPROVED else None,
        )
        created += 1
    return created


@transaction.atomic
def load_demo(units: dict[str, Unit]) -> list[str]:
    """Vision, mission and news of the contributing organisations among `units` (by slug), and their proposals."""
    lines: list[str] = []
    for position, (slug, articles) in enumerate(ARTICLES.items()):
        unit = units.get(slug)
        if unit is None:
            continue
        lines += load_purpose(unit)
        count = load_unit_news(unit, articles, seed=700 + 10 * position)
        if count:
            lines.append(f"Tin bài {unit.name}: {count} bài mới")
    proposals = load_proposals(units)
    if proposals:
        lines.append(f"{proposals} đề xuất của các tổ chức gửi Ban Biên tập thành phố")
    return lines
