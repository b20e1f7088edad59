"""Demo news for `manage.py seed_demo`: articles for the city and its units, categories, two audio bulletins,
syndication proposals in every state and an announcement pushed to every unit.

Images are drawn with Pillow and audio is synthesised with the standard `wave` module: nothing is downloaded.
Idempotent: an article is identified by its slug in its section; a second run creates nothing.
Events and figures are illustrative examples for a demonstration, not official information.
"""

from __future__ import annotations

import datetime
import io
import math
import random
import struct
import wave
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale

from news.media import sniff_media
from news.models import (
    AnnouncementPush,
    MediaFile,
    NewsArticlePage,
    NewsCategory,
    NewsIndexPage,
    ProposalStatus,
    SyndicationProposal,
)
from search.text import fold

CATEGORIES = (
    ("Kinh tế", "kinh-te"),
    ("Văn hóa – Xã hội", "van-hoa-xa-hoi"),
    ("An ninh – Trật tự", "an-ninh-trat-tu"),
    ("Cải cách hành chính", "cai-cach-hanh-chinh"),
)


@dataclass(frozen=True)
class DemoArticle:
    section: str
    title: str
    intro: str
    paragraphs: tuple[str, ...]
    category: str | None = None
    tags: tuple[str, ...] = ()
    pinned: bool = False
    days_ago: int = 1
    source: tuple[str, str, int] | None = None  # (name, url, days before our date)
    quote: tuple[str, str] | None = None
    table: tuple[str, str] | None = None
    audio: str | None = None  # title of an audio bulletin to attach
    author: str = ""
    photographer: str = ""
    extra: dict = field(default_factory=dict)


