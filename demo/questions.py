"""Demo questions and feedback for `manage.py seed_demo`: the khu phố of Phường Ninh Sơn and the ấp of Xã Bình Minh,
and a dozen questions on the city, Ninh Sơn and Bình Minh in every state — received, assigned (some overdue),
answered, published, rejected and forwarded from the city to the ward or commune whose matter it is (the copy links
back to the original and both keep their history). Some were received just before Tết Bính Ngọ 2026 or the 2/9
holidays, so their deadline runs across them.

Statuses and history are set directly (the board's services come with the admin queue). Idempotent: questions are
matched by their tracking code. Names, phone numbers and addresses are invented.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from organization.models import Official, SubUnit
from participation.models import Area, Question, QuestionEvent, Topic
from participation.submissions import CODE_ALPHABET, answer_deadline
from sites.models import Unit, UnitRole
from workdays.calendar import add_working_days

AREAS = {
    "ninhson": ["Khu phố Ninh Phúc", "Khu phố Ninh Thọ", "Khu phố Ninh Hòa", "Khu phố Ninh Lộc", "Khu phố Ninh Trung"],
    "binhminh": ["Ấp Bình Trung", "Ấp Bình Phú", "Ấp Bình Lợi", "Ấp Bình Hòa"],
}
SENDERS = [
    ("Nguyễn Văn Hùng", "0908 214 367", "hung.nguyenvan@example.vn"),
    ("Trần Thị Mai", "0937 552 810", ""),
    ("Lê Hoàng Phúc", "", "phuc.lehoang@example.vn"),
    ("Phạm Thị Thu Hà", "0276 3824 115", ""),
    ("Võ Minh Tâm", "0918 406 992", "tam.vominh@example.vn"),
    ("Huỳnh Thị Ngọc Lan", "0962 731 048", ""),
]
# Fixed dates just before the holidays: Tết Bính Ngọ (16–20/2/2026) and Quốc khánh (31/8–2/9/2026).
BEFORE_TET = dt.datetime(2026, 2, 12, 9, 15)
BEFORE_NATIONAL_DAY = dt.datetime(2026, 8, 27, 14, 40)

S = Question.Status


@dataclass(frozen=True)
class DemoQuestion:
    key: str
    status: str
    received: int | dt.datetime  # days before today, or a fixed moment
    topic: str
    kind: str
    title: str
    content: str
    answer: str = ""
    reason: str = ""
    area: int | None = None  # index into the unit's areas
    forward_to: str = ""  # the unit slug a city question is forwarded to
    # What the portal shows once published (the board's copy without personal data); the citizen's text otherwise.
    public_title: str = ""
    public_content: str = ""


COMMON = [
    DemoQuestion(
        "ktra-giay-cn",
        S.PUBLISHED,
        BEFORE_TET,
        "Đất đai",
        Question.Kind.QUESTION,
        "Thời gian cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        "Gia đình tôi sử dụng thửa đất ở ổn định từ năm 1998, không tranh chấp. Nay làm hồ sơ cấp giấy chứng nhận "
        "lần đầu thì mất bao lâu và cần những giấy tờ gì?",
        "Hồ sơ gồm đơn đăng ký theo Mẫu số 04/ĐK, giấy tờ về nguồn gốc sử dụng đất (nếu có) và bản sao căn cước. "
        "Thời gian giải quyết không quá 20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, không kể thời gian "
        "niêm yết công khai. Ông/bà nộp hồ sơ tại Bộ phận Một cửa của Ủy ban nhân dân.",
        area=0,
    ),
    DemoQuestion(
        "ktra-ho-tich",
        S.PUBLISHED,
        BEFORE_NATIONAL_DAY,
        "Hộ tịch – Chứng thực",
        Question.Kind.QUESTION,
        "Đăng ký khai sinh cho con khi cha mẹ chưa đăng ký kết hôn",
        "Vợ chồng tôi chưa đăng ký kết hôn, nay sinh con thì đăng ký khai sinh cho cháu như thế nào, có ghi tên "
        "cha trong giấy khai sinh được không?",
        "Được. Khi đăng ký khai sinh, cha mẹ làm thủ tục nhận cha con đồng thời; hồ sơ gồm tờ khai đăng ký khai "
        "sinh, giấy chứng sinh và chứng cứ chứng minh quan hệ cha con (nếu có). Thủ tục có thể nộp trực tuyến trên "
        "Cổng Dịch vụ công quốc gia và được giải quyết trong ngày.",
        area=1,
    ),
    DemoQuestion(
        "ktra-ngap",
        S.PUBLISHED,
        48,
        "Xây dựng – Trật tự đô thị",
        Question.Kind.FEEDBACK,
        "Hẻm bị ngập nước mỗi khi mưa lớn",
        "Đoạn hẻm trước nhà tôi (số 27, hẻm 14) dài khoảng 80 m bị ngập sâu 20–30 cm mỗi khi mưa lớn do cống "
        "thoát nước bị bồi lấp, người dân và học sinh đi lại rất khó khăn. Đề nghị địa phương cho nạo vét cống. "
        "Cán bộ cần thêm thông tin xin gọi tôi: 0913 222 417.",
        "Ủy ban nhân dân đã giao bộ phận kinh tế – hạ tầng kiểm tra hiện trường và phối hợp đơn vị thoát nước nạo "
        "vét toàn tuyến cống trong tháng; đồng thời đưa tuyến hẻm vào kế hoạch nâng cấp năm sau.",
        area=2,
        public_content="Một đoạn hẻm dài khoảng 80 m bị ngập sâu 20–30 cm mỗi khi mưa lớn do cống thoát nước bị bồi "
        "lấp, người dân và học sinh đi lại rất khó khăn. Đề nghị địa phương cho nạo vét cống.",
    ),
    DemoQuestion(
        "ktra-tro-cap",
        S.PUBLISHED,
        35,
        "An sinh xã hội",
        Question.Kind.QUESTION,
        "Điều kiện hưởng trợ cấp xã hội hằng tháng cho người từ 75 tuổi",
        "Mẹ tôi 76 tuổi, không có lương hưu hay trợ cấp bảo hiểm xã hội. Xin hỏi mẹ tôi có được hưởng trợ cấp hằng "
        "tháng không, thủ tục thế nào?",
        "Người từ đủ 75 tuổi trở lên không có lương hưu, trợ cấp bảo hiểm xã hội hằng tháng được hưởng trợ cấp xã "
        "hội hằng tháng theo quy định hiện hành. Gia đình nộp tờ khai tại Bộ phận Một cửa; hồ sơ được xét trong 10 "
        "ngày làm việc và chi trả từ tháng được duyệt.",
    ),
    DemoQuestion(
        "ktra-den",
        S.ANSWERED,
        16,
        "Giao thông",
        Question.Kind.PETITION,
        "Kiến nghị lắp đèn chiếu sáng đoạn đường chưa có đèn",
        "Đoạn đường khoảng 300 m chưa có đèn chiếu sáng, buổi tối rất tối, đã xảy ra va chạm xe máy. Kiến nghị "
        "lắp đặt đèn chiếu sáng công cộng.",
        "Ủy ban nhân dân ghi nhận kiến nghị, đã đề xuất đưa đoạn đường vào danh mục lắp đặt chiếu sáng công cộng "
        "năm tới và sẽ thông báo thời gian thi công.",
        area=3,
    ),
    DemoQuestion(
        "ktra-rac",
        S.ASSIGNED,
        9,
        "Môi trường",
        Question.Kind.FEEDBACK,
        "Rác thải tập kết sai nơi quy định gần chợ",
        "Khu đất trống cạnh chợ thường xuyên bị đổ rác, bốc mùi hôi, nhất là vào buổi sáng. Đề nghị kiểm tra, xử "
        "lý và bố trí thùng rác.",
        area=0,
    ),
    DemoQuestion(
        "ktra-xay-dung",
        S.ASSIGNED,
        31,  # overdue
        "Xây dựng – Trật tự đô thị",
        Question.Kind.FEEDBACK,
        "Công trình xây dựng lấn chiếm hành lang hẻm",
        "Một hộ dân đang xây nhà, đổ vật liệu và dựng giàn giáo chiếm gần hết lối đi chung trong hẻm hơn hai tuần "
        "nay. Đề nghị kiểm tra giấy phép xây dựng và yêu cầu thu dọn.",
        area=1,
    ),
    DemoQuestion(
        "ktra-hoc",
        S.RECEIVED,
        2,
        "Giáo dục",
        Question.Kind.QUESTION,
        "Tuyển sinh lớp 1 cho trẻ tạm trú",
        "Gia đình tôi đăng ký tạm trú tại địa phương được 8 tháng. Con tôi vào lớp 1 năm học tới thì có được học "
        "tại trường tiểu học gần nhà không?",
    ),
    DemoQuestion(
        "ktra-tieng-on",
        S.RECEIVED,
        27,  # overdue
        "An ninh trật tự",
        Question.Kind.FEEDBACK,
        "Quán karaoke gây ồn sau 22 giờ",
        "Quán karaoke trong khu dân cư thường hát đến khuya, có hôm sau 23 giờ, ảnh hưởng việc nghỉ ngơi của người "
        "già và trẻ nhỏ. Đề nghị kiểm tra, nhắc nhở.",
        area=4,
    ),
    DemoQuestion(
        "ktra-y-te",
        S.REJECTED,
        22,
        "Y tế",
        Question.Kind.QUESTION,
        "Hỏi về tranh chấp tiền bồi thường với phòng khám tư",
        "Tôi điều trị tại một phòng khám tư và không đồng ý với số tiền phải trả, xin địa phương buộc phòng khám "
        "hoàn tiền.",
        reason="Nội dung là tranh chấp dân sự giữa ông/bà và phòng khám, không thuộc thẩm quyền giải quyết của Ủy ban "
        "nhân dân. Ông/bà có thể đề nghị hòa giải hoặc khởi kiện tại Tòa án nhân dân có thẩm quyền; nếu phòng khám "
        "có dấu hiệu vi phạm chuyên môn, phản ánh đến Sở Y tế.",
    ),
    DemoQuestion(
        "ktra-thu-tuc",
        S.PUBLISHED,
        19,
        "Thủ tục hành chính",
        Question.Kind.QUESTION,
        "Nộp hồ sơ trực tuyến có phải nộp thêm bản giấy không?",
        "Tôi đã nộp hồ sơ chứng thực trên Cổng Dịch vụ công. Khi nhận kết quả tôi có phải mang bản giấy đến nộp "
        "lại không?",
        "Không. Hồ sơ nộp trực tuyến hợp lệ có giá trị như hồ sơ giấy; ông/bà chỉ xuất trình bản chính khi nhận "
        "kết quả để đối chiếu nếu thủ tục yêu cầu.",
    ),
    DemoQuestion(
        "ktra-khac",
        S.ANSWERED,
        6,
        "Khác",
        Question.Kind.PETITION,
        "Kiến nghị mở thêm giờ tiếp nhận hồ sơ sáng thứ Bảy",
        "Nhiều người đi làm trong giờ hành chính không thể đến nộp hồ sơ. Kiến nghị bộ phận Một cửa tiếp nhận hồ "
        "sơ vào sáng thứ Bảy.",
        "Bộ phận Một cửa đã tiếp nhận hồ sơ vào sáng thứ Bảy hằng tuần (7 giờ 30 đến 11 giờ 30) từ tháng này.",
    ),
]

CITY_FORWARDED = [
    DemoQuestion(
        "chuyen-ninhson",
        S.FORWARDED,
        12,
        "Môi trường",
        Question.Kind.FEEDBACK,
        "Cơ sở chăn nuôi heo gây ô nhiễm tại khu phố Ninh Phúc",
        "Cơ sở chăn nuôi heo trong khu dân cư khu phố Ninh Phúc, Phường Ninh Sơn xả nước thải ra mương chung, bốc mùi "
        "nặng. Đề nghị thành phố chỉ đạo kiểm tra.",
        forward_to="ninhson",
    ),
    DemoQuestion(
        "chuyen-binhminh",
        S.FORWARDED,
        25,
        "Giao thông",
        Question.Kind.PETITION,
        "Đường liên ấp Bình Trung – Bình Phú xuống cấp",
        "Đường liên ấp Bình Trung – Bình Phú (Xã Bình Minh) nhiều ổ gà, mùa mưa lầy lội. Kiến nghị sửa chữa.",
        forward_to="binhminh",
    ),
]


def _code(slug: str, key: str, year: int) -> str:
    digest = hashlib.sha256(f"demo:{slug}:{key}".encode()).digest()
    return f"HD-{year}-" + "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:6])


def _moment(received: int | dt.datetime) -> dt.datetime:
    if isinstance(received, dt.datetime):
        return timezone.make_aware(received)
    day = timezone.localdate() - dt.timedelta(days=received)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 30)))


def _working_days_after(moment: dt.datetime, days: int) -> dt.datetime:
    """Mid-morning of the working day `days` working days after `moment` (a board works on working days), never
    later than now."""
    day = add_working_days(moment, days)
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    return min(at, timezone.now())


def _board_member(unit: Unit):
    return (
        get_user_model()
        .objects.filter(groups__unit_role__unit=unit, groups__unit_role__role=UnitRole.BOARD)
        .order_by("pk")
        .first()
    )


def _topic(name: str) -> Topic:
    return Topic.objects.get(name=name, locale__language_code="vi")


def _event(question: Question, action: str, at: dt.datetime, actor=None, text: str = "") -> None:
    event = QuestionEvent.objects.create(question=question, action=action, actor=actor, text=text)
    QuestionEvent.objects.filter(pk=event.pk).update(created_at=at)


def _history(question: Question, received: dt.datetime, actor) -> None:
    """The events that led to the question's status, a few working days apart (never in the future)."""

    def step(days: int) -> dt.datetime:
        return _working_days_after(received, days)

    _event(question, QuestionEvent.Action.RECEIVED, received)
    status = question.status
    if status in (S.ASSIGNED, S.ANSWERED, S.PUBLISHED):
        whom = question.assigned_official or question.assigned_subunit
        _event(question, QuestionEvent.Action.ASSIGNED, step(1), actor, str(whom or ""))
    if status in (S.ANSWERED, S.PUBLISHED):
        _event(question, QuestionEvent.Action.ANSWERED, step(5), actor)
    if status == S.PUBLISHED:
        _event(question, QuestionEvent.Action.PUBLISHED, step(6), actor)
    if status == S.REJECTED:
        _event(question, QuestionEvent.Action.REJECTED, step(2), actor, question.rejection_reason)


