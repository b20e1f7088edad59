"""Demo disclosure items for `manage.py seed_demo`: plans, a public investment project with its procurement and
land recovery notices, a year of budget reports, statistics and a science programme.

The city publishes its yearly budget reports, statistics, plans and a programme; Phường Ninh Sơn publishes a full
year of budget reports and a school project with its notices; Phường Hiệp Ninh has gaps (its six-monthly and
third-quarter reports are missing) so the finance page shows “chưa công bố”; Xã Bình Minh publishes its plans.
Idempotent: items are matched by their address in their section; nothing is changed or duplicated on a second run.
Names, numbers and amounts are illustrative, not real decisions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents.models import Document

from disclosure.items import DisclosureItemFile, DisclosureItemPage, item_slug
from documents.models import LegalDocumentPage
from documents.pdf import simple_pdf
from documents.search import fold_number
from home.slugs import slugify_vietnamese

if TYPE_CHECKING:
    from sites.models import Unit

D = datetime.date


@dataclass(frozen=True)
class DemoItem:
    unit: str
    section: str
    kind: str
    title: str
    issued_on: datetime.date
    summary: str = ""
    year: int | None = None
    period: str = ""
    decision_number: str = ""
    extra: dict = field(default_factory=dict)
    project: str = ""  # title of the project (same unit) a notice belongs to


def _budget_year(unit: str, short: str, *, gaps: bool) -> list[DemoItem]:
    """A ward's budget reports from the 2025 year-end to the third quarter of 2026 (`gaps`: some left out)."""
    items = [
        DemoItem(
            unit,
            "finance",
            "budget_execution",
            f"Báo cáo tình hình thực hiện dự toán ngân sách năm 2025 của {short}",
            D(2025, 12, 18),
            "Ước thực hiện thu, chi ngân sách năm 2025 trình HĐND kỳ họp cuối năm.",
            2025,
            "year",
            "215/BC-UBND",
        ),
        DemoItem(
            unit,
            "finance",
            "budget_execution",
            f"Báo cáo thực hiện dự toán ngân sách quý IV/2025 của {short}",
            D(2026, 1, 12),
            "Thu, chi ngân sách quý IV năm 2025.",
            2025,
            "q4",
            "08/BC-UBND",
        ),
        DemoItem(
            unit,
            "finance",
            "budget_estimate",
            f"Dự toán ngân sách năm 2026 của {short}",
            D(2026, 1, 9),
            "Dự toán thu, chi ngân sách năm 2026 đã được HĐND quyết định.",
            2026,
            "year",
            "05/QĐ-UBND",
        ),
        DemoItem(
            unit,
            "finance",
            "budget_execution",
            f"Báo cáo thực hiện dự toán ngân sách quý I/2026 của {short}",
            D(2026, 4, 10),
            "Thu, chi ngân sách quý I năm 2026.",
            2026,
            "q1",
            "61/BC-UBND",
        ),
        DemoItem(
            unit,
            "finance",
            "budget_execution",
            f"Báo cáo thực hiện dự toán ngân sách quý II/2026 của {short}",
            D(2026, 7, 10),
            "Thu, chi ngân sách quý II năm 2026.",
            2026,
            "q2",
            "112/BC-UBND",
        ),
        DemoItem(
            unit,
            "finance",
            "budget_execution",
            f"Báo cáo thực hiện dự toán ngân sách 6 tháng đầu năm 2026 của {short}",
            D(2026, 7, 10),
            "Thu, chi ngân sách 6 tháng đầu năm 2026.",
            2026,
            "h1",
            "113/BC-UBND",
        ),
        DemoItem(
            unit,
            "finance",
            "budget_settlement",
            f"Quyết toán ngân sách năm 2025 của {short}",
            D(2026, 7, 20),
            "Quyết toán thu, chi ngân sách năm 2025 đã được HĐND phê chuẩn.",
            2025,
            "year",
            "131/QĐ-UBND",
        ),
        DemoItem(
            unit,
            "finance",
            "budget_execution",
            f"Báo cáo thực hiện dự toán ngân sách quý III/2026 của {short}",
            D(2026, 10, 9),
            "Thu, chi ngân sách quý III năm 2026.",
            2026,
            "q3",
            "170/BC-UBND",
        ),
    ]
    if gaps:
        left_out = {"q2", "h1", "q3", "q4"}  # neither the second quarter's nor the six-month report (one report)
        items = [item for item in items if item.period not in left_out and item.kind != "budget_settlement"]
    return items