def unit_articles(name: str, short: str) -> list[DemoArticle]:
    """Seven articles any ward or commune publishes in a month, written for the unit `name`."""
    return [
        DemoArticle(
            "news",
            f"{name} ra quân tổng vệ sinh môi trường, hưởng ứng Ngày Môi trường thế giới",
            f"Sáng Chủ nhật, hơn 300 cán bộ, đoàn viên và người dân {short} đã tham gia thu gom rác thải, phát quang "
            "bụi rậm, khơi thông cống rãnh trên các tuyến đường chính.",
            (
                f"Hưởng ứng Ngày Môi trường thế giới 5/6, UBND {name} phối hợp Ủy ban Mặt trận Tổ quốc Việt Nam và "
                "các đoàn thể tổ chức ra quân tổng vệ sinh môi trường tại tất cả khu phố, ấp trên địa bàn.",
                "Lực lượng tham gia đã thu gom hơn 3 tấn rác thải, phát quang 4 km đường giao thông, nạo vét "
                "1,2 km cống rãnh thoát nước. Nhiều hộ gia đình chủ động dọn dẹp trước nhà, trồng thêm cây xanh.",
                "Dịp này, lãnh đạo địa phương kêu gọi người dân phân loại rác tại nguồn, không xả rác xuống kênh "
                "rạch và duy trì ngày Chủ nhật xanh hằng tháng.",
            ),
            category="Văn hóa – Xã hội",
            tags=("môi trường", "ngày chủ nhật xanh"),
            days_ago=2,
            quote=("Môi trường sạch đẹp bắt đầu từ mỗi ngôi nhà, mỗi con hẻm.", f"Chủ tịch UBND {name}"),
            author="Minh Thư",
            photographer="Hoàng Nam",
        ),
        DemoArticle(
            "news",
            f"Bộ phận một cửa {name} giải quyết đúng hạn 100% hồ sơ trong quý II",
            f"Trong quý II, bộ phận tiếp nhận và trả kết quả của {short} tiếp nhận 1.245 hồ sơ, giải quyết đúng và "
            "trước hạn toàn bộ; tỷ lệ hồ sơ nộp trực tuyến đạt 78%.",
            (
                "Kết quả trên có được nhờ việc niêm yết công khai thủ tục, hướng dẫn người dân nộp hồ sơ qua Cổng "
                "Dịch vụ công quốc gia và bố trí cán bộ hỗ trợ tại chỗ vào các ngày thứ Bảy.",
                "Các lĩnh vực có nhiều hồ sơ nhất là chứng thực, hộ tịch và đăng ký kinh doanh hộ cá thể. Mức độ "
                "hài lòng của người dân qua khảo sát đạt 98,6%.",
            ),
            category="Cải cách hành chính",
            tags=("cải cách hành chính", "dịch vụ công trực tuyến"),
            pinned=True,
            days_ago=5,
            table=(
                "Kết quả giải quyết hồ sơ quý II",
                "Lĩnh vực | Tiếp nhận | Đúng hạn\nChứng thực | 612 | 612\nHộ tịch | 433 | 433\nKinh doanh | 200 | 200",
            ),
            author="Thanh Hà",
        ),
        DemoArticle(
            "news",
            f"Công an {short} ra mắt mô hình “Camera an ninh khu phố”",
            f"Mô hình lắp đặt 24 camera tại các tuyến hẻm, góp phần giữ gìn an ninh trật tự trên địa bàn {short}.",
            (
                "Kinh phí lắp đặt camera do người dân và các hộ kinh doanh tự nguyện đóng góp. Hình ảnh được kết "
                "nối về trụ sở Công an để theo dõi, xử lý kịp thời các vụ việc.",
                "Từ khi mô hình hoạt động, tình hình trộm cắp tài sản trên địa bàn giảm rõ rệt.",
            ),
            category="An ninh – Trật tự",
            tags=("an ninh trật tự", "camera an ninh"),
            days_ago=9,
            author="Quốc Bảo",
        ),
        DemoArticle(
            "direction",
            f"Chủ tịch UBND {name} chỉ đạo phòng, chống dịch sốt xuất huyết mùa mưa",
            "UBND yêu cầu các khu phố, ấp tổ chức chiến dịch diệt lăng quăng, bọ gậy và giám sát ca bệnh tại cộng "
            "đồng trong mùa mưa.",
            (
                "Trạm Y tế phối hợp các đoàn thể ra quân diệt lăng quăng hằng tuần; các hộ gia đình đậy kín dụng "
                "cụ chứa nước, thu gom vật dụng phế thải đọng nước.",
                "Khi có người sốt cao, người dân cần đến cơ sở y tế để được khám và điều trị kịp thời, không tự "
                "ý điều trị tại nhà.",
            ),
            category="Văn hóa – Xã hội",
            tags=("y tế", "sốt xuất huyết"),
            days_ago=12,
            audio="Bản tin phòng, chống sốt xuất huyết",
        ),
        DemoArticle(
            "propaganda",
            "Những điểm mới của Luật Đất đai năm 2024 người dân cần biết",
            "Luật Đất đai năm 2024 có hiệu lực từ ngày 01/8/2024 với nhiều quy định mới về cấp giấy chứng nhận, "
            "bồi thường, hỗ trợ, tái định cư.",
            (
                "Luật mở rộng đối tượng được cấp giấy chứng nhận quyền sử dụng đất, bỏ khung giá đất và quy định "
                "bảng giá đất được xây dựng hằng năm.",
                "Người dân có thể tìm hiểu thêm tại bộ phận một cửa hoặc Trang thông tin điện tử của Bộ Tài nguyên "
                "và Môi trường.",
            ),
            category="Kinh tế",
            tags=("pháp luật", "đất đai"),
            days_ago=20,
            source=("Báo Tây Ninh", "https://baotayninh.vn/nhung-diem-moi-luat-dat-dai-2024.html", 3),
        ),
        DemoArticle(
            "recruitment",
            f"Thông báo tuyển dụng công chức làm việc tại UBND {name} năm 2026",
            f"UBND {name} thông báo tuyển 02 chỉ tiêu công chức Văn phòng – Thống kê và Địa chính – Xây dựng.",
            (
                "Người dự tuyển phải có trình độ đại học trở lên, chuyên ngành phù hợp với vị trí việc làm, có đủ "
                "sức khỏe và lý lịch rõ ràng.",
                "Hồ sơ nộp trực tiếp tại bộ phận một cửa từ ngày 01/7 đến hết ngày 30/7 trong giờ hành chính.",
            ),
            tags=("tuyển dụng",),
            days_ago=25,
        ),
        DemoArticle(
            "announcements",
            f"Thông báo lịch tiếp công dân của lãnh đạo UBND {name} tháng này",
            "Chủ tịch UBND tiếp công dân định kỳ vào sáng thứ Năm tuần thứ hai và tuần thứ tư của tháng tại trụ sở.",
            (
                "Công dân đến liên hệ mang theo căn cước và giấy tờ liên quan đến nội dung kiến nghị, phản ánh.",
                "Ngoài lịch định kỳ, người dân có thể gửi phản ánh qua mục Hỏi đáp – Phản ánh, kiến nghị trên cổng.",
            ),
            tags=("tiếp công dân",),
            days_ago=4,
        ),
    ]


