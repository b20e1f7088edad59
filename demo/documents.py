"""Demo content of the registry for `manage.py seed_demo`: about 70 documents across the city.

They use the reference types, sectors and national bodies of documents/migrations/0003_reference_data.py and the
units' own issuing bodies made by provisioning; the demo adds only the two local bodies it names. Idempotent:
documents are matched by (registry, number, issue date); nothing is changed or duplicated on a second run. Every
document gets a small PDF written in code (documents/pdf.py). Numbers, dates and titles are illustrative, written
the way Tây Ninh units number their documents; they are not real documents.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents.models import Document
from wagtail.models import Locale

from documents.models import (
    DocumentNature,
    DocumentSector,
    DocumentType,
    IssuingBody,
    LegalDocumentAttachment,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    LegalDocumentRelation,
    RelationKind,
    Signer,
)
from documents.pdf import simple_pdf
from documents.search import fold_number
from organization.models import Official

from .organization import leaders_for

if TYPE_CHECKING:
    from sites.models import Unit

# Bodies the demo's documents name besides the national ones (documents/migrations/0003_reference_data.py) and the
# units' own (documents/provisioning.py): (name, sort order), listed after the national bodies.
LOCAL_BODIES = (("UBND tỉnh Tây Ninh", 50), ("HĐND Thành phố Tây Ninh", 60))


@dataclass(frozen=True)
class DemoDocument:
    unit: str  # slug of the unit whose registry holds it
    type: str
    number: str
    issue: datetime.date
    abstract: str
    body: str = ""  # issuing body name; default: the unit's UBND
    sectors: tuple[str, ...] = ()
    signer: int | tuple[str, str] | None = None  # a rank among the unit's leaders, or an outside (name, position)
    effective: datetime.date | None = None
    expiry: datetime.date | None = None
    nature: str = DocumentNature.ADMINISTRATIVE
    relations: tuple[tuple[str, str], ...] = ()  # (kind, number of a document in the same registry)


D = datetime.date
# A document signed by the unit's own leader names them by rank among its current leaders (0: the chair or head, 1:
# the first deputy), so the signer is the person its leadership page shows (demo/organization.py makes them).
CHAIR = 0
DEPUTY = 1


def _ward_documents(slug: str, short: str) -> list[DemoDocument]:
    """Five documents every ward or commune issues in a year, numbered in its own series."""
    return [
        DemoDocument(
            slug,
            "Kế hoạch",
            "12/KH-UBND",
            D(2026, 1, 8),
            f"Về cải cách hành chính năm 2026 trên địa bàn {short}",
            sectors=("Cải cách hành chính",),
            signer=CHAIR,
        ),
        DemoDocument(
            slug,
            "Kế hoạch",
            "27/KH-UBND",
            D(2026, 2, 20),
            f"Thực hiện chuyển đổi số năm 2026 của {short}",
            sectors=("Chuyển đổi số",),
            signer=CHAIR,
        ),
        DemoDocument(
            slug,
            "Quyết định",
            "45/QĐ-UBND",
            D(2026, 3, 2),
            f"Về việc kiện toàn Ban Biên tập Cổng thông tin điện tử {short}",
            sectors=("Nội vụ",),
            signer=CHAIR,
        ),
        DemoDocument(
            slug,
            "Thông báo",
            "58/TB-UBND",
            D(2026, 4, 10),
            f"Lịch tiếp công dân định kỳ của Chủ tịch UBND {short} quý II năm 2026",
            sectors=("Cải cách hành chính",),
            signer=CHAIR,
        ),
        DemoDocument(
            slug,
            "Báo cáo",
            "96/BC-UBND",
            D(2026, 6, 25),
            f"Tình hình kinh tế – xã hội 6 tháng đầu năm 2026 của {short}",
            sectors=("Tài chính – Ngân sách",),
            signer=CHAIR,
        ),
    ]


WARD_SHORT_NAMES = {
    "phuong1": "Phường 1",
    "phuong2": "Phường 2",
    "phuong3": "Phường 3",
    "phuong4": "Phường IV",
    "hiepninh": "phường Hiệp Ninh",
    "ninhthanh": "phường Ninh Thạnh",
    "binhminh": "xã Bình Minh",
    "tanbinh": "xã Tân Bình",
    "thanhtan": "xã Thạnh Tân",
}

CITY = "tayninh"

DEMO_DOCUMENTS: tuple[DemoDocument, ...] = (
    # --- City: its own documents and the higher-level ones it posts for citizens ------------------------------
    DemoDocument(
        CITY,
        "Luật",
        "104/2016/QH13",
        D(2016, 4, 6),
        "Luật Tiếp cận thông tin",
        body="Quốc hội",
        effective=D(2018, 7, 1),
        nature=DocumentNature.NORMATIVE,
        sectors=("Nội vụ",),
    ),
    DemoDocument(
        CITY,
        "Nghị định",
        "42/2022/NĐ-CP",
        D(2022, 6, 24),
        "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng",
        body="Chính phủ",
        effective=D(2022, 8, 15),
        nature=DocumentNature.NORMATIVE,
        sectors=("Chuyển đổi số", "Cải cách hành chính"),
    ),
    DemoDocument(
        CITY,
        "Nghị định",
        "224/2026/NĐ-CP",
        D(2026, 5, 15),
        "Quy định về cổng thông tin điện tử và cung cấp thông tin trên môi trường mạng của cơ quan nhà nước",
        body="Chính phủ",
        effective=D(2026, 7, 1),
        nature=DocumentNature.NORMATIVE,
        sectors=("Chuyển đổi số",),
        relations=(("replaces", "42/2022/NĐ-CP"),),
    ),
    DemoDocument(
        CITY,
        "Nghị định",
        "30/2020/NĐ-CP",
        D(2020, 3, 5),
        "Về công tác văn thư",
        body="Chính phủ",
        nature=DocumentNature.NORMATIVE,
        sectors=("Nội vụ",),
    ),
    DemoDocument(
        CITY,
        "Quyết định",
        "18/2021/QĐ-UBND",
        D(2021, 6, 10),
        "Ban hành Quy chế quản lý, vận hành Cổng thông tin điện tử tỉnh Tây Ninh",
        body="UBND tỉnh Tây Ninh",
        effective=D(2021, 6, 25),
        nature=DocumentNature.NORMATIVE,
        sectors=("Chuyển đổi số",),
    ),
    DemoDocument(
        CITY,
        "Quyết định",
        "09/2026/QĐ-UBND",
        D(2026, 3, 18),
        "Sửa đổi, bổ sung một số điều của Quy chế quản lý, vận hành Cổng thông tin điện tử tỉnh Tây Ninh "
        "ban hành kèm theo Quyết định số 18/2021/QĐ-UBND",
        body="UBND tỉnh Tây Ninh",
        effective=D(2026, 4, 1),
        nature=DocumentNature.NORMATIVE,
        sectors=("Chuyển đổi số",),
        relations=(("amends", "18/2021/QĐ-UBND"),),
    ),
    DemoDocument(
        CITY,
        "Kế hoạch",
        "45/KH-UBND",
        D(2026, 1, 12),
        "Về cải cách hành chính năm 2026 trên địa bàn Thành phố Tây Ninh",
        sectors=("Cải cách hành chính",),
        signer=CHAIR,
    ),
    DemoDocument(
        CITY,
        "Hướng dẫn",
        "03/HD-UBND",
        D(2026, 1, 30),
        "Thực hiện Kế hoạch cải cách hành chính năm 2026 tại các phường, xã",
        sectors=("Cải cách hành chính",),
        signer=DEPUTY,
        relations=(("guides", "45/KH-UBND"),),
    ),
    DemoDocument(
        CITY,
        "Quyết định",
        "123/QĐ-UBND",
        D(2026, 2, 5),
        "Về việc công bố danh mục thủ tục hành chính thực hiện tiếp nhận hồ sơ trực tuyến toàn trình năm 2026",
        sectors=("Cải cách hành chính", "Chuyển đổi số"),
        signer=CHAIR,
    ),
    DemoDocument(
        CITY,
        "Quyết định",
        "87/QĐ-UBND",
        D(2025, 1, 20),
        "Về việc công bố danh mục thủ tục hành chính tiếp nhận hồ sơ trực tuyến năm 2025",
        sectors=("Cải cách hành chính",),
        signer=CHAIR,
        expiry=D(2026, 2, 5),
    ),
    DemoDocument(
        CITY,
        "Chỉ thị",
        "02/CT-UBND",
        D(2026, 1, 5),
        "Về tăng cường kỷ luật, kỷ cương hành chính, nâng cao chất lượng phục vụ người dân, doanh nghiệp",
        sectors=("Nội vụ", "Cải cách hành chính"),
        signer=CHAIR,
    ),
    DemoDocument(
        CITY,
        "Kế hoạch",
        "61/KH-UBND",
        D(2026, 2, 26),
        "Tổ chức các hoạt động kỷ niệm 100 năm Ngày Báo chí cách mạng Việt Nam trên địa bàn thành phố",
        sectors=("Văn hóa – Thể thao – Du lịch",),
        signer=DEPUTY,
    ),
    DemoDocument(
        CITY,
        "Quyết định",
        "210/QĐ-UBND",
        D(2026, 3, 9),
        "Phê duyệt điều chỉnh quy hoạch chi tiết tỷ lệ 1/500 Khu dân cư đường Bời Lời, phường Ninh Sơn",
        sectors=("Xây dựng – Đô thị", "Đất đai"),
        signer=DEPUTY,
    ),
    DemoDocument(
        CITY,
        "Thông báo",
        "77/TB-UBND",
        D(2026, 3, 20),
        "Kết luận của Chủ tịch UBND thành phố tại buổi làm việc về tiến độ giải phóng mặt bằng dự án "
        "đường Điện Biên Phủ nối dài",
        sectors=("Đất đai",),
        signer=CHAIR,
    ),
    DemoDocument(
        CITY,
        "Kế hoạch",
        "88/KH-UBND",
        D(2026, 4, 2),
        "Phòng, chống dịch sốt xuất huyết trên địa bàn thành phố năm 2026",
        sectors=("Y tế",),
        signer=DEPUTY,
    ),
    DemoDocument(
        CITY,
        "Quyết định",
        "356/QĐ-UBND",
        D(2026, 4, 15),
        "Giao dự toán ngân sách bổ sung cho các phường, xã năm 2026",
        sectors=("Tài chính – Ngân sách",),
        signer=CHAIR,
    ),
    DemoDocument(
        CITY,
        "Công văn",
        "1250/UBND-VP",
        D(2026, 5, 6),
        "Về việc cập nhật thông tin lên cổng thông tin điện tử thành phần theo Nghị định 224/2026/NĐ-CP",
        sectors=("Chuyển đổi số",),
        signer=DEPUTY,
    ),
    DemoDocument(
        CITY,
        "Kế hoạch",
        "102/KH-UBND",
        D(2026, 5, 12),
        "Tuyển sinh vào lớp 1, lớp 6 năm học 2026 – 2027 trên địa bàn thành phố",
        sectors=("Giáo dục – Đào tạo",),
        signer=DEPUTY,
    ),
    DemoDocument(
        CITY,
        "Quyết định",
        "498/QĐ-UBND",
        D(2026, 6, 1),
        "Ban hành Kế hoạch cải cách hành chính năm 2026 (sửa đổi)",
        sectors=("Cải cách hành chính",),
        signer=CHAIR,
        relations=(("amends", "45/KH-UBND"),),
    ),
    DemoDocument(
        CITY,
        "Tờ trình",
        "35/TTr-UBND",
        D(2026, 6, 10),
        "Đề nghị thông qua Nghị quyết về kế hoạch đầu tư công năm 2027 của thành phố",
        sectors=("Tài chính – Ngân sách",),
        signer=CHAIR,
    ),
    DemoDocument(
        CITY,
        "Nghị quyết",
        "15/NQ-HĐND",
        D(2025, 12, 18),
        "Về dự toán thu, chi ngân sách địa phương năm 2026",
        body="HĐND Thành phố Tây Ninh",
        sectors=("Tài chính – Ngân sách",),
        signer=("Trần Văn Thắng", "Chủ tịch HĐND thành phố"),
    ),
    DemoDocument(
        CITY,
        "Kế hoạch",
        "140/KH-UBND",
        D(2026, 12, 20),
        "Về cải cách hành chính năm 2027 trên địa bàn Thành phố Tây Ninh",
        effective=D(2027, 1, 1),
        sectors=("Cải cách hành chính",),
        signer=CHAIR,
    ),
    # --- Departments -----------------------------------------------------------------------------------------
    DemoDocument(
        "noivu",
        "Hướng dẫn",
        "05/HD-PNV",
        D(2026, 2, 3),
        "Chấm điểm cổng thông tin điện tử thành phần của các phường, xã năm 2026",
        sectors=("Nội vụ",),
        signer=CHAIR,
    ),
    DemoDocument(
        "noivu",
        "Thông báo",
        "12/TB-PNV",
        D(2026, 3, 25),
        "Kết quả kiểm tra công tác văn thư, lưu trữ quý I năm 2026",
        sectors=("Nội vụ",),
        signer=CHAIR,
    ),
    DemoDocument(
        "noivu",
        "Kế hoạch",
        "08/KH-PNV",
        D(2026, 4, 8),
        "Tuyển dụng công chức cấp xã năm 2026",
        sectors=("Nội vụ",),
        signer=CHAIR,
    ),
    DemoDocument(
        "vanhoa",
        "Kế hoạch",
        "14/KH-PVHTT",
        D(2026, 1, 22),
        "Tổ chức Hội Xuân Bính Ngọ năm 2026 tại Công viên Văn hóa Thành phố",
        sectors=("Văn hóa – Thể thao – Du lịch",),
        signer=CHAIR,
    ),
    DemoDocument(
        "vanhoa",
        "Công văn",
        "86/PVHTT",
        D(2026, 3, 3),
        "Về việc tuyên truyền Lễ hội Xuân Núi Bà Đen năm 2026",
        sectors=("Văn hóa – Thể thao – Du lịch",),
        signer=CHAIR,
    ),
    # --- Phường Ninh Sơn: a fuller registry, with a replaced plan ------------------------------------------------
    DemoDocument(
        "ninhson",
        "Kế hoạch",
        "12/KH-UBND",
        D(2026, 1, 8),
        "Về cải cách hành chính năm 2026 trên địa bàn phường Ninh Sơn",
        sectors=("Cải cách hành chính",),
        signer=CHAIR,
    ),
    DemoDocument(
        "ninhson",
        "Kế hoạch",
        "33/KH-UBND",
        D(2026, 3, 16),
        "Về cải cách hành chính năm 2026 trên địa bàn phường Ninh Sơn (thay thế Kế hoạch số 12/KH-UBND)",
        sectors=("Cải cách hành chính",),
        signer=CHAIR,
        relations=(("replaces", "12/KH-UBND"),),
    ),
    DemoDocument(
        "ninhson",
        "Quyết định",
        "45/QĐ-UBND",
        D(2026, 3, 2),
        "Về việc kiện toàn Ban Biên tập Cổng thông tin điện tử phường Ninh Sơn",
        sectors=("Nội vụ",),
        signer=CHAIR,
    ),
    DemoDocument(
        "ninhson",
        "Thông báo",
        "58/TB-UBND",
        D(2026, 4, 10),
        "Lịch tiếp công dân định kỳ của Chủ tịch UBND phường Ninh Sơn quý II năm 2026",
        sectors=("Cải cách hành chính",),
        signer=CHAIR,
    ),
    DemoDocument(
        "ninhson",
        "Kế hoạch",
        "64/KH-UBND",
        D(2026, 4, 22),
        "Ra quân tổng vệ sinh môi trường, phòng chống sốt xuất huyết tại 7 khu phố",
        sectors=("Y tế", "Tài nguyên – Môi trường"),
        signer=CHAIR,
    ),
    DemoDocument(
        "ninhson",
        "Quyết định",
        "71/QĐ-UBND",
        D(2026, 5, 5),
        "Về việc thành lập Tổ công nghệ số cộng đồng tại các khu phố",
        sectors=("Chuyển đổi số",),
        signer=CHAIR,
    ),
    DemoDocument(
        "ninhson",
        "Báo cáo",
        "96/BC-UBND",
        D(2026, 6, 25),
        "Tình hình kinh tế – xã hội 6 tháng đầu năm 2026 của phường Ninh Sơn",
        sectors=("Tài chính – Ngân sách",),
        signer=CHAIR,
    ),
    DemoDocument(
        "ninhson",
        "Công văn",
        "210/UBND",
        D(2026, 5, 28),
        "Về việc lấy ý kiến Nhân dân về dự thảo chỉnh trang đường Bời Lời",
        sectors=("Xây dựng – Đô thị",),
        signer=CHAIR,
    ),
    *(document for slug, short in WARD_SHORT_NAMES.items() for document in _ward_documents(slug, short)),
)


def _reference(model, names) -> dict[str, object]:
    """The reference rows (created by the registry's data migration) the demo names, by name."""
    found = {obj.name: obj for obj in model.objects.filter(locale=Locale.get_default(), name__in=names)}
    missing = sorted(set(names) - set(found))
    if missing:
        raise LookupError(f"{model._meta.verbose_name} thiếu trong dữ liệu danh mục: {', '.join(missing)}")
    return found


def _issuing_bodies(units: dict[str, Unit]) -> dict[str, IssuingBody]:
    """Every body the demo documents name, by name, and each unit's own body (made by provisioning) by its slug."""
    locale = Locale.get_default()
    local = {name for name, _order in LOCAL_BODIES}
    bodies = _reference(IssuingBody, {spec.body for spec in DEMO_DOCUMENTS if spec.body} - local)
    for name, order in LOCAL_BODIES:
        body = IssuingBody.objects.filter(name=name, locale=locale).first()
        bodies[name] = body or IssuingBody.objects.create(name=name, locale=locale, sort_order=order)
    for slug, unit in units.items():
        bodies[slug] = IssuingBody.objects.filter(unit=unit, locale=locale).order_by("pk").first()
    return bodies


def _signer(unit: Unit, person: int | tuple[str, str] | None) -> Signer | None:
    if person is None:
        return None
    if isinstance(person, int):
        person = _leaders(unit)[person]
    signer, _created = Signer.objects.get_or_create(unit=unit, name=person[0], position=person[1])
    return signer


def _leaders(unit: Unit) -> list[tuple[str, str]]:
    """(name, position) of the unit's current leaders in order: those on its leadership page, or, before the
    organisation demo has made them, those it would make."""
    rows = Official.objects.filter(unit=unit, is_leader=True, locale=Locale.get_default()).current()
    leaders = list(rows.order_by("sort_order", "name").values_list("name", "position"))
    return leaders or [(leader.name, leader.position) for leader in leaders_for(unit)]


def _attachment(unit: Unit, spec: DemoDocument, type_name: str) -> Document:
    file_name = f"{fold_number(spec.number).replace('/', '-')}-{spec.issue.year}.pdf"
    pdf = simple_pdf(
        [
            unit.name,
            f"{type_name} so {spec.number}",
            f"Ngay {spec.issue.day}/{spec.issue.month}/{spec.issue.year}",
            spec.abstract,
            "Ban dien tu dang tren Cong thong tin dien tu (du lieu minh hoa).",
        ]
    )
    document = Document(title=f"{type_name} {spec.number}", collection=unit.collection)
    document.file.save(file_name, ContentFile(pdf), save=False)
    document.save()
    return document


def load_demo(units: dict[str, Unit]) -> list[str]:
    """Create the demo documents for the given units (by slug); returns lines to print."""
    with transaction.atomic():
        types = _reference(DocumentType, {spec.type for spec in DEMO_DOCUMENTS})
        sectors = _reference(DocumentSector, {name for spec in DEMO_DOCUMENTS for name in spec.sectors})
        bodies = _issuing_bodies(units)
        registries = {
            slug: LegalDocumentIndexPage.objects.filter(path__startswith=unit.home_page.path).first()
            for slug, unit in units.items()
        }
        created = 0
        by_number: dict[tuple[str, str], LegalDocumentPage] = {}
        for spec in DEMO_DOCUMENTS:
            unit, registry = units.get(spec.unit), registries.get(spec.unit)
            if unit is None or registry is None:
                continue
            existing = (
                LegalDocumentPage.objects.descendant_of(registry)
                .filter(number_folded=fold_number(spec.number), issue_date=spec.issue)
                .first()
            )
            if existing is not None:
                by_number[(spec.unit, spec.number)] = existing
                continue
            document_type = types[spec.type]
            page = LegalDocumentPage(
                title=f"{spec.type} số {spec.number} {spec.abstract[0].lower()}{spec.abstract[1:]}"[:255],
                number=spec.number,
                document_type=document_type,
                issuing_body=bodies[spec.body or spec.unit],
                signer=_signer(unit, spec.signer),
                issue_date=spec.issue,
                effective_date=spec.effective,
                expiry_date=spec.expiry,
                nature=spec.nature,
                abstract=spec.abstract,
                search_description=spec.abstract,
            )
            page.sectors = [sectors[name] for name in spec.sectors]
            page.attachments = [LegalDocumentAttachment(document=_attachment(unit, spec, spec.type))]
            page.relations = [
                LegalDocumentRelation(kind=RelationKind(kind), target=by_number[(spec.unit, number)])
                for kind, number in spec.relations
                if (spec.unit, number) in by_number
            ]
            registry.add_child(instance=page)
            page.save_revision().publish()
            by_number[(spec.unit, spec.number)] = page
            created += 1
    if not created:
        return []  # nothing added: a second seed run reports no change
    total = LegalDocumentPage.objects.count()
    return [f"Văn bản: tạo {created} văn bản mới; tổng cộng {total} văn bản trong các danh mục."]
