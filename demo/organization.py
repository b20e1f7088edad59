"""Demo content of the organisation pages for `manage.py seed_demo`: sub-units, leaders (one former), a spokesperson
and a contact official per unit, the leaders' schedule for the current and the next ISO week, history timelines,
and for the city and Phường Ninh Sơn the introduction pages with generated photos and maps.

Idempotent: every loader looks for what it would create first, so a second run creates nothing. Names of people
are invented for the demonstration; figures are rounded, illustrative values.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from organization.models import (
    HistoryPage,
    IntroductionPage,
    IntroductionTopicPage,
    Official,
    ScheduleEntry,
    SubUnit,
    WorkScheduleWeekPage,
)
from organization.schedule import IsoWeek

if TYPE_CHECKING:
    from sites.models import Unit

FONT_PATHS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


# --- Data -----------------------------------------------------------------------------------------------------------

CITY_OFFICES = (
    (
        "Văn phòng HĐND và UBND thành phố",
        "Tham mưu, tổng hợp, giúp HĐND và UBND thành phố điều hành chung; bảo đảm "
        "điều kiện hoạt động; kiểm soát thủ tục hành chính; quản lý Cổng thông tin điện tử thành phố.",
    ),
    (
        "Phòng Nội vụ",
        "Tham mưu về tổ chức bộ máy, vị trí việc làm, biên chế, cán bộ, công chức, viên chức; cải cách "
        "hành chính; thi đua, khen thưởng; tôn giáo; công tác thanh niên.",
    ),
    (
        "Phòng Tài chính – Kế hoạch",
        "Tham mưu về tài chính, ngân sách, kế hoạch và đầu tư; đăng ký hộ kinh doanh, hợp "
        "tác xã; thẩm định dự án đầu tư công trên địa bàn.",
    ),
    (
        "Phòng Quản lý đô thị",
        "Tham mưu về quy hoạch xây dựng, kiến trúc, phát triển đô thị, hạ tầng kỹ thuật, giao "
        "thông, nhà ở; cấp giấy phép xây dựng theo phân cấp.",
    ),
    (
        "Phòng Tài nguyên và Môi trường",
        "Tham mưu về đất đai, tài nguyên nước, khoáng sản, môi trường, biến đổi khí "
        "hậu; giải quyết thủ tục đăng ký đất đai theo thẩm quyền.",
    ),
    (
        "Phòng Văn hóa và Thông tin",
        "Tham mưu về văn hóa, gia đình, thể dục thể thao, du lịch, thông tin và truyền "
        "thông, chuyển đổi số; theo dõi hệ thống truyền thanh cơ sở.",
    ),
    (
        "Phòng Giáo dục và Đào tạo",
        "Tham mưu về giáo dục mầm non, tiểu học, trung học cơ sở; quản lý chất lượng giáo "
        "dục, đội ngũ nhà giáo và cơ sở vật chất trường học.",
    ),
    (
        "Phòng Y tế",
        "Tham mưu về y tế dự phòng, khám bệnh, chữa bệnh, an toàn thực phẩm, dân số và bảo hiểm y tế trên "
        "địa bàn thành phố.",
    ),
    (
        "Phòng Tư pháp",
        "Tham mưu về xây dựng, kiểm tra văn bản quy phạm pháp luật, phổ biến giáo dục pháp luật, hộ "
        "tịch, chứng thực, hòa giải ở cơ sở và trợ giúp pháp lý.",
    ),
    (
        "Thanh tra thành phố",
        "Tham mưu về công tác thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo và phòng, "
        "chống tham nhũng, tiêu cực.",
    ),
)
CITY_OFFICE_CHILDREN = {
    "Văn phòng HĐND và UBND thành phố": (
        (
            "Bộ phận Tiếp nhận và Trả kết quả",
            "Tiếp nhận hồ sơ, trả kết quả thủ tục hành chính theo cơ chế một cửa, "
            "một cửa liên thông; hướng dẫn người dân nộp hồ sơ trực tuyến.",
        ),
        (
            "Ban Tiếp công dân thành phố",
            "Tiếp công dân thường xuyên; chuẩn bị và phục vụ lịch tiếp công dân định kỳ của Chủ tịch UBND thành phố.",
        ),
    ),
}
LOCAL_OFFICES = (
    (
        "Văn phòng HĐND và UBND",
        "Tham mưu, tổng hợp, giúp HĐND và UBND điều hành chung; văn thư, lưu trữ; quản lý "
        "cổng thông tin điện tử; theo dõi công tác cải cách hành chính.",
    ),
    (
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Tham mưu về kinh tế, tài chính, ngân sách, xây dựng, giao thông, trật tự "
        "đô thị, đất đai, tài nguyên và môi trường.",
    ),
    (
        "Phòng Văn hóa – Xã hội",
        "Tham mưu về văn hóa, thông tin, thể thao, giáo dục, y tế, lao động, việc làm, bảo "
        "trợ xã hội và chính sách người có công.",
    ),
    (
        "Trung tâm Phục vụ hành chính công",
        "Tiếp nhận, giải quyết và trả kết quả thủ tục hành chính; hỗ trợ người dân "
        "sử dụng dịch vụ công trực tuyến và thanh toán trực tuyến.",
    ),
)
DEPARTMENT_OFFICES = (
    (
        "Bộ phận Tổng hợp – Hành chính",
        "Tổng hợp, văn thư, lưu trữ, tài chính, tài sản của phòng; tiếp nhận văn bản đến và theo dõi việc thực hiện.",
    ),
    (
        "Bộ phận Nghiệp vụ",
        "Thực hiện nhiệm vụ chuyên môn theo lĩnh vực được giao; hướng dẫn, kiểm tra các phường, xã thực hiện.",
    ),
    (
        "Bộ phận Thanh tra, kiểm tra chuyên ngành",
        "Kiểm tra việc chấp hành pháp luật trong lĩnh vực quản lý; tham mưu xử lý vi phạm theo thẩm quyền.",
    ),
)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE_MEN = ("Văn", "Minh", "Thanh", "Quốc", "Hữu", "Công", "Đức", "Hoàng")
MIDDLE_WOMEN = ("Thị", "Thị Thanh", "Thị Ngọc", "Thị Kim", "Thị Mỹ", "Thị Thu")
GIVEN_MEN = ("Hùng", "Dũng", "Phong", "Tuấn", "Khải", "Nghĩa", "Trung", "Sơn", "Lộc", "Thiện", "Quang", "Tài")
GIVEN_WOMEN = ("Lan", "Hương", "Hạnh", "Trinh", "Nhung", "Phượng", "Thảo", "Vy", "Yến", "Loan")


@dataclass(frozen=True)
class Leader:
    name: str
    position: str
    duties: str
    spokesperson: bool = False


def _person(rng: random.Random, woman: bool) -> str:
    middle = rng.choice(MIDDLE_WOMEN if woman else MIDDLE_MEN)
    given = rng.choice(GIVEN_WOMEN if woman else GIVEN_MEN)
    return f"{rng.choice(FAMILY)} {middle} {given}"


def _level_words(unit: Unit) -> tuple[str, str]:
    """(“UBND phường”, “phường”) — how the unit's people call their own level."""
    if unit.kind in {"city", "province"}:
        return "UBND thành phố", "thành phố"
    if unit.kind == "commune":
        return "UBND xã", "xã"
    return "UBND phường", "phường"