SCHOOL = "Xây dựng Trường Tiểu học Ninh Sơn, điểm khu phố Ninh Phúc"

DEMO_ITEMS: tuple[DemoItem, ...] = (
    # The city
    DemoItem(
        "tayninh",
        "plans",
        "socio_economic_plan",
        "Kế hoạch phát triển kinh tế – xã hội năm 2026 của Thành phố Tây Ninh",
        D(2025, 12, 20),
        "Chỉ tiêu tăng trưởng, thu ngân sách, đô thị hóa và an sinh xã hội năm 2026.",
        2026,
        "year",
        "3120/QĐ-UBND",
    ),
    DemoItem(
        "tayninh",
        "plans",
        "land_use_plan",
        "Kế hoạch sử dụng đất năm 2026 của Thành phố Tây Ninh",
        D(2026, 1, 15),
        "Diện tích đất thu hồi, chuyển mục đích sử dụng và công trình, dự án thực hiện năm 2026.",
        2026,
        "year",
        "152/QĐ-UBND",
    ),
    DemoItem(
        "tayninh",
        "plans",
        "planning",
        "Quy hoạch chung Thành phố Tây Ninh đến năm 2040",
        D(2025, 6, 30),
        "Định hướng phát triển không gian đô thị, hạ tầng kỹ thuật và hạ tầng xã hội đến năm 2040.",
        decision_number="210/QĐ-UBND",
    ),
    DemoItem(
        "tayninh",
        "projects",
        "project",
        "Nâng cấp, mở rộng đường Bời Lời (đoạn từ đường 30/4 đến cầu Quan)",
        D(2025, 3, 12),
        "Mở rộng mặt đường lên 4 làn xe, vỉa hè, chiếu sáng và thoát nước.",
        decision_number="410/QĐ-UBND",
        extra={
            "sector": "Giao thông",
            "objective": "Giảm ùn tắc, bảo đảm thoát nước và an toàn giao thông.",
            "investor": "Ban Quản lý dự án đầu tư xây dựng Thành phố Tây Ninh",
            "location": "Phường Ninh Sơn và Phường 3, Thành phố Tây Ninh",
            "total_capital": Decimal("86500000000"),
            "funding_source": "Ngân sách tỉnh và ngân sách thành phố",
            "start_date": D(2025, 6, 1),
            "end_date": D(2027, 6, 30),
            "project_status": "underway",
        },
    ),
    DemoItem(
        "tayninh",
        "finance",
        "budget_estimate",
        "Dự toán ngân sách năm 2026 của Thành phố Tây Ninh",
        D(2025, 12, 22),
        "Dự toán thu, chi ngân sách thành phố năm 2026 đã được HĐND thành phố quyết định.",
        2026,
        "year",
        "15/NQ-HĐND",
    ),
    DemoItem(
        "tayninh",
        "finance",
        "budget_execution",
        "Báo cáo tình hình thực hiện ngân sách năm 2025 của Thành phố Tây Ninh",
        D(2025, 12, 15),
        "Ước thực hiện thu, chi ngân sách năm 2025.",
        2025,
        "year",
        "402/BC-UBND",
    ),
    DemoItem(
        "tayninh",
        "finance",
        "budget_settlement",
        "Quyết toán ngân sách năm 2025 của Thành phố Tây Ninh",
        D(2026, 7, 15),
        "Quyết toán thu, chi ngân sách năm 2025 đã được HĐND thành phố phê chuẩn.",
        2025,
        "year",
        "1720/QĐ-UBND",
    ),
    DemoItem(
        "tayninh",
        "statistics",
        "statistics",
        "Dân số và lao động Thành phố Tây Ninh năm 2025",
        D(2026, 3, 20),
        "Dân số trung bình 154.200 người; lực lượng lao động 96.800 người; tỷ lệ hộ nghèo 0,42%.",
        2025,
        "year",
        extra={
            "methodology": "Tổng hợp từ báo cáo của các phường, xã và điều tra biến động dân số 1/4/2025.",
            "code": "TK-DS-2025",
        },
    ),
    DemoItem(
        "tayninh",
        "statistics",
        "statistics",
        "Tình hình kinh tế – xã hội 6 tháng đầu năm 2026",
        D(2026, 7, 8),
        "Tổng thu ngân sách đạt 58% dự toán; giá trị sản xuất công nghiệp tăng 9,1%.",
        2026,
        "h1",
        extra={
            "methodology": "Số liệu ước tính theo phương pháp của Tổng cục Thống kê; số liệu chính thức sau 3 tháng."
        },
    ),
    DemoItem(
        "tayninh",
        "statistics",
        "statistics",
        "Tình hình kinh tế – xã hội quý III năm 2026",
        D(2026, 10, 6),
        "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tăng 11,3% so với cùng kỳ.",
        2026,
        "q3",
        extra={"methodology": "Số liệu ước tính quý; điều chỉnh trong báo cáo năm."},
    ),
    DemoItem(
        "tayninh",
        "science",
        "science",
        "Ứng dụng công nghệ số trong quản lý đô thị thông minh Thành phố Tây Ninh",
        D(2026, 2, 10),
        "Đề tài cấp thành phố về bản đồ số hạ tầng và phản ánh hiện trường.",
        2026,
        "year",
        extra={
            "code": "ĐT-TN-2026-01",
            "level": "Cấp thành phố",
            "lead_organisation": "Phòng Văn hóa, Khoa học và Thông tin",
            "start_date": D(2026, 3, 1),
            "end_date": D(2027, 2, 28),
            "result": "Đang thực hiện; nghiệm thu dự kiến quý I/2027.",
        },
    ),
    # Phường Ninh Sơn: plans, a school project with its notices, a full year of budget reports
    DemoItem(
        "ninhson",
        "plans",
        "socio_economic_plan",
        "Kế hoạch phát triển kinh tế – xã hội năm 2026 của Phường Ninh Sơn",
        D(2025, 12, 26),
        "Mục tiêu, chỉ tiêu và giải pháp phát triển kinh tế – xã hội năm 2026.",
        2026,
        "year",
        "210/KH-UBND",
    ),
    DemoItem(
        "ninhson",
        "plans",
        "land_use_plan",
        "Kế hoạch sử dụng đất năm 2026 trên địa bàn Phường Ninh Sơn",
        D(2026, 1, 20),
        "Các công trình, dự án thu hồi đất và chuyển mục đích sử dụng đất năm 2026.",
        2026,
        "year",
        "14/KH-UBND",
    ),
    DemoItem(
        "ninhson",
        "projects",
        "project",
        SCHOOL,
        D(2026, 2, 5),
        "Xây mới 12 phòng học, nhà đa năng và sân chơi cho 450 học sinh.",
        decision_number="33/QĐ-UBND",
        extra={
            "sector": "Giáo dục",
            "objective": "Bảo đảm đủ phòng học một ca cho học sinh khu phố Ninh Phúc.",
            "investor": "UBND Phường Ninh Sơn",
            "location": "Khu phố Ninh Phúc, Phường Ninh Sơn",
            "total_capital": Decimal("12500000000"),
            "funding_source": "Ngân sách thành phố hỗ trợ có mục tiêu",
            "start_date": D(2026, 5, 1),
            "end_date": D(2027, 8, 15),
            "project_status": "underway",
        },
    ),
    DemoItem(
        "ninhson",
        "projects",
        "procurement",
        "Kế hoạch lựa chọn nhà thầu dự án xây dựng Trường Tiểu học Ninh Sơn",
        D(2026, 2, 25),
        "Ba gói thầu: tư vấn thiết kế, thi công xây dựng, giám sát thi công.",
        decision_number="41/QĐ-UBND",
        project=SCHOOL,
    ),
    DemoItem(
        "ninhson",
        "projects",
        "procurement",
        "Thông báo mời thầu gói thầu thi công xây dựng Trường Tiểu học Ninh Sơn",
        D(2026, 3, 20),
        "Đấu thầu rộng rãi qua mạng; giá gói thầu 10.200.000.000 đồng.",
        project=SCHOOL,
        extra={"closing_date": D(2026, 4, 10)},
    ),
    DemoItem(
        "ninhson",
        "projects",
        "procurement",
        "Kết quả lựa chọn nhà thầu gói thầu thi công xây dựng Trường Tiểu học Ninh Sơn",
        D(2026, 4, 24),
        "Nhà thầu trúng thầu: Công ty TNHH Xây dựng Tây Ninh; giá trúng thầu 9.870.000.000 đồng.",
        decision_number="75/QĐ-UBND",
        project=SCHOOL,
    ),
    DemoItem(
        "ninhson",
        "projects",
        "land_recovery",
        "Thông báo thu hồi đất thực hiện dự án Trường Tiểu học Ninh Sơn",
        D(2026, 3, 5),
        "Thu hồi 2.350 m² đất của 6 hộ gia đình; phương án bồi thường, hỗ trợ niêm yết tại khu phố.",
        decision_number="52/TB-UBND",
        project=SCHOOL,
    ),
    *_budget_year("ninhson", "Phường Ninh Sơn", gaps=False),
    # Phường Hiệp Ninh: gaps in its budget reports
    DemoItem(
        "hiepninh",
        "plans",
        "socio_economic_plan",
        "Kế hoạch phát triển kinh tế – xã hội năm 2026 của phường Hiệp Ninh",
        D(2025, 12, 24),
        "Chỉ tiêu thu ngân sách, chỉnh trang đô thị và giảm nghèo năm 2026.",
        2026,
        "year",
    ),
    *_budget_year("hiepninh", "phường Hiệp Ninh", gaps=True),
    # Xã Bình Minh: plans and its yearly estimate
    DemoItem(
        "binhminh",
        "plans",
        "socio_economic_plan",
        "Kế hoạch phát triển kinh tế – xã hội năm 2026 của xã Bình Minh",
        D(2025, 12, 27),
        "Phát triển nông nghiệp công nghệ cao, du lịch sinh thái ven hồ Dầu Tiếng.",
        2026,
        "year",
    ),
    DemoItem(
        "binhminh",
        "plans",
        "land_use_plan",
        "Kế hoạch sử dụng đất năm 2026 của xã Bình Minh",
        D(2026, 1, 22),
        "Chuyển mục đích sử dụng đất nông nghiệp cho các công trình công cộng.",
        2026,
        "year",
    ),
    DemoItem(
        "binhminh",
        "finance",
        "budget_estimate",
        "Dự toán ngân sách năm 2026 của xã Bình Minh",
        D(2026, 1, 8),
        "Dự toán thu, chi ngân sách xã năm 2026.",
        2026,
        "year",
    ),
)