def _create(
    unit: Unit,
    spec: DemoQuestion,
    number: int,
    forwarded_from: Question | None = None,
    forwarded_at: dt.datetime | None = None,
) -> Question | None:
    received = forwarded_at or _moment(spec.received)
    year = timezone.localtime(received).year
    code = _code(unit.slug, spec.key, year)
    if Question.objects.filter(tracking_code=code).exists():
        return None
    areas = list(Area.objects.filter(unit=unit).order_by("sort_order", "name"))
    name, phone, email = SENDERS[number % len(SENDERS)]
    topic = _topic(spec.topic)
    status = S.RECEIVED if forwarded_from else spec.status
    question = Question(
        unit=unit,
        tracking_code=code,
        kind=spec.kind,
        topic=topic,
        area=areas[spec.area % len(areas)] if areas and spec.area is not None else None,
        title=spec.title,
        content=spec.content,
        sender_name=name,
        sender_phone=phone,
        sender_email=email,
        sender_address=f"Số {12 + number * 7}, {areas[number % len(areas)].name if areas else unit.name}",
        consent_at=received,
        verification=Question.Verification.PROOF_OF_WORK if number % 3 else Question.Verification.NO_SCRIPT,
        status=status,
        deadline=answer_deadline(received, topic),
        forwarded_from=forwarded_from,
    )
    if status in (S.ASSIGNED, S.ANSWERED, S.PUBLISHED):
        question.assigned_official = Official.objects.filter(unit=unit).order_by("pk").first()
        question.assigned_subunit = SubUnit.objects.filter(unit=unit).order_by("pk").first()
    if status in (S.ANSWERED, S.PUBLISHED):
        question.answer = spec.answer
        question.answered_at = _working_days_after(received, 5)
        question.public_title = spec.public_title or spec.title
        question.public_content = spec.public_content or spec.content
    if status == S.PUBLISHED:
        question.published_at = _working_days_after(received, 6)
    if status == S.REJECTED:
        question.rejection_reason = spec.reason
    question.save()
    Question.objects.filter(pk=question.pk).update(received_at=received)
    question.received_at = received
    actor = _board_member(unit)
    if forwarded_from is None:
        _history(question, received, actor)
    return question