CITY_ARTICLES = [
    DemoArticle(
        "news",
        "Thành phố Tây Ninh đón nhận danh hiệu đô thị văn minh năm 2026",
        "Tối 15/5, Thành phố Tây Ninh long trọng tổ chức lễ đón nhận danh hiệu đô thị văn minh, ghi nhận nỗ lực "
        "chỉnh trang đô thị và xây dựng nếp sống văn minh của Nhân dân.",
        (
            "Sau 5 năm triển khai chương trình, thành phố đã chỉnh trang 42 tuyến đường, xây dựng hệ thống bờ kè "
            "rạch Tây Ninh và 12 công viên, vườn hoa.",
            "Phát biểu tại buổi lễ, lãnh đạo thành phố cảm ơn sự đồng hành của các tầng lớp Nhân dân và đề nghị "
            "các phường, xã tiếp tục giữ vững các tiêu chí đã đạt được.",
        ),
        category="Văn hóa – Xã hội",
        tags=("đô thị văn minh", "chỉnh trang đô thị"),
        pinned=True,
        days_ago=1,
        quote=("Danh hiệu là thành quả của mỗi người dân thành phố.", "Chủ tịch UBND Thành phố Tây Ninh"),
        author="Ngọc Lan",
        photographer="Trung Kiên",
    ),
    DemoArticle(
        "news",
        "Khởi công dự án nâng cấp đường Cách Mạng Tháng Tám",
        "Dự án có tổng vốn hơn 180 tỷ đồng, dự kiến hoàn thành sau 18 tháng, giúp giảm ùn tắc tại cửa ngõ "
        "phía nam thành phố.",
        (
            "Tuyến đường được mở rộng lên 30 m, có dải phân cách, vỉa hè lát đá, hệ thống chiếu sáng và thoát nước "
            "đồng bộ.",
            "Trong thời gian thi công, người tham gia giao thông chú ý các biển báo hướng dẫn phân luồng.",
        ),
        category="Kinh tế",
        tags=("giao thông", "đầu tư công"),
        days_ago=3,
        author="Hải Đăng",
    ),
    DemoArticle(
        "news",
        "Du lịch núi Bà Đen đón hơn 1 triệu lượt khách trong 5 tháng đầu năm",
        "Khu du lịch quốc gia Núi Bà Đen tiếp tục là điểm đến hấp dẫn, góp phần tăng doanh thu thương mại – dịch "
        "vụ của thành phố.",
        (
            "Các dịch vụ lưu trú, ăn uống và vận chuyển trên địa bàn thành phố tăng trưởng mạnh nhờ lượng khách "
            "tham quan, hành hương.",
        ),
        category="Kinh tế",
        tags=("du lịch", "núi Bà Đen"),
        days_ago=7,
        source=("Báo Tây Ninh", "https://baotayninh.vn/du-lich-nui-ba-den-5-thang.html", 2),
    ),
    DemoArticle(
        "news",
        "Thành phố tổng kết chuyển đổi số năm 2025, triển khai nhiệm vụ năm 2026",
        "100% phường, xã có cổng thông tin điện tử thành phần; tỷ lệ hồ sơ trực tuyến toàn trình đạt 65%.",
        (
            "Năm 2026, thành phố tập trung số hóa hồ sơ, kết quả giải quyết thủ tục hành chính và phát triển các "
            "tiện ích cho người dân trên nền tảng số.",
        ),
        category="Cải cách hành chính",
        tags=("chuyển đổi số", "cải cách hành chính"),
        days_ago=14,
    ),
    DemoArticle(
        "direction",
        "UBND thành phố chỉ đạo bảo đảm an toàn trong mùa mưa bão",
        "Các phường, xã rà soát khu vực trũng thấp, phương án sơ tán dân và lực lượng ứng trực 24/24 giờ.",
        (
            "Ban Chỉ huy phòng thủ dân sự thành phố yêu cầu các đơn vị kiểm tra cây xanh, biển quảng cáo và công "
            "trình đang thi công trước mùa mưa bão.",
        ),
        category="An ninh – Trật tự",
        tags=("phòng chống thiên tai",),
        days_ago=6,
        audio="Bản tin phòng, chống mưa bão",
    ),
    DemoArticle(
        "propaganda",
        "Hướng dẫn thực hiện Nghị định 168/2024 về xử phạt vi phạm giao thông",
        "Nghị định quy định mức phạt mới đối với các hành vi vi phạm trật tự, an toàn giao thông đường bộ.",
        (
            "Mức phạt đối với hành vi điều khiển xe khi trong máu hoặc hơi thở có nồng độ cồn được nâng cao; "
            "áp dụng trừ điểm giấy phép lái xe.",
        ),
        category="An ninh – Trật tự",
        tags=("pháp luật", "an toàn giao thông"),
        days_ago=18,
        source=("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn/nghi-dinh-168-2024.html", 5),
    ),
    DemoArticle(
        "announcements",
        "Thông báo tạm ngừng cấp nước khu vực trung tâm để bảo trì đường ống",
        "Công ty cấp nước tạm ngừng cung cấp nước từ 22 giờ thứ Bảy đến 5 giờ Chủ nhật tại Phường 1, Phường 2, "
        "Phường 3 để bảo trì tuyến ống chính.",
        ("Người dân chủ động dự trữ nước sinh hoạt. Mọi thắc mắc xin liên hệ đường dây nóng 0276 382 2222.",),
        tags=("cấp nước",),
        pinned=True,
        days_ago=1,
    ),
    DemoArticle(
        "announcements",
        "Thông báo kết quả tuyển sinh lớp 10 năm học 2026–2027",
        "Kết quả được công bố tại các trường trung học phổ thông và trên trang của Sở Giáo dục và Đào tạo.",
        ("Thí sinh xác nhận nhập học trực tuyến trong thời hạn 10 ngày kể từ ngày công bố.",),
        tags=("giáo dục", "tuyển sinh"),
        days_ago=10,
    ),
]