def _file(unit: Unit, spec: DemoItem) -> Document:
    lines = [unit.name, spec.title, f"Ngay {spec.issued_on.day}/{spec.issued_on.month}/{spec.issued_on.year}"]
    if spec.decision_number:
        lines.append(f"So {spec.decision_number}")
    lines.append("Ban dien tu dang tren Cong thong tin dien tu (du lieu minh hoa).")
    document = Document(title=spec.title[:255], collection=unit.collection)
    document.file.save(f"{slugify_vietnamese(spec.title, 80)}.pdf", ContentFile(simple_pdf(lines)), save=False)
    document.save()
    return document


def _decision(unit: Unit, number: str) -> LegalDocumentPage | None:
    """The unit's own registry page for a decision number, when the documents demo made one."""
    if not number:
        return None
    return (
        LegalDocumentPage.objects.live()
        .filter(path__startswith=unit.home_page.path, number_folded=fold_number(number))
        .first()
    )


def load_demo(units: dict[str, Unit]) -> list[str]:
    """Create the demo disclosure items for the given units (by slug); returns lines to print."""
    created = 0
    with transaction.atomic():
        projects: dict[tuple[str, str], DisclosureItemPage] = {}
        for spec in sorted(DEMO_ITEMS, key=lambda s: bool(s.project)):  # projects before their notices
            unit = units.get(spec.unit)
            section = unit.sections.filter(key=spec.section).select_related("page").first() if unit else None
            if section is None:
                continue
            parent = section.page.specific
            slug = item_slug(spec.title)
            existing = DisclosureItemPage.objects.child_of(parent).filter(slug=slug).first()
            if existing is not None:
                if spec.kind == "project":
                    projects[(spec.unit, spec.title)] = existing
                continue
            page = DisclosureItemPage(
                title=spec.title,
                slug=slug,
                kind=spec.kind,
                summary=spec.summary,
                search_description=spec.summary,
                issued_on=spec.issued_on,
                period_year=spec.year,
                period=spec.period,
                decision_number=spec.decision_number,
                decision_document=_decision(unit, spec.decision_number),
                related_project=projects.get((spec.unit, spec.project)),
                **spec.extra,
            )
            page.files = [DisclosureItemFile(document=_file(unit, spec), title=f"Toàn văn {spec.title[:200]}")]
            parent.add_child(instance=page)
            page.save_revision().publish()
            if spec.kind == "project":
                projects[(spec.unit, spec.title)] = page
            created += 1
    if not created:
        return []
    return [f"Công khai thông tin: tạo {created} mục (kế hoạch, dự án, ngân sách, thống kê)."]
