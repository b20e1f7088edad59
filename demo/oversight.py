"""Demo oversight data: guidance from the city's Home Affairs office (Phòng Nội vụ) and four months of page views
on every demo unit's portal, by section and day. Safe to run again: nothing changes on a second run."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from reports.guidance import Guidance
from reports.usage import PageViewCount
from sites.models import Unit

VIEW_DAYS = 120
# Average views a day on a working day, by kind of unit; weekends and holidays see fewer.
DAILY_VIEWS = {"province": 2400, "city": 900, "ward": 160, "commune": 90, "department": 70}
CONTRIBUTING_DAILY_VIEWS = 35
WEEKEND_SHARE = 0.45
SECTION_WEIGHTS = {
    "": 34,  # the home page
    "news": 22,
    "documents": 12,
    "announcements": 6,
    "schedule": 5,
    "services": 5,
    "qa": 4,
    "intro": 3,
    "leaders": 2,
    "org": 2,
    "recruitment": 2,
    "disclosure": 2,
    "finance": 1,
    "plans": 1,
    "contacts": 1,
}

GUIDANCE = (
    {
        "days_ago": 46,
        "title": "Hướng dẫn đăng lịch công tác tuần trước 08:00 thứ Hai",
        "summary": (
            "Lịch công tác tuần của lãnh đạo phải được đăng trên cổng trước 08:00 sáng thứ Hai; khi có thay đổi, "
            "cập nhật ngay trong ngày."
        ),
        "body": (
            "<p>Thực hiện Nghị định số 42/2022/NĐ-CP và Quy chế hoạt động cổng thông tin điện tử của thành phố, "
            "Phòng Nội vụ hướng dẫn các đơn vị đăng lịch công tác tuần như sau:</p>"
            "<ol>"
            "<li>Lịch công tác tuần của Chủ tịch và các Phó Chủ tịch được đăng trong chuyên mục "
            "<b>Lịch công tác</b> trước 08:00 sáng thứ Hai hằng tuần.</li>"
            "<li>Mỗi mục lịch ghi rõ thời gian, địa điểm, nội dung, thành phần và người chủ trì.</li>"
            "<li>Khi lịch thay đổi, Văn phòng cập nhật ngay trong ngày và ghi chú “Điều chỉnh” bên cạnh mục "
            "đã sửa.</li>"
            "<li>Tuần có ngày nghỉ lễ, lịch vẫn được đăng trước 08:00 ngày làm việc đầu tiên của tuần.</li>"
            "</ol>"
            "<p>Việc đăng lịch đúng hạn là một tiêu chí chấm điểm hằng tháng trên bảng điều khiển giám sát.</p>"
        ),
    },
    {
        "days_ago": 25,
        "title": "Quy định về ảnh: dung lượng và mô tả thay thế",
        "summary": (
            "Ảnh đăng trên cổng không quá 500 KB, chiều rộng tối đa 1.920 điểm ảnh và luôn có mô tả thay thế cho "
            "người dùng trình đọc màn hình."
        ),
        "body": (
            "<p>Để trang tải nhanh trên điện thoại và bảo đảm khả năng tiếp cận cho người khuyết tật, Ban Biên tập "
            "các đơn vị lưu ý khi đăng ảnh:</p>"
            "<ul>"
            "<li>Dung lượng mỗi ảnh không quá <b>500 KB</b>; chiều rộng tối đa 1.920 điểm ảnh. Ảnh chụp từ điện "
            "thoại cần thu nhỏ trước khi tải lên.</li>"
            "<li>Mỗi ảnh phải có <b>mô tả thay thế</b> nói rõ nội dung ảnh, ví dụ: “Chủ tịch UBND phường trao quà "
            "cho hộ nghèo khu phố 3”, không ghi “ảnh 1” hay tên tệp.</li>"
            "<li>Không đăng ảnh có thông tin cá nhân của người dân (căn cước, số điện thoại, địa chỉ nhà) khi chưa "
            "có sự đồng ý.</li>"
            "</ul>"
            "<p>Ảnh quá dung lượng hoặc thiếu mô tả được liệt kê trong mục chất lượng của bảng điều khiển để đơn vị "
            "sửa.</p>"
        ),
    },
    {
        "days_ago": 4,
        "title": "Thời hạn đăng văn bản: 2 ngày làm việc",
        "summary": (
            "Văn bản do đơn vị ban hành phải được đăng trên cổng chậm nhất 2 ngày làm việc sau ngày ký; văn bản của "
            "cơ quan khác chậm nhất 10 ngày làm việc."
        ),
        "body": (
            "<p>Theo Nghị định số 42/2022/NĐ-CP, văn bản quy phạm pháp luật và văn bản chỉ đạo, điều hành phải được "
            "đăng tải kịp thời. Phòng Nội vụ thống nhất cách tính thời hạn như sau:</p>"
            "<ul>"
            "<li>Văn bản do đơn vị ban hành: đăng chậm nhất <b>2 ngày làm việc</b> kể từ ngày ký.</li>"
            "<li>Văn bản của cơ quan khác gửi đến cần công khai: đăng chậm nhất <b>10 ngày làm việc</b> kể từ ngày "
            "ban hành.</li>"
            "<li>Ngày làm việc không tính thứ Bảy, Chủ nhật và các ngày nghỉ lễ, Tết theo lịch của thành phố "
            "(kể cả các ngày làm bù).</li>"
            "</ul>"
            "<p>Khi đăng, nhập đúng số, ký hiệu, ngày ban hành và cơ quan ban hành để hệ thống tính đúng thời hạn.</p>"
        ),
    },
)


def load_guidance(today: dt.date) -> int:
    """The office's guidance, published a few weeks apart (kept as an editor left it on a second run)."""
    author = get_user_model().objects.filter(username="noivu.giamsat").first()
    created = 0
    for data in GUIDANCE:
        published = timezone.make_aware(
            dt.datetime.combine(today - dt.timedelta(days=data["days_ago"]), dt.time(8, 30))
        )
        _item, is_new = Guidance.objects.get_or_create(
            title=data["title"],
            defaults={
                "summary": data["summary"],
                "body": data["body"],
                "published_at": published,
                "created_by": author,
            },
        )
        created += is_new
    return created