# The title in front of an office's name in its head's position, by how the name begins; any other office is led by
# a “Trưởng” of it (“Phòng Nội vụ” → “Trưởng phòng Nội vụ”).
HEAD_TITLES = (("Văn phòng", "Chánh "), ("Thanh tra", "Chánh "), ("Trung tâm", "Giám đốc "))


def head_position(office: str) -> str:
    """“Chánh Văn phòng HĐND và UBND”, “Giám đốc Trung tâm Phục vụ hành chính công”, “Trưởng phòng Nội vụ”."""
    for start, title in HEAD_TITLES:
        if office.startswith(start):
            return title + office
    return f"Trưởng {office[:1].lower()}{office[1:]}"


def leaders_for(unit: Unit) -> list[Leader]:
    """The unit's current leaders; the deputy responsible for the portal is the one named on the unit."""
    rng = random.Random(f"leaders-{unit.slug}")
    responsible_name, _sep, responsible_position = (unit.responsible_person or "").partition(" – ")
    responsible_position = responsible_position.split(",")[0].strip()
    if unit.kind == "department":
        head, deputy_position = head_position(unit.name), "Phó Trưởng phòng"
        return [
            Leader(
                responsible_name or _person(rng, False),
                responsible_position or head,
                "<p>Lãnh đạo, điều hành chung mọi hoạt động của phòng; chịu trách nhiệm trước UBND thành phố; "
                "trực tiếp phụ trách công tác tổ chức, cán bộ và tài chính của phòng.</p>",
                spokesperson=True,
            ),
            Leader(
                _person(rng, True),
                deputy_position,
                "<p>Giúp Trưởng phòng phụ trách công tác chuyên môn, nghiệp vụ; thay mặt Trưởng phòng điều hành khi "
                "được ủy quyền.</p>",
            ),
        ]
    level, place = _level_words(unit)
    chair = _person(rng, False)
    deputy_economy = responsible_name or _person(rng, True)
    return [
        Leader(
            chair,
            f"Chủ tịch {level}",
            f"<p>Lãnh đạo, điều hành chung mọi hoạt động của UBND {place}; trực tiếp phụ trách công tác nội chính, "
            "quốc phòng, an ninh, tổ chức bộ máy, cán bộ, thi đua khen thưởng và tiếp công dân.</p>",
        ),
        Leader(
            deputy_economy,
            responsible_position or f"Phó Chủ tịch {level}",
            "<p>Giúp Chủ tịch phụ trách kinh tế, tài chính, ngân sách, đô thị, đất đai, môi trường; Trưởng Ban Biên "
            "tập cổng thông tin điện tử; người phát ngôn của UBND.</p>",
            spokesperson=True,
        ),
        Leader(
            _person(rng, True),
            f"Phó Chủ tịch {level}",
            "<p>Giúp Chủ tịch phụ trách văn hóa, xã hội, giáo dục, y tế, lao động, chính sách xã hội, chuyển đổi số và "
            "cải cách hành chính.</p>",
        ),
    ]