WARD_SHORT = {
    "ninhson": ("Phường Ninh Sơn", "phường"),
    "hiepninh": ("Phường Hiệp Ninh", "phường"),
    "phuong1": ("Phường 1", "phường"),
    "phuong2": ("Phường 2", "phường"),
    "ninhthanh": ("Phường Ninh Thạnh", "phường"),
    "binhminh": ("Xã Bình Minh", "xã"),
}

PROPOSALS = (
    # (unit slug, index of the unit article, status, reason)
    ("hiepninh", 0, ProposalStatus.APPROVED, ""),
    ("ninhson", 2, ProposalStatus.APPROVED, ""),
    ("phuong1", 2, ProposalStatus.APPROVED, ""),
    ("phuong2", 0, ProposalStatus.PENDING, ""),
    ("ninhson", 1, ProposalStatus.PENDING, ""),
    (
        "binhminh",
        2,
        ProposalStatus.REJECTED,
        "Tin cần bổ sung số liệu cụ thể và ý kiến của người dân trước khi đăng lên cổng thành phố.",
    ),
)

AUDIO_TRANSCRIPTS = {
    "Bản tin phòng, chống sốt xuất huyết": (
        "Kính thưa bà con! Mùa mưa là thời điểm muỗi vằn phát triển mạnh. Đề nghị các hộ gia đình đậy kín dụng cụ "
        "chứa nước, thu gom vật phế thải đọng nước và ngủ màn kể cả ban ngày."
    ),
    "Bản tin phòng, chống mưa bão": (
        "Kính thưa bà con! Trong những ngày tới có mưa lớn kèm dông, lốc. Bà con chủ động chằng chống nhà cửa, "
        "cắt tỉa cây xanh và không trú mưa dưới gốc cây lớn."
    ),
}


# --- Media generated in code -----------------------------------------------------------------------------------


