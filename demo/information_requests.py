"""Demo access to information for `manage.py seed_demo`: the disclosure page's introduction and information focal
point (Decree 13/2018 Art. 11) of the city, Phường Ninh Sơn, Xã Bình Minh and Sở Nội vụ, and information requests
(Law on Access to Information 2016 Art. 24) on Ninh Sơn and the city: one answered, one open, one overdue.
Phường Hiệp Ninh keeps no focal point: its page shows the gap (“Chưa chỉ định đầu mối”).

Idempotent: the focal point is a named official of the unit, requests are matched by their tracking code. Names,
numbers and addresses are invented.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from disclosure.information import DisclosurePage
from organization.models import Official
from participation.models import Question, QuestionEvent
from participation.submissions import answer_deadline
from sites.models import Unit, UnitSection

INTRO = "Danh mục thông tin {name} công khai, người làm đầu mối và cách yêu cầu cung cấp thông tin chưa công khai."
FOCAL_POINTS = {
    "tayninh": ("Đặng Thị Kim Thoa", "Chuyên viên Văn phòng HĐND và UBND thành phố", "0276 3822 171"),
    "ninhson": ("Nguyễn Thị Thanh Trúc", "Công chức Văn phòng – Thống kê", "0276 3821 115"),
    "binhminh": ("Lâm Văn Sang", "Công chức Văn phòng – Thống kê", "0276 3855 102"),
    "noivu": ("Trương Ngọc Hân", "Chuyên viên Văn phòng Sở", "0276 3827 340"),
}
NO_FOCAL_POINT = "hiepninh"  # the unit with the gap

# (code suffix, unit, days before today it was received, status, title, content, purpose, delivery, answer)
REQUESTS = (
    (
        "YCTT2A",
        "ninhson",
        30,
        Question.Status.ANSWERED,
        "Kế hoạch sử dụng đất năm 2026 của phường Ninh Sơn",
        "Danh mục công trình, dự án thực hiện trong năm 2026 và bản đồ kế hoạch sử dụng đất của phường.",
        "Tìm hiểu trước khi xin giấy phép xây dựng nhà ở tại khu phố Ninh Phúc.",
        Question.Delivery.EMAIL,
        "Phường gửi kèm Quyết định phê duyệt kế hoạch sử dụng đất năm 2026 và bản đồ; thông tin này cũng đã được "
        "đăng ở chuyên mục Chiến lược – Quy hoạch – Kế hoạch.",
    ),
    (
        "YCTT3B",
        "ninhson",
        2,
        Question.Status.RECEIVED,
        "Báo cáo quyết toán ngân sách phường năm 2025",
        "Báo cáo quyết toán thu, chi ngân sách năm 2025 của Ủy ban nhân dân phường Ninh Sơn.",
        "Phục vụ nghiên cứu của sinh viên ngành tài chính công.",
        Question.Delivery.COPY_IN_PLACE,
        "",
    ),
    (
        "YCTT4C",
        "ninhson",
        40,
        Question.Status.ASSIGNED,
        "Phương án bồi thường dự án nâng cấp đường Bời Lời",
        "Phương án bồi thường, hỗ trợ, tái định cư đã được phê duyệt của dự án nâng cấp đường Bời Lời.",
        "Gia đình có đất bị thu hồi, cần biết mức bồi thường.",
        Question.Delivery.POST,
        "",
    ),
    (
        "YCTT5D",
        "tayninh",
        5,
        Question.Status.RECEIVED,
        "Danh mục dự án đầu tư công năm 2026 của thành phố",
        "Danh mục dự án đầu tư công khởi công mới năm 2026, tổng mức đầu tư và nguồn vốn.",
        "Doanh nghiệp tìm hiểu để chuẩn bị tham gia đấu thầu.",
        Question.Delivery.READ_IN_PLACE,
        "",
    ),
)
REQUESTERS = (
    ("Hồ Thị Mỹ Duyên", "0903 118 245", "myduyen.ho@example.vn", "079190004512"),
    ("Cao Văn Lực", "0977 420 316", "", "072088006321"),
    ("Đinh Thị Hồng Nhung", "0915 664 208", "hongnhung.dinh@example.vn", "072192003387"),
    ("Mai Quốc Bảo", "0938 702 154", "quocbao.mai@example.vn", "079087001149"),
)


def _disclosure_page(unit: Unit) -> DisclosurePage | None:
    section = UnitSection.objects.filter(unit=unit, key="disclosure").select_related("page").first()
    return section.page.specific if section is not None and isinstance(section.page.specific, DisclosurePage) else None


def load_focal_points(units: dict[str, Unit]) -> list[str]:
    lines = []
    for slug, unit in units.items():
        page = _disclosure_page(unit)
        if page is None:
            continue
        changed = False
        if not page.intro:
            page.intro = INTRO.format(name=unit.name)
            changed = True
        focal = FOCAL_POINTS.get(slug)
        if focal is not None and page.focal_point_id is None:
            name, position, phone = focal
            official, _created = Official.objects.get_or_create(
                unit=unit,
                name=name,
                defaults={
                    "position": position,
                    "phone": phone,
                    "email": f"tiepcanthongtin@{slug}.tayninh.gov.vn",
                    "is_contact": True,
                    "is_leader": False,  # a civil servant of the office, not a leader of the unit
                    "sort_order": 80,
                },
            )
            page.focal_point = official
            changed = True
        if changed:
            page.save_revision().publish()
            lines.append(
                f"{unit.name}: trang công khai thông tin"
                + (f", đầu mối {page.focal_point.name}" if page.focal_point_id else ", chưa chỉ định đầu mối")
            )
    return lines


def load_requests(units: dict[str, Unit]) -> list[str]:
    added: dict[str, int] = {}
    now = timezone.now()
    for index, (suffix, slug, days, status, title, content, purpose, delivery, answer) in enumerate(REQUESTS):
        unit = units.get(slug)
        if unit is None:
            continue
        code = f"HD-{timezone.localdate().year}-{suffix}"
        if Question.objects.filter(tracking_code=code).exists():
            continue
        received = now - dt.timedelta(days=days)
        name, phone, email, id_number = REQUESTERS[index % len(REQUESTERS)]
        request = Question.objects.create(
            unit=unit,
            kind=Question.Kind.INFORMATION_REQUEST,
            tracking_code=code,
            title=title,
            content=content,
            sender_name=name,
            sender_phone=phone,
            sender_email=email,
            sender_address=f"Khu phố {index + 1}, {unit.name}",
            requester_id_number=id_number,
            request_purpose=purpose,
            delivery=delivery,
            consent_at=received,
            status=status,
            deadline=answer_deadline(received, None, Question.Kind.INFORMATION_REQUEST),
            answer=answer,
            answered_at=received + dt.timedelta(days=6) if answer else None,
            verification=Question.Verification.PROOF_OF_WORK,
        )
        Question.objects.filter(pk=request.pk).update(received_at=received)
        QuestionEvent.objects.create(question=request, action=QuestionEvent.Action.RECEIVED)
        if status == Question.Status.ASSIGNED:
            QuestionEvent.objects.create(
                question=request, action=QuestionEvent.Action.ASSIGNED, text="Giao Công chức Địa chính – Xây dựng"
            )
        if answer:
            QuestionEvent.objects.create(question=request, action=QuestionEvent.Action.ANSWERED, text=answer)
        added[unit.name] = added.get(unit.name, 0) + 1
    return [f"{name}: {count} yêu cầu cung cấp thông tin" for name, count in added.items()]


def load_information_demo(units: dict[str, Unit]) -> list[str]:
    """Focal points and the disclosure page's introduction, then the information requests."""
    return load_focal_points(units) + load_requests(units)