def offices_for(unit: Unit) -> tuple[tuple[str, str], ...]:
    if unit.kind in {"city", "province"}:
        return CITY_OFFICES
    if unit.kind == "department":
        return DEPARTMENT_OFFICES
    _level, place = _level_words(unit)
    return tuple((name if name.startswith("Phòng") else f"{name} {place}", text) for name, text in LOCAL_OFFICES)


def _email_local(unit: Unit) -> str:
    return (unit.email or f"ubnd.{unit.slug}@tayninh.gov.vn").split("@")[-1]


def _phone(unit: Unit, index: int) -> str:
    base = (unit.phone or "0276 382 0000").rsplit(" ", 1)[0]
    return f"{base} {3100 + index * 7:04d}"


# --- Images (drawn with Pillow; nothing downloaded) -----------------------------------------------------------------


def _font(size: int):
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _save_image(unit: Unit, title: str, picture) -> object:
    Image = get_image_model()
    existing = Image.objects.filter(collection=unit.collection, title=title).first()
    if existing is not None:
        return existing
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    slug = f"{unit.slug}-{abs(hash(title)) % 10**8}.png"
    image = Image(title=title, collection=unit.collection)
    image.file.save(slug, ImageFile(buffer, name=slug), save=False)
    image.save()
    return image


def portrait(unit: Unit, name: str):
    rng = random.Random(name)
    picture = PILImage.new("RGB", (360, 450), (rng.randint(200, 230), rng.randint(205, 225), rng.randint(210, 235)))
    draw = ImageDraw.Draw(picture)
    suit = (35 + rng.randint(0, 30), 45 + rng.randint(0, 20), 70 + rng.randint(0, 30))
    draw.ellipse((40, 300, 320, 560), fill=suit)
    draw.polygon([(160, 300), (200, 300), (180, 420)], fill=(245, 245, 245))
    draw.polygon([(172, 318), (188, 318), (180, 400)], fill=(165, 14, 36))
    draw.rectangle((160, 250, 200, 310), fill=(226, 188, 160))
    draw.ellipse((115, 110, 245, 270), fill=(232, 196, 168))
    draw.pieslice((110, 95, 250, 215), 180, 360, fill=(30, 25, 25))
    return _save_image(unit, f"Ảnh chân dung {name}", picture)


def landscape(unit: Unit, title: str, palette: tuple, mountain: bool = True):
    rng = random.Random(title)
    sky, ground, accent = palette
    picture = PILImage.new("RGB", (1200, 800), sky)
    draw = ImageDraw.Draw(picture)
    if mountain:
        draw.polygon([(150, 620), (560, 170), (700, 260), (1050, 620)], fill=accent)
    draw.ellipse((940, 90, 1060, 210), fill=(255, 214, 102))
    draw.rectangle((0, 600, 1200, 800), fill=ground)
    for _ in range(14):
        x = rng.randint(0, 1150)
        draw.rectangle((x + 18, 560, x + 30, 620), fill=(90, 60, 30))
        draw.ellipse((x, 500, x + 50, 575), fill=(40, 110 + rng.randint(0, 40), 50))
    return _save_image(unit, title, picture)


