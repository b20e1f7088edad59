"""Demo online public services: the city's shared catalogue of ward-level administrative procedures (illustrative
names, times and fees after the national catalogue), a few downloadable forms, the wards that adopt different sets
(Ninh Sơn most of them with its own receiving place, Hiệp Ninh fewer plus one procedure of its own, Phường 1 a
handful) and Ninh Thạnh none: the gap the section checklist shows. Idempotent: a second run adds nothing."""

from __future__ import annotations

from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from disclosure.procedures import AdoptedProcedure, Procedure, ProcedureField, ProcedureForm
from documents.pdf import simple_pdf
from sites.models import Unit

PORTAL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc="
ONE_STOP = "Bộ phận Một cửa – Trung tâm Phục vụ hành chính công"
WARD = "Ủy ban nhân dân cấp xã"
POLICE = "Công an cấp xã"

# (code, name, field slug, level, processing time, fees, agency, legal basis)
CATALOGUE: tuple[tuple[str, str, str, str, str, str, str, str], ...] = (
    (
        "1.001193",
        "Đăng ký khai sinh",
        "ho-tich",
        "full",
        "Ngay trong ngày làm việc",
        "Miễn lệ phí",
        WARD,
        "Luật Hộ tịch năm 2014; Nghị định số 123/2015/NĐ-CP",
    ),
    (
        "1.000894",
        "Đăng ký kết hôn",
        "ho-tich",
        "partial",
        "Ngay trong ngày làm việc; trường hợp cần xác minh không quá 05 ngày làm việc",
        "Miễn lệ phí",
        WARD,
        "Luật Hôn nhân và gia đình năm 2014; Luật Hộ tịch năm 2014",
    ),
    (
        "1.000656",
        "Đăng ký khai tử",
        "ho-tich",
        "full",
        "Ngay trong ngày làm việc",
        "Miễn lệ phí",
        WARD,
        "Luật Hộ tịch năm 2014",
    ),
    (
        "1.004873",
        "Cấp giấy xác nhận tình trạng hôn nhân",
        "ho-tich",
        "full",
        "03 ngày làm việc",
        "Theo quy định của Hội đồng nhân dân tỉnh",
        WARD,
        "Luật Hộ tịch năm 2014; Thông tư số 04/2020/TT-BTP",
    ),
    (
        "1.001022",
        "Đăng ký nhận cha, mẹ, con",
        "ho-tich",
        "partial",
        "03 ngày làm việc",
        "Miễn lệ phí",
        WARD,
        "Luật Hộ tịch năm 2014",
    ),
    (
        "1.004746",
        "Đăng ký lại khai sinh",
        "ho-tich",
        "partial",
        "05 ngày làm việc",
        "Miễn lệ phí",
        WARD,
        "Nghị định số 123/2015/NĐ-CP",
    ),
    (
        "2.000635",
        "Cấp bản sao trích lục hộ tịch",
        "ho-tich",
        "full",
        "Ngay trong ngày làm việc",
        "8.000 đồng/bản sao",
        WARD,
        "Luật Hộ tịch năm 2014; Thông tư số 281/2016/TT-BTC",
    ),
    (
        "1.000689",
        "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "ho-tich",
        "partial",
        "03 ngày làm việc",
        "Theo quy định của Hội đồng nhân dân tỉnh",
        WARD,
        "Luật Hộ tịch năm 2014",
    ),
    (
        "1.004884",
        "Đăng ký giám hộ",
        "ho-tich",
        "partial",
        "03 ngày làm việc",
        "Miễn lệ phí",
        WARD,
        "Bộ luật Dân sự năm 2015; Luật Hộ tịch năm 2014",
    ),
    (
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "chung-thuc",
        "partial",
        "Trong ngày tiếp nhận; tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo",
        "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản",
        WARD,
        "Nghị định số 23/2015/NĐ-CP",
    ),
    (
        "2.000884",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "chung-thuc",
        "offline",
        "Trong ngày tiếp nhận",
        "10.000 đồng/trường hợp",
        WARD,
        "Nghị định số 23/2015/NĐ-CP",
    ),
    (
        "2.000913",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        "chung-thuc",
        "offline",
        "02 ngày làm việc",
        "50.000 đồng/hợp đồng, giao dịch",
        WARD,
        "Nghị định số 23/2015/NĐ-CP",
    ),
    (
        "2.001035",
        "Chứng thực di chúc",
        "chung-thuc",
        "offline",
        "02 ngày làm việc",
        "50.000 đồng/di chúc",
        WARD,
        "Nghị định số 23/2015/NĐ-CP",
    ),
    (
        "2.000908",
        "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
        "chung-thuc",
        "partial",
        "02 ngày làm việc",
        "2.000 đồng/trang",
        WARD,
        "Nghị định số 23/2015/NĐ-CP",
    ),
    (
        "1.004194",
        "Đăng ký thường trú",
        "cu-tru",
        "full",
        "07 ngày làm việc",
        "Nộp trực tuyến: 10.000 đồng/lần; trực tiếp: 20.000 đồng/lần",
        POLICE,
        "Luật Cư trú năm 2020; Thông tư số 75/2022/TT-BTC",
    ),
    (
        "1.004198",
        "Đăng ký tạm trú",
        "cu-tru",
        "full",
        "03 ngày làm việc",
        "Nộp trực tuyến: 7.000 đồng/lần; trực tiếp: 15.000 đồng/lần",
        POLICE,
        "Luật Cư trú năm 2020",
    ),
    (
        "1.004206",
        "Khai báo tạm vắng",
        "cu-tru",
        "full",
        "01 ngày làm việc",
        "Miễn lệ phí",
        POLICE,
        "Luật Cư trú năm 2020",
    ),
    (
        "1.004209",
        "Xóa đăng ký thường trú",
        "cu-tru",
        "full",
        "01 ngày làm việc",
        "Miễn lệ phí",
        POLICE,
        "Luật Cư trú năm 2020",
    ),
    (
        "2.000720",
        "Đăng ký thành lập hộ kinh doanh",
        "ho-kinh-doanh",
        "full",
        "03 ngày làm việc",
        "100.000 đồng/lần (miễn khi nộp trực tuyến)",
        WARD,
        "Nghị định số 168/2025/NĐ-CP",
    ),
    (
        "2.000719",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "ho-kinh-doanh",
        "full",
        "03 ngày làm việc",
        "100.000 đồng/lần (miễn khi nộp trực tuyến)",
        WARD,
        "Nghị định số 168/2025/NĐ-CP",
    ),
    (
        "2.000575",
        "Tạm ngừng, tiếp tục kinh doanh của hộ kinh doanh",
        "ho-kinh-doanh",
        "full",
        "03 ngày làm việc",
        "Miễn lệ phí",
        WARD,
        "Nghị định số 168/2025/NĐ-CP",
    ),
    (
        "1.001776",
        "Trợ cấp xã hội hằng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hằng tháng",
        "bao-tro-xa-hoi",
        "partial",
        "15 ngày làm việc",
        "Không",
        WARD,
        "Nghị định số 20/2021/NĐ-CP",
    ),
    (
        "1.001731",
        "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        "bao-tro-xa-hoi",
        "partial",
        "05 ngày làm việc",
        "Không",
        WARD,
        "Nghị định số 20/2021/NĐ-CP",
    ),
    (
        "1.001699",
        "Xác định, xác định lại mức độ khuyết tật và cấp giấy xác nhận khuyết tật",
        "bao-tro-xa-hoi",
        "partial",
        "25 ngày làm việc",
        "Không",
        WARD,
        "Luật Người khuyết tật năm 2010",
    ),
    (
        "1.010815",
        "Cấp giấy giới thiệu đi thăm viếng mộ liệt sĩ và hỗ trợ thăm viếng mộ liệt sĩ",
        "nguoi-co-cong",
        "partial",
        "05 ngày làm việc",
        "Không",
        WARD,
        "Nghị định số 131/2021/NĐ-CP",
    ),
    (
        "1.003554",
        "Hòa giải tranh chấp đất đai",
        "dat-dai",
        "offline",
        "30 ngày kể từ ngày nhận đơn",
        "Không",
        WARD,
        "Luật Đất đai năm 2024",
    ),
    (
        "1.009994",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "xay-dung",
        "partial",
        "15 ngày",
        "75.000 đồng/giấy phép (theo Nghị quyết của Hội đồng nhân dân tỉnh)",
        WARD,
        "Luật Xây dựng năm 2014 (sửa đổi 2020)",
    ),
    (
        "1.000748",
        "Tặng giấy khen của Chủ tịch Ủy ban nhân dân cấp xã về thành tích thực hiện nhiệm vụ chính trị",
        "thi-dua-khen-thuong",
        "offline",
        "20 ngày làm việc",
        "Không",
        WARD,
        "Luật Thi đua, khen thưởng năm 2022",
    ),
    (
        "1.001055",
        "Đăng ký hoạt động tín ngưỡng",
        "ton-giao",
        "partial",
        "15 ngày",
        "Không",
        WARD,
        "Luật Tín ngưỡng, tôn giáo năm 2016",
    ),
    (
        "2.000930",
        "Công nhận hòa giải viên",
        "hoa-giai",
        "offline",
        "05 ngày làm việc",
        "Không",
        WARD,
        "Luật Hòa giải ở cơ sở năm 2013",
    ),
)
FORMS = {
    "1.001193": ("Tờ khai đăng ký khai sinh", "to-khai-dang-ky-khai-sinh.pdf"),
    "1.000894": ("Tờ khai đăng ký kết hôn", "to-khai-dang-ky-ket-hon.pdf"),
    "1.004873": ("Tờ khai cấp giấy xác nhận tình trạng hôn nhân", "to-khai-xac-nhan-tinh-trang-hon-nhan.pdf"),
    "1.004194": ("Tờ khai thay đổi thông tin cư trú (CT01)", "ct01-to-khai-thay-doi-thong-tin-cu-tru.pdf"),
}
# (unit slug, codes it adopts or None for all, its receiving place)
ADOPTIONS: tuple[tuple[str, tuple[str, ...] | None, str], ...] = (
    ("ninhson", None, "Bộ phận Một cửa UBND phường Ninh Sơn, số 1 đường Bời Lời, khu phố Ninh Phú"),
    (
        "hiepninh",
        (
            "1.001193",
            "1.000894",
            "1.000656",
            "1.004873",
            "2.000635",
            "2.000815",
            "2.000884",
            "1.004194",
            "1.004198",
            "2.000720",
            "1.001776",
            "1.009994",
        ),
        "Bộ phận Một cửa UBND phường Hiệp Ninh, đường Cách Mạng Tháng Tám",
    ),
    ("phuong1", ("1.001193", "1.000656", "2.000635", "2.000815", "1.004194", "1.004198"), ""),
)
HIEPNINH_OWN = (
    "1.004222",
    "Xác nhận đơn đề nghị hỗ trợ sửa chữa nhà ở cho hộ nghèo (thí điểm của phường)",
    "bao-tro-xa-hoi",
    "offline",
    "05 ngày làm việc",
    "Không",
    "Ủy ban nhân dân phường Hiệp Ninh",
    "Kế hoạch của Ủy ban nhân dân phường Hiệp Ninh",
)