def _forward(city: Unit, target: Unit, spec: DemoQuestion, number: int) -> list[str]:
    original = _create(city, spec, number)
    if original is None:
        return []
    received = original.received_at
    moment = _working_days_after(received, 1)
    _event(original, QuestionEvent.Action.FORWARDED, moment, _board_member(city), f"Chuyển {target.name} giải quyết")
    copy = _create(target, spec, number, forwarded_from=original, forwarded_at=moment)
    _event(copy, QuestionEvent.Action.FORWARDED_IN, moment, None, f"Nhận từ {city.name} ({original.tracking_code})")
    return [f"Câu hỏi “{spec.title}”: {city.name} chuyển {target.name}"]


def load_questions_demo(units: dict[str, Unit]) -> list[str]:
    """Areas and questions in every state on the city, Phường Ninh Sơn and Xã Bình Minh (those present)."""
    lines: list[str] = []
    for slug, names in AREAS.items():
        unit = units.get(slug)
        if unit is None:
            continue
        added = 0
        for order, name in enumerate(names, start=1):
            _area, created = Area.objects.get_or_create(unit=unit, name=name, defaults={"sort_order": order})
            added += created
        if added:
            lines.append(f"{unit.name}: {added} khu phố, ấp")
    for slug in ("tayninh", "ninhson", "binhminh"):
        unit = units.get(slug)
        if unit is None:
            continue
        created = [q for number, spec in enumerate(COMMON) if (q := _create(unit, spec, number + len(slug)))]
        if created:
            lines.append(f"{unit.name}: {len(created)} câu hỏi, phản ánh")
    city = units.get("tayninh")
    if city is not None:
        for number, spec in enumerate(CITY_FORWARDED):
            target = units.get(spec.forward_to)
            if target is not None:
                lines += _forward(city, target, spec, number)
    return lines