def boundary_map(unit: Unit, neighbours: tuple[str, str, str, str]):
    rng = random.Random(f"map-{unit.slug}")
    picture = PILImage.new("RGB", (1200, 900), (236, 242, 232))
    draw = ImageDraw.Draw(picture)
    points = []
    for i in range(12):
        angle = i / 12 * 2 * math.pi
        radius = rng.randint(250, 360)
        points.append((600 + radius * math.cos(angle), 450 + radius * 0.85 * math.sin(angle)))
    draw.polygon(points, fill=(253, 243, 208), outline=(165, 14, 36), width=6)
    draw.line([(120, 520), (1080, 380)], fill=(120, 160, 210), width=14)
    font, small = _font(40), _font(28)
    draw.text((600, 450), unit.name, fill=(125, 10, 27), font=font, anchor="mm")
    north, south, east, west = neighbours
    draw.text((600, 40), f"Bắc: {north}", fill=(40, 40, 40), font=small, anchor="mt")
    draw.text((600, 860), f"Nam: {south}", fill=(40, 40, 40), font=small, anchor="mb")
    draw.text((1180, 450), f"Đông: {east}", fill=(40, 40, 40), font=small, anchor="rm")
    draw.text((20, 450), f"Tây: {west}", fill=(40, 40, 40), font=small, anchor="lm")
    draw.polygon([(1110, 110), (1130, 170), (1090, 170)], fill=(40, 40, 40))
    draw.text((1110, 95), "B", fill=(40, 40, 40), font=small, anchor="mb")
    return _save_image(unit, f"Bản đồ địa giới hành chính {unit.name}", picture)


# --- Loaders --------------------------------------------------------------------------------------------------------


def _section(unit: Unit, key: str):
    row = unit.sections.filter(key=key).select_related("page").first()
    return row.page.specific if row else None


def load_organisation(unit: Unit) -> list[str]:
    lines = []
    created_units = created_officials = 0
    offices = offices_for(unit)
    for index, (name, functions) in enumerate(offices):
        office, created = SubUnit.objects.get_or_create(
            unit=unit,
            name=name,
            defaults={
                "functions": f"<p>{functions}</p>",
                "phone": _phone(unit, index),
                "email": f"donvi{index + 1}@{_email_local(unit)}",
                "sort_order": index,
            },
        )
        created_units += created
        for child_index, (child_name, child_functions) in enumerate(CITY_OFFICE_CHILDREN.get(name, ())):
            _child, created = SubUnit.objects.get_or_create(
                unit=unit,
                name=child_name,
                defaults={"parent": office, "functions": f"<p>{child_functions}</p>", "sort_order": child_index},
            )
            created_units += created
    rng = random.Random(f"heads-{unit.slug}")
    for index, office in enumerate(SubUnit.objects.filter(unit=unit, parent__isnull=True).order_by("sort_order")):
        if office.head_id:
            continue
        # A department's offices are teams led by a “Tổ trưởng”.
        position = "Tổ trưởng" if unit.kind == "department" else head_position(office.name)
        head = Official.objects.create(
            unit=unit,
            name=_person(rng, index % 2 == 1),
            position=position,
            sub_unit=office,
            phone=office.phone,
            email=f"truong.{index + 1}@{_email_local(unit)}",
            is_leader=False,
            is_contact=index == 0,
            sort_order=100 + index,
        )
        office.head = head
        office.save(update_fields=["head"])
        created_officials += 1
    if created_units or created_officials:
        lines.append(f"{unit.name}: {created_units} đơn vị trực thuộc, {created_officials} trưởng đơn vị")
    return lines