def _save(unit: Unit, row, fields: dict[str, ProcedureField], place: str) -> tuple[Procedure, bool]:
    code, name, field, level, time, fees, agency, basis = row
    existing = Procedure.objects.filter(unit=unit, code=code).first()
    if existing is not None:
        return existing, False
    procedure = Procedure.objects.create(
        unit=unit,
        code=code,
        name=name,
        field=fields[field],
        level=level,
        implementing_level="Cấp xã",
        processing_time=time,
        fees=fees,
        agency=agency,
        receiving_place=place,
        legal_basis=basis,
        portal_url=PORTAL + code,
    )
    return procedure, True


def _form_document(unit: Unit, title: str, filename: str) -> Document:
    existing = Document.objects.filter(collection=unit.collection, title=title).first()
    if existing is not None:
        return existing
    pdf = simple_pdf([unit.name, title, "Mau to khai (du lieu minh hoa)."])
    return Document.objects.create(title=title, file=ContentFile(pdf, name=filename), collection=unit.collection)


def load_services_demo(units: dict[str, Unit]) -> list[str]:
    city = units.get("tayninh")
    if city is None:
        return []
    fields = {field.slug: field for field in ProcedureField.objects.all()}
    created = 0
    catalogue: dict[str, Procedure] = {}
    for row in CATALOGUE:
        procedure, new = _save(city, row, fields, f"{ONE_STOP} hoặc Bộ phận Một cửa của Ủy ban nhân dân cấp xã")
        catalogue[procedure.code] = procedure
        created += new
        if new and procedure.code in FORMS:
            title, filename = FORMS[procedure.code]
            ProcedureForm.objects.create(procedure=procedure, document=_form_document(city, title, filename))
    lines = [f"Dịch vụ công: {created} thủ tục trong danh mục dùng chung của {city.name}"] if created else []
    for slug, codes, place in ADOPTIONS:
        unit = units.get(slug)
        if unit is None:
            continue
        wanted = [catalogue[code] for code in (codes or catalogue) if code in catalogue]
        have = set(AdoptedProcedure.objects.filter(unit=unit).values_list("procedure_id", flat=True))
        new_rows = [
            AdoptedProcedure(unit=unit, procedure=procedure, local_receiving_place=place, sort_order=index)
            for index, procedure in enumerate(wanted)
            if procedure.pk not in have
        ]
        AdoptedProcedure.objects.bulk_create(new_rows)
        if new_rows:
            lines.append(f"Dịch vụ công: {unit.name} áp dụng {len(new_rows)} thủ tục")
    hiepninh = units.get("hiepninh")
    if hiepninh is not None and _save(hiepninh, HIEPNINH_OWN, fields, "Bộ phận Một cửa UBND phường Hiệp Ninh")[1]:
        lines.append(f"Dịch vụ công: 1 thủ tục riêng của {hiepninh.name}")
    return lines