def draw_photo(seed: int, width: int = 1600, height: int = 900) -> bytes:
    """A JPEG landscape drawn with Pillow: sky, sun, mountain (núi Bà Đen), buildings and trees."""
    rng = random.Random(seed)
    hue = rng.choice(((38, 110, 190), (214, 120, 60), (60, 140, 120), (120, 90, 170), (30, 130, 160)))
    image = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(c + (255 - c) * t * 0.8) for c in hue))
    sun_x, sun_y = rng.randint(200, width - 200), rng.randint(80, 260)
    draw.ellipse([sun_x - 70, sun_y - 70, sun_x + 70, sun_y + 70], fill=(255, 214, 102))
    peak = rng.randint(width // 3, 2 * width // 3)
    draw.polygon(
        [(0, height * 0.75), (peak, height * 0.28), (width, height * 0.7), (width, height), (0, height)],
        fill=(46, 94, 62),
    )
    ground = int(height * 0.78)
    draw.rectangle([0, ground, width, height], fill=(88, 84, 78))
    x = 20
    while x < width:
        w, h = rng.randint(80, 180), rng.randint(120, 360)
        colour = rng.choice(((236, 226, 205), (200, 70, 60), (245, 240, 230), (170, 190, 210)))
        draw.rectangle([x, ground - h, x + w, ground], fill=colour)
        for wy in range(ground - h + 20, ground - 30, 40):
            for wx in range(x + 12, x + w - 20, 30):
                draw.rectangle([wx, wy, wx + 14, wy + 20], fill=(70, 90, 120))
        x += w + rng.randint(10, 60)
    for _ in range(8):
        tx = rng.randint(0, width)
        draw.ellipse([tx - 40, ground - 110, tx + 40, ground - 20], fill=(34, 120, 56))
        draw.rectangle([tx - 6, ground - 30, tx + 6, ground + 10], fill=(92, 64, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def synth_wav(seconds: float = 4.0, rate: int = 8000) -> bytes:
    """A short mono WAV: the radio's three-tone signal followed by a steady tone (stdlib `wave`)."""
    frames = bytearray()
    for i in range(int(seconds * rate)):
        t = i / rate
        freq = (523.25, 659.25, 783.99)[int(t / 0.3)] if t < 0.9 else 440.0
        amplitude = 0.0 if 0.9 <= t < 1.1 else 0.35
        frames += struct.pack("<h", int(32767 * amplitude * math.sin(2 * math.pi * freq * t)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


def demo_image(unit, title: str, seed: int):
    Image = get_image_model()
    existing = Image.objects.filter(title=title, collection=unit.collection).first()
    if existing is not None:
        return existing
    name = f"{slugify(fold(title))[:60] or 'anh'}.jpg"
    image = Image(title=title, collection=unit.collection, file=ImageFile(io.BytesIO(draw_photo(seed)), name=name))
    image.save()
    return image


def demo_audio(unit, title: str) -> MediaFile:
    existing = MediaFile.objects.filter(unit=unit, title=title).first()
    if existing is not None:
        return existing
    content = ContentFile(synth_wav(), name=f"{slugify(fold(title))}.wav")
    kind, mime = sniff_media(content)
    media = MediaFile(unit=unit, title=title, kind=kind, mime_type=mime, transcript=AUDIO_TRANSCRIPTS.get(title, ""))
    media.file.save(content.name, content, save=False)
    media.duration_seconds = 4
    media.save()
    return media


# --- Loaders ---------------------------------------------------------------------------------------------------


def ensure_categories(unit) -> dict[str, NewsCategory]:
    locale = Locale.get_default()
    result = {}
    for name, slug in CATEGORIES:
        category, _ = NewsCategory.objects.get_or_create(unit=unit, slug=slug, locale=locale, defaults={"name": name})
        result[name] = category
    return result


def body_for(article: DemoArticle, body_image) -> list[dict]:
    body: list[dict] = [{"type": "paragraph", "value": f"<p>{article.paragraphs[0]}</p>"}]
    if article.quote:
        body.append({"type": "quote", "value": {"text": article.quote[0], "attribution": article.quote[1]}})
    body += [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in article.paragraphs[1:]]
    if article.table:
        body.append({"type": "table", "value": {"caption": article.table[0], "data": article.table[1]}})
    if len(article.paragraphs) > 1:
        body.insert(
            1,
            {
                "type": "image",
                "value": {
                    "image": body_image.pk,
                    "alt_text": f"Quang cảnh: {article.title}",
                    "caption": article.title,
                    "credit": article.photographer or "Ban Biên tập",
                },
            },
        )
    return body


def load_article(unit, sections: dict, categories: dict, article: DemoArticle, seed: int) -> NewsArticlePage | None:
    """Create and publish one article unless its slug already exists in its section; returns it if created."""
    index = sections.get(article.section)
    if index is None:
        return None
    slug = slugify(fold(article.title))[:80]
    if index.get_children().filter(slug=slug).exists():
        return None
    now = timezone.now()
    date = now - datetime.timedelta(days=article.days_ago, hours=seed % 7)
    image = demo_image(unit, article.title, seed)
    page = NewsArticlePage(
        title=article.title,
        slug=slug,
        intro=article.intro,
        featured_image=image,
        featured_image_alt=f"Ảnh minh họa: {article.title}",
        body=body_for(article, demo_image(unit, f"{article.title} (ảnh trong bài)", seed + 500)),
        category=categories.get(article.category) if article.category else None,
        author=article.author,
        photographer=article.photographer,
        date=date,
        pinned=article.pinned,
    )
    if article.source:
        name, url, earlier = article.source
        page.source_kind = NewsArticlePage.AGGREGATED
        page.source_name, page.source_url = name, url
        page.source_date = (date - datetime.timedelta(days=earlier)).date()
    if article.audio:
        page.audio_bulletin = demo_audio(unit, article.audio)
    page.tags.add(*article.tags)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _writer(unit):
    group = unit.role_groups.filter(role="writer").select_related("group").first()
    return group.group.user_set.order_by("pk").first() if group else None


def _board(unit):
    group = unit.role_groups.filter(role="board").select_related("group").first()
    return group.group.user_set.order_by("pk").first() if group else None


def load_unit_news(unit, articles: list[DemoArticle], seed: int) -> int:
    sections = {
        row.key: row.page
        for row in unit.sections.select_related("page", "page__content_type")
        if row.page.specific_class is NewsIndexPage
    }
    categories = ensure_categories(unit)
    created = 0
    for offset, article in enumerate(articles):
        if load_article(unit, sections, categories, article, seed + offset) is not None:
            created += 1
    return created


def load_proposals(units: dict) -> int:
    city = units.get("tayninh")
    created = 0
    if city is None:
        return 0
    for slug, number, status, reason in PROPOSALS:
        unit = units.get(slug)
        if unit is None:
            continue
        name, short = WARD_SHORT[slug]
        title = unit_articles(name, short)[number].title
        article = NewsArticlePage.objects.filter(title=title, path__startswith=unit.home_page.path).first()
        if article is None or SyndicationProposal.objects.filter(article=article, target=city).exists():
            continue
        decided = status != ProposalStatus.PENDING
        SyndicationProposal.objects.create(
            unit=unit,
            target=city,
            article=article,
            note="Đề nghị Ban Biên tập thành phố xem xét đăng tin.",
            status=status,
            reason=reason,
            proposed_by=_writer(unit),
            proposed_at=timezone.now() - datetime.timedelta(days=2),
            decided_by=_board(city) if decided else None,
            decided_at=timezone.now() - datetime.timedelta(days=1) if decided else None,
            approved_revision_id=article.live_revision_id if status == ProposalStatus.APPROVED else None,
        )
        created += 1
    return created


def load_push(units: dict) -> int:
    city = units.get("tayninh")
    if city is None:
        return 0
    article = NewsArticlePage.objects.filter(title=CITY_ARTICLES[6].title, path__startswith=city.home_page.path).first()
    if article is None or AnnouncementPush.objects.filter(unit=city, article=article).exists():
        return 0
    AnnouncementPush.objects.create(unit=city, article=article, pushed_by=_board(city))
    return 1


@transaction.atomic
def load_demo(units: dict) -> list[str]:
    """Articles for the city and up to six of its units, proposals in every state and a pushed announcement."""
    lines = []
    total = 0
    city = units.get("tayninh")
    if city is not None:
        count = load_unit_news(city, CITY_ARTICLES, seed=100)
        total += count
        if count:
            lines.append(f"Tin bài {city.name}: {count} bài mới")
    for position, (slug, (name, short)) in enumerate(WARD_SHORT.items()):
        unit = units.get(slug)
        if unit is None:
            continue
        count = load_unit_news(unit, unit_articles(name, short), seed=200 + 10 * position)
        total += count
        if count:
            lines.append(f"Tin bài {unit.name}: {count} bài mới")
    proposals = load_proposals(units)
    pushes = load_push(units)
    if total or proposals or pushes:
        lines.append(
            f"Tổng cộng {total} bài mới, {proposals} đề xuất đăng lên cổng thành phố, {pushes} thông báo gửi đơn vị"
        )
    return lines  # empty when nothing was added, so a second seed run reports no change