def load_leaders(unit: Unit) -> list[str]:
    if Official.objects.filter(unit=unit, is_leader=True).exists():
        return []
    today = timezone.localdate()
    term_start = dt.date(2021, 6, 1) if unit.kind != "department" else dt.date(2022, 3, 1)
    # The spokesperson is designated for the portal by a decision of the day its spokesperson page went live, so the
    # page shows the 24-hour rule kept (Decree 244/2026), as it would be on a real launch.
    spokesperson_page = _section(unit, "spokesperson")
    went_live = spokesperson_page.first_published_at if spokesperson_page is not None else None
    appointed_on = timezone.localdate(went_live) if went_live else today
    for index, leader in enumerate(leaders_for(unit)):
        Official.objects.create(
            unit=unit,
            name=leader.name,
            position=leader.position,
            photo=portrait(unit, leader.name),
            biography=(
                f"<p>Sinh năm {1970 + index * 3}, quê quán tỉnh Tây Ninh. Trình độ chuyên môn: Thạc sĩ Quản lý công; "
                "lý luận chính trị: Cao cấp.</p><p>Trải qua các vị trí công tác tại UBND các phường, xã và các phòng "
                f"chuyên môn của thành phố trước khi giữ chức vụ {leader.position} từ tháng {term_start.month}/"
                f"{term_start.year}.</p>"
            ),
            duties=leader.duties,
            phone=_phone(unit, 50 + index),
            email=f"lanhdao{index + 1}@{_email_local(unit)}",
            sort_order=index,
            is_leader=True,
            is_contact=index == 1,
            term_start=term_start,
            is_spokesperson=leader.spokesperson,
            spokesperson_appointed_on=appointed_on if leader.spokesperson else None,
        )
    rng = random.Random(f"former-{unit.slug}")
    former_position = leaders_for(unit)[0].position
    Official.objects.create(
        unit=unit,
        name=_person(rng, False),
        position=former_position,
        biography="<p>Giữ chức vụ trong nhiệm kỳ 2016 – 2021; nay đã nghỉ hưu theo chế độ.</p>",
        sort_order=90,
        is_leader=True,
        term_start=dt.date(2016, 7, 1),
        term_end=min(term_start - dt.timedelta(days=1), today),
    )
    return [f"{unit.name}: lãnh đạo, người phát ngôn và một nguyên lãnh đạo"]


WEEK_PLAN = (
    # weekday, start, end, content, leader indexes, location, participants, preparing, recurring
    (
        0,
        dt.time(7, 30),
        dt.time(9, 0),
        "Giao ban lãnh đạo đầu tuần",
        (0, 1, 2),
        "Phòng họp số 1",
        "Lãnh đạo UBND, trưởng các phòng, đơn vị trực thuộc",
        "Văn phòng HĐND và UBND",
        True,
    ),
    (
        0,
        dt.time(14, 0),
        dt.time(16, 30),
        "Họp Ban Chỉ đạo chuyển đổi số, nghe báo cáo tiến độ dịch vụ công trực tuyến toàn trình",
        (2,),
        "Hội trường UBND",
        "Thành viên Ban Chỉ đạo",
        "Phòng Văn hóa – Xã hội",
        False,
    ),
    (
        1,
        dt.time(8, 0),
        dt.time(11, 0),
        "Kiểm tra tiến độ thi công công trình nâng cấp tuyến đường nội ô",
        (1,),
        "Hiện trường công trình",
        "Đại diện đơn vị thi công, tư vấn giám sát",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        False,
    ),
    (
        2,
        dt.time(7, 30),
        dt.time(11, 30),
        "Tiếp công dân định kỳ",
        (0,),
        "Trụ sở tiếp công dân",
        "Thanh tra, công chức tư pháp – hộ tịch, địa chính",
        "Văn phòng HĐND và UBND",
        True,
    ),
    (
        3,
        dt.time(8, 0),
        dt.time(10, 0),
        "Làm việc với đoàn kiểm tra công tác cải cách hành chính của thành phố",
        (0, 2),
        "Phòng họp số 1",
        "Các bộ phận có liên quan",
        "Văn phòng HĐND và UBND",
        False,
    ),
    (
        3,
        dt.time(14, 0),
        None,
        "Dự Hội nghị trực tuyến triển khai kế hoạch phòng, chống thiên tai",
        (1,),
        "Điểm cầu UBND",
        "Lực lượng xung kích, dân quân thường trực",
        "Ban Chỉ huy Quân sự",
        False,
    ),
    (
        4,
        dt.time(15, 0),
        dt.time(16, 30),
        "Họp Ban Biên tập cổng thông tin điện tử, duyệt lịch công tác tuần sau",
        (1,),
        "Phòng họp số 2",
        "Thành viên Ban Biên tập",
        "Văn phòng HĐND và UBND",
        True,
    ),
)