def unit_daily_views(unit: Unit) -> int:
    if unit.is_contributing:
        return CONTRIBUTING_DAILY_VIEWS
    return DAILY_VIEWS.get(unit.kind, 60)


def load_unit_views(unit: Unit, today: dt.date, seed: int) -> int:
    """Views of the last VIEW_DAYS days up to yesterday, per section the unit has; nothing when the unit has views
    before today (a second run, or a portal already counting; today's views of a fresh demo do not stop it)."""
    if PageViewCount.objects.filter(unit=unit, day__lt=today).exists():
        return 0
    keys = set(unit.sections.values_list("key", flat=True)) | {""}
    weights = {key: weight for key, weight in SECTION_WEIGHTS.items() if key in keys}
    total_weight = sum(weights.values())
    rng = random.Random(seed)
    base = unit_daily_views(unit)
    rows = []
    for back in range(VIEW_DAYS, 0, -1):
        day = today - dt.timedelta(days=back)
        growth = 0.8 + 0.4 * (VIEW_DAYS - back) / VIEW_DAYS  # audiences grow over the months
        day_views = base * growth * (WEEKEND_SHARE if day.weekday() >= 5 else 1.0) * rng.uniform(0.7, 1.3)
        for key, weight in weights.items():
            views = round(day_views * weight / total_weight * rng.uniform(0.6, 1.4))
            if views:
                rows.append(PageViewCount(unit=unit, section=key, day=day, views=views))
    PageViewCount.objects.bulk_create(rows)
    return sum(row.views for row in rows)


def load_oversight_demo(units: dict[str, Unit]) -> list[str]:
    """Guidance from Phòng Nội vụ and page views for every demo unit (nothing on a second run)."""
    today = timezone.localdate()
    lines = []
    created = load_guidance(today)
    if created:
        lines.append(f"Hướng dẫn nghiệp vụ của Phòng Nội vụ: {created}")
    total = 0
    for position, slug in enumerate(sorted(units)):
        total += load_unit_views(units[slug], today, seed=900 + position)
    if total:
        lines.append(f"Lượt xem trang {VIEW_DAYS} ngày qua của {len(units)} cổng: {total:,}".replace(",", "."))
    return lines
