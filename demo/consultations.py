"""Demo draft consultations: on the city, Phường Ninh Sơn, Phường Hiệp Ninh and Xã Tân Bình, drafts that are open,
upcoming, closed and reported (dates relative to the day of seeding, so the states hold), each with its draft file,
and citizens' comments pending, approved and rejected; the reported one with its response report and the handling
of each comment. Illustrative content, not real drafts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents.models import Document

from documents.pdf import simple_pdf
from participation.models import ConsultationComment, ConsultationIndexPage, ConsultationPage
from search.text import fold
from sites.models import Unit


@dataclass(frozen=True)
class DemoComment:
    content: str
    status: str = "pending"
    name: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""
    show_name: bool = False
    response: str = ""


@dataclass(frozen=True)
class DemoConsultation:
    unit: str
    title: str
    slug: str
    intro: str
    text: str
    drafting_body: str
    opens_in_days: int
    closes_in_days: int
    report: str = ""
    comments: tuple[DemoComment, ...] = field(default_factory=tuple)


DEMO_CONSULTATIONS = (
    DemoConsultation(
        unit="ninhson",
        title="Dự thảo Quy chế quản lý chợ Ninh Sơn",
        slug="du-thao-quy-che-quan-ly-cho-ninh-son",
        intro=(
            "Quy định việc bố trí sạp hàng, giờ họp chợ, thu phí sử dụng diện tích bán hàng, phòng cháy chữa cháy "
            "và vệ sinh môi trường tại chợ Ninh Sơn."
        ),
        text=(
            "<h2>Chương I. Quy định chung</h2><p>Điều 1. Phạm vi điều chỉnh: Quy chế này quy định việc quản lý, "
            "khai thác và sử dụng chợ Ninh Sơn.</p><p>Điều 2. Chợ họp từ 5 giờ đến 18 giờ hằng ngày; ngày 30 và "
            "mùng 1 Tết Nguyên đán chợ nghỉ.</p><h2>Chương II. Bố trí sạp hàng</h2><p>Điều 3. Sạp hàng được bố "
            "trí theo ngành hàng: thực phẩm tươi sống, rau củ quả, hàng khô, quần áo và dịch vụ ăn uống.</p>"
        ),
        drafting_body="Phòng Kinh tế, Hạ tầng và Đô thị phường Ninh Sơn",
        opens_in_days=-5,
        closes_in_days=20,
        comments=(
            DemoComment(
                "Đề nghị cho phép chợ họp đến 19 giờ trong tháng Chạp để bà con mua sắm Tết.",
                status="approved",
                name="Trần Thị Mai",
                organisation="Hộ kinh doanh sạp số 14",
                email="tranthimai.demo@example.vn",
                show_name=True,
            ),
            DemoComment(
                "Cần bố trí khu giữ xe riêng cho người mua, tránh lấn chiếm lòng đường Trường Chinh.",
                status="approved",
                phone="0909 123 456",
            ),
            DemoComment(
                "Đề nghị làm rõ mức phí sử dụng diện tích bán hàng cho sạp dưới 4 m².", email="demo@example.vn"
            ),
            DemoComment("Mua hàng giá rẻ tại trang web …", status="rejected"),
        ),
    ),
    DemoConsultation(
        unit="ninhson",
        title="Dự thảo Kế hoạch chỉnh trang đô thị khu phố Ninh Phúc năm 2027",
        slug="du-thao-ke-hoach-chinh-trang-do-thi-ninh-phuc-2027",
        intro="Nâng cấp vỉa hè, chiếu sáng và thoát nước các tuyến hẻm của khu phố Ninh Phúc trong năm 2027.",
        text=(
            "<p>I. Mục đích: chỉnh trang các tuyến hẻm xuống cấp, bảo đảm an toàn giao thông và mỹ quan đô thị."
            "</p><p>II. Nội dung: lắp 45 trụ đèn chiếu sáng, cải tạo 1,2 km mương thoát nước, lát lại vỉa hè "
            "đường Nguyễn Chí Thanh.</p><p>III. Kinh phí: ngân sách phường và vận động xã hội hoá.</p>"
        ),
        drafting_body="Phòng Kinh tế, Hạ tầng và Đô thị phường Ninh Sơn",
        opens_in_days=6,
        closes_in_days=36,
    ),
    DemoConsultation(
        unit="hiepninh",
        title="Dự thảo Quy định về giữ gìn vệ sinh, trật tự đường phố phường Hiệp Ninh",
        slug="du-thao-quy-dinh-ve-sinh-trat-tu-duong-pho",
        intro="Quy định giờ đặt rác, việc sử dụng vỉa hè để kinh doanh và xử lý vi phạm trên các tuyến phố chính.",
        text=(
            "<p>Điều 1. Hộ gia đình, cơ sở kinh doanh đặt rác đúng nơi quy định từ 17 giờ đến 19 giờ.</p>"
            "<p>Điều 2. Phần vỉa hè được sử dụng tạm thời để kinh doanh không quá một phần ba bề rộng.</p>"
        ),
        drafting_body="Văn phòng HĐND và UBND phường Hiệp Ninh",
        opens_in_days=-60,
        closes_in_days=-20,
        report=(
            "<p>Trong thời gian lấy ý kiến, Ủy ban nhân dân phường nhận 3 ý kiến góp ý của người dân và 2 ý kiến "
            "của các tổ chức. Cơ quan soạn thảo đã tiếp thu 3 ý kiến, giải trình 2 ý kiến; dự thảo đã được chỉnh "
            "sửa tại Điều 1 và Điều 2.</p>"
        ),
        comments=(
            DemoComment(
                "Giờ đặt rác nên kéo dài đến 20 giờ vì nhiều hộ đi làm về muộn.",
                status="approved",
                name="Lê Văn Bình",
                show_name=True,
                response="Tiếp thu: Điều 1 sửa thành đặt rác từ 17 giờ đến 20 giờ.",
            ),
            DemoComment(
                "Đề nghị cấm hoàn toàn việc kinh doanh trên vỉa hè.",
                status="approved",
                response=(
                    "Giải trình: người dân vẫn cần lối đi tối thiểu; dự thảo giữ quy định sử dụng không quá một phần "
                    "ba bề rộng vỉa hè và tăng cường kiểm tra."
                ),
            ),
            DemoComment("Nội dung không liên quan đến dự thảo.", status="rejected"),
        ),
    ),
    DemoConsultation(
        unit="tayninh",
        title="Dự thảo Kế hoạch chỉnh trang đô thị Thành phố Tây Ninh giai đoạn 2026 – 2030",
        slug="du-thao-ke-hoach-chinh-trang-do-thi-2026-2030",
        intro=(
            "Định hướng chỉnh trang các trục đường chính, công viên và bờ kè rạch Tây Ninh, lộ trình và nguồn vốn "
            "giai đoạn 2026 – 2030."
        ),
        text=(
            "<p>I. Quan điểm: chỉnh trang đô thị gắn với phát triển du lịch núi Bà Đen.</p><p>II. Nhiệm vụ: cải "
            "tạo 12 tuyến đường, 3 công viên và 4 km bờ kè rạch Tây Ninh.</p>"
        ),
        drafting_body="Phòng Quản lý đô thị thành phố",
        opens_in_days=-3,
        closes_in_days=27,
        comments=(
            DemoComment(
                "Đề nghị ưu tiên trồng cây xanh bóng mát trên đường Cách Mạng Tháng Tám.",
                status="approved",
                organisation="Hội Kiến trúc sư tỉnh",
                name="Phạm Quốc Hưng",
                show_name=True,
            ),
        ),
    ),
    DemoConsultation(
        unit="tanbinh",
        title="Dự thảo Quy ước ấp Tân Trung về nếp sống văn minh",
        slug="du-thao-quy-uoc-ap-tan-trung",
        intro="Quy ước về việc cưới, việc tang, lễ hội và giữ gìn an ninh trật tự tại ấp Tân Trung.",
        text="<p>Điều 1. Việc cưới tổ chức trang trọng, tiết kiệm; không mở nhạc quá 22 giờ.</p>",
        drafting_body="Ban Nhân dân ấp Tân Trung, xã Tân Bình",
        opens_in_days=-2,
        closes_in_days=12,
        comments=(DemoComment("Nên quy định giờ kết thúc tiệc là 21 giờ 30 vào ngày thường.", status="pending"),),
    ),
)


def _draft_file(unit: Unit, spec: DemoConsultation) -> Document:
    name = f"{spec.slug[:60]}.pdf"
    existing = Document.objects.filter(collection=unit.collection, title=spec.title).first()
    if existing is not None:
        return existing
    pdf = simple_pdf([unit.name, spec.title, spec.intro, "Du thao lay y kien (du lieu minh hoa)."])
    return Document.objects.create(title=spec.title, file=ContentFile(pdf, name=name), collection=unit.collection)


def load_consultations_demo(units: dict[str, Unit]) -> list[str]:
    """Create the demo consultations of the given units (by slug) and their comments; idempotent."""
    now = timezone.now()
    today = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    lines: list[str] = []
    with transaction.atomic():
        for spec in DEMO_CONSULTATIONS:
            unit = units.get(spec.unit)
            if unit is None:
                continue
            index = ConsultationIndexPage.objects.filter(path__startswith=unit.home_page.path).first()
            if index is None or ConsultationPage.objects.child_of(index).filter(slug=spec.slug).exists():
                continue
            page = index.add_child(
                instance=ConsultationPage(
                    title=spec.title,
                    slug=spec.slug,
                    intro=spec.intro,
                    draft_text=spec.text,
                    files=[("file", {"document": _draft_file(unit, spec), "title": f"Toàn văn {spec.title}"})],
                    drafting_body=spec.drafting_body,
                    receiving_address=unit.address,
                    receiving_email=unit.email or f"gopy@{fold(unit.slug)}.gov.vn",
                    opens_at=today.replace(hour=7, minute=30) + timedelta(days=spec.opens_in_days),
                    closes_at=today.replace(hour=17) + timedelta(days=spec.closes_in_days),
                    report=spec.report,
                )
            )
            page.save_revision().publish()
            for offset, comment in enumerate(spec.comments):
                row = ConsultationComment.objects.create(
                    unit=unit,
                    page=page,
                    name=comment.name,
                    organisation=comment.organisation,
                    email=comment.email,
                    phone=comment.phone,
                    content=comment.content,
                    show_name=comment.show_name,
                    consent_at=page.opens_at + timedelta(hours=offset + 1),
                    status=comment.status,
                    response=comment.response,
                    moderated_at=None if comment.status == "pending" else now,
                )
                # Comments are dated within the period (created_at is set on insert).
                ConsultationComment.objects.filter(pk=row.pk).update(created_at=row.consent_at)
            lines.append(f"{unit.name}: dự thảo “{spec.title}” ({len(spec.comments)} góp ý)")
    return lines