def load_schedule(unit: Unit) -> list[str]:
    """The current and the next ISO week, approved and published."""
    schedule = _section(unit, "schedule")
    if schedule is None:
        return []
    leaders = list(Official.objects.filter(unit=unit, is_leader=True).current().order_by("sort_order"))
    if not leaders:
        return []
    lines = []
    current = IsoWeek.current()
    for offset, week in enumerate((current, current.next)):
        if WorkScheduleWeekPage.objects.child_of(schedule).filter(week_start=week.monday).exists():
            continue
        page = WorkScheduleWeekPage(week_start=week.monday)
        for order, (weekday, start, end, content, who, location, participants, preparing, recurring) in enumerate(
            WEEK_PLAN
        ):
            if unit.kind == "department" and preparing.startswith("Phòng Kinh tế"):
                preparing = "Bộ phận Nghiệp vụ"
            entry = ScheduleEntry(
                sort_order=order,
                weekday=weekday,
                start_time=start,
                end_time=end,
                content=content,
                chair=leaders[who[0] % len(leaders)].position,
                location=location,
                participants=participants,
                preparing_unit=preparing,
                recurring=recurring,
            )
            if offset == 0 and order == 2:
                entry.status = ScheduleEntry.Status.CHANGED
                entry.note = "Chuyển từ buổi chiều sang buổi sáng"
            if offset == 0 and order == 5:
                entry.status = ScheduleEntry.Status.POSTPONED
                entry.note = "Hoãn, sẽ thông báo lịch sau"
            if offset == 0 and order == 1:
                entry.status = ScheduleEntry.Status.CANCELLED
                entry.note = "Hủy do trùng lịch họp của thành phố"
            entry.leaders = [leaders[i % len(leaders)] for i in who]
            page.entries.add(entry)
        schedule.add_child(instance=page)
        page.save_revision().publish()
        lines.append(f"{unit.name}: lịch công tác tuần {week}")
    return lines


def history_milestones(unit: Unit) -> list[dict]:
    if unit.kind in {"city", "province"}:
        steps = (
            (
                "1836",
                "Phủ Tây Ninh ra đời",
                "Vua Minh Mạng cho lập phủ Tây Ninh thuộc tỉnh Gia Định; vùng đất ven rạch Tây Ninh trở thành lỵ sở.",
            ),
            (
                "1900",
                "Thị xã Tây Ninh hình thành",
                "Chính quyền thuộc địa lập tỉnh Tây Ninh, lấy khu vực chợ và dinh tỉnh làm trung tâm hành chính.",
            ),
            (
                "1975",
                "Giải phóng",
                "Ngày 30/4/1975 thị xã Tây Ninh hoàn toàn giải phóng; chính quyền cách mạng được "
                "thành lập ở các phường, xã.",
            ),
            (
                "2013",
                "Thành lập Thành phố Tây Ninh",
                "Ngày 29/12/2013, Chính phủ ban hành Nghị quyết thành lập "
                "Thành phố Tây Ninh trên cơ sở toàn bộ thị xã Tây Ninh.",
            ),
            (
                "2025",
                "Sắp xếp chính quyền địa phương hai cấp",
                "Các phường, xã của thành phố vận hành theo mô hình "
                "chính quyền địa phương hai cấp, hệ thống cổng thông tin điện tử thống nhất.",
            ),
        )
    elif unit.kind == "department":
        steps = (
            ("2008", "Thành lập phòng", f"{unit.name} được thành lập theo quyết định của UBND thị xã Tây Ninh."),
            (
                "2013",
                "Trực thuộc UBND Thành phố Tây Ninh",
                "Khi thị xã lên thành phố, phòng tiếp tục là cơ quan chuyên môn thuộc UBND thành phố.",
            ),
            (
                "2025",
                "Kiện toàn chức năng, nhiệm vụ",
                "Phòng được kiện toàn theo quy định mới về tổ chức các cơ "
                "quan chuyên môn thuộc UBND cấp huyện, cấp xã.",
            ),
        )
    else:
        steps = (
            (
                "1976",
                "Thành lập đơn vị hành chính",
                f"{unit.name} được thành lập sau ngày giải phóng, trên cơ sở các ấp, khu phố cũ.",
            ),
            (
                "2001",
                "Điều chỉnh địa giới",
                "Một phần diện tích và dân số được điều chỉnh khi mở rộng nội ô thị xã Tây Ninh.",
            ),
            ("2013", "Thuộc Thành phố Tây Ninh", "Trở thành đơn vị hành chính của Thành phố Tây Ninh mới thành lập."),
            (
                "2020",
                "Đạt chuẩn văn minh đô thị",
                "Hoàn thành các tiêu chí văn minh đô thị, nâng cấp hạ tầng giao thông và chiếu sáng công cộng.",
            ),
        )
    return [
        {
            "type": "milestone",
            "value": {"year": year, "title": title, "text": f"<p>{text}</p>", "image": None, "alt_text": ""},
        }
        for year, title, text in steps
    ]


def load_history(unit: Unit) -> list[str]:
    page = _section(unit, "history")
    if not isinstance(page, HistoryPage) or page.latest_revision_id is not None:
        return []
    page.intro = f"Quá trình hình thành và phát triển của {unit.name} qua các mốc chính."
    page.body = json.dumps(
        [
            {
                "type": "paragraph",
                "value": f"<p>Trải qua nhiều giai đoạn lịch sử, Đảng bộ và Nhân dân {unit.name} đã đoàn kết, "
                "vượt qua khó khăn, xây dựng quê hương ngày càng giàu đẹp, văn minh.</p>",
            }
        ]
    )
    page.milestones = json.dumps(history_milestones(unit))
    page.save_revision().publish()
    return [f"{unit.name}: dòng thời gian lịch sử"]


TOPICS = (
    (
        "Điều kiện tự nhiên",
        "dieu-kien-tu-nhien",
        ((200, 225, 245), (120, 170, 90), (70, 90, 110)),
        "Địa hình tương đối bằng phẳng, nghiêng dần từ đông bắc xuống tây nam; khí hậu nhiệt đới gió mùa với hai mùa "
        "mưa, nắng rõ rệt, nhiệt độ trung bình khoảng 27 °C.",
        ("Cánh đồng ven rạch Tây Ninh mùa lúa chín, phía xa là núi Bà Đen", "Hàng cây xanh trên đường Bời Lời"),
    ),
    (
        "Văn hóa – Xã hội",
        "van-hoa-xa-hoi",
        ((250, 228, 200), (190, 150, 100), (165, 14, 36)),
        "Cộng đồng dân cư gắn bó, nhiều lễ hội truyền thống; phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” "
        "được duy trì ở tất cả khu phố, ấp.",
        ("Hội Xuân núi Bà Đen với đông đảo du khách", "Sân chơi thiếu nhi tại nhà văn hóa khu phố"),
    ),
    (
        "Di tích và danh lam thắng cảnh",
        "di-tich-danh-lam-thang-canh",
        ((210, 230, 250), (110, 150, 80), (60, 80, 70)),
        "Khu du lịch quốc gia Núi Bà Đen, Tòa Thánh Tây Ninh và nhiều di tích lịch sử cách mạng là điểm đến của du "
        "khách trong và ngoài tỉnh.",
        ("Núi Bà Đen nhìn từ hồ Dầu Tiếng lúc bình minh", "Đường lên chùa Bà trên sườn núi Bà Đen"),
    ),
)


def load_introduction(unit: Unit) -> list[str]:
    """Topic pages with galleries under the unit's “Giới thiệu”."""
    intro = _section(unit, "intro")
    if not isinstance(intro, IntroductionPage):
        return []
    lines = []
    for title, slug, palette, text, captions in TOPICS:
        if intro.get_children().filter(slug=slug).exists():
            continue
        gallery = [
            {
                "type": "image",
                "value": {
                    "image": landscape(unit, f"{caption} – {unit.name}", palette, mountain=i == 0).pk,
                    "alt_text": f"Tranh minh họa: {caption[0].lower()}{caption[1:]}",
                    "caption": caption,
                },
            }
            for i, caption in enumerate(captions)
        ]
        topic = IntroductionTopicPage(
            title=title,
            slug=slug,
            intro=f"{title} của {unit.name}.",
            body=json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"}]),
            gallery=json.dumps(gallery),
        )
        intro.add_child(instance=topic)
        topic.save_revision().publish()
        lines.append(f"{unit.name}: trang “{title}”")
    return lines


# Neighbours (north, south, east, west) on a unit's boundary map; other wards and communes border their siblings.
NEIGHBOURS = {
    "tayninh": ("huyện Tân Biên", "thị xã Hòa Thành", "huyện Dương Minh Châu", "huyện Châu Thành"),
    "ninhson": ("xã Tân Bình", "phường Hiệp Ninh", "xã Thạnh Tân", "Phường 3"),
}


def _neighbours(unit: Unit) -> tuple[str, str, str, str]:
    if unit.slug in NEIGHBOURS:
        return NEIGHBOURS[unit.slug]
    siblings = list(
        type(unit)
        .objects.filter(parent_id=unit.parent_id, kind__in=("ward", "commune"))
        .exclude(pk=unit.pk)
        .order_by("name")
        .values_list("name", flat=True)
    )
    rng = random.Random(f"neighbours-{unit.slug}")
    rng.shuffle(siblings)
    names = [
        f"{name[:1].lower()}{name[1:]}" if name.startswith(("Xã", "Phường ")) and not name[-1].isdigit() else name
        for name in siblings[:4]
    ]
    while len(names) < 4:
        names.append("huyện Châu Thành")
    return tuple(names)  # type: ignore[return-value]


def load_map_and_yearbook(unit: Unit) -> list[str]:
    """The boundary map (wards, communes, the city: units with a territory) and a yearbook (every state unit) on the
    unit's “Giới thiệu”, unless an editor has put either there."""
    intro = _section(unit, "intro")
    if not isinstance(intro, IntroductionPage) or unit.is_contributing:
        return []
    intro = IntroductionPage.objects.get(pk=intro.pk)
    latest = intro.get_latest_revision_as_object() if intro.latest_revision_id else intro
    if latest.boundary_map_id or latest.yearbooks:
        return []
    added = []
    if unit.kind != "department":
        neighbours = _neighbours(unit)
        latest.boundary_map = boundary_map(unit, neighbours)
        latest.boundary_map_alt = (
            f"Bản đồ địa giới hành chính {unit.name}: phía bắc giáp {neighbours[0]}, phía nam giáp {neighbours[1]}, "
            f"phía đông giáp {neighbours[2]}, phía tây giáp {neighbours[3]}."
        )
        added.append("bản đồ địa giới")
    latest.yearbooks = json.dumps([_yearbook(unit)])
    added.append("niên giám")
    latest.save_revision().publish()
    return [f"{unit.name}: {' và '.join(added)}"]


def _yearbook(unit: Unit) -> dict:
    Document = get_document_model()
    title = f"Niên giám thống kê {unit.name} năm 2025"
    document = Document.objects.filter(collection=unit.collection, title=title).first()
    if document is None:
        rows = (
            "Hồ sơ thủ tục hành chính tiếp nhận;hồ sơ;1.240;1.385\nVăn bản ban hành;văn bản;412;436\n"
            "Tỷ lệ hồ sơ trực tuyến toàn trình;%;58;74\n"
            if unit.kind == "department"
            else "Diện tích tự nhiên;km²;140,0;140,0\nDân số trung bình;người;131.500;133.200\n"
            "Số hộ kinh doanh cá thể;hộ;9.850;10.240\nTỷ lệ hồ sơ trực tuyến toàn trình;%;62;78\n"
        )
        text = f"NIÊN GIÁM THỐNG KÊ {unit.name.upper()} NĂM 2025\n\nChỉ tiêu;Đơn vị tính;Năm 2024;Năm 2025\n{rows}"
        document = Document(title=title, collection=unit.collection)
        document.file.save(f"nien-giam-{unit.slug}-2025.csv", ContentFile(text.encode("utf-8")), save=False)
        document.save()
    return {"type": "yearbook", "value": {"year": 2025, "title": title, "document": document.pk}}


def load_contacts(unit: Unit) -> list[str]:
    page = _section(unit, "contacts")
    if page is None or page.latest_revision_id is not None or page.office_hours:
        return []
    page.intro = f"Thông tin liên hệ của {unit.name} và cán bộ đầu mối."
    page.office_hours = (
        "Sáng: 7 giờ 00 – 11 giờ 30; chiều: 13 giờ 30 – 17 giờ 00, từ thứ Hai đến thứ Sáu.\n"
        "Bộ phận một cửa làm việc thêm sáng thứ Bảy."
    )
    page.save_revision().publish()
    return [f"{unit.name}: trang Liên hệ"]


INTRODUCTION_UNITS = {"tayninh", "ninhson"}


@transaction.atomic
def load_demo(units: dict[str, Unit]) -> list[str]:
    """Organisation demo content for the given units (by slug); returns what it created, one line each."""
    lines: list[str] = []
    for slug, unit in units.items():
        if unit.is_contributing:  # a small portal: no organisation chart, leaders, schedule or history sections
            lines += load_contacts(unit)
            continue
        lines += load_organisation(unit)
        lines += load_leaders(unit)
        lines += load_schedule(unit)
        lines += load_history(unit)
        lines += load_contacts(unit)
        if slug in INTRODUCTION_UNITS:
            lines += load_introduction(unit)
        lines += load_map_and_yearbook(unit)
    return lines
