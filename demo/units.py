"""Demo data for `manage.py seed_demo`: Thành phố Tây Ninh, twelve of its units and three organisations that contribute
news, as plain data plus loaders.

The loaders go through `provision_unit` for the structure and only fill what is still empty, so running them again
creates nothing, changes nothing and never overwrites what an editor has written since.
Figures in the introductions are rounded, illustrative values for a demonstration, not official statistics.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from sites.models import PortalSettings, Unit, UnitRole
from sites.provisioning import UnitSpec, ensure_oversight_group, provision_unit

from .consultations import load_consultations_demo
from .contributing import load_demo as load_contributing_demo
from .disclosure import load_demo as load_disclosure_demo
from .documents import load_demo as load_documents_demo
from .english import load_demo as load_english_demo
from .information_requests import load_information_demo
from .news import load_demo as load_news_demo
from .organization import load_demo as load_organization_demo
from .oversight import load_oversight_demo
from .questions import load_questions_demo
from .ratings import load_ratings_demo
from .services import load_services_demo

PASSWORD_ENV = "DEMO_PASSWORD"
PASSWORD_FILE_NAME = "demo-password.txt"
CONTACT_FIELDS = ("code", "address", "phone", "fax", "email", "responsible_person")

# Username suffix of each editorial role: ninhson.bientap, ninhson.banbientap, ninhson.quantri.
ROLE_USERNAME_SUFFIX = {
    UnitRole.WRITER: "bientap",
    UnitRole.BOARD: "banbientap",
    UnitRole.ADMIN: "quantri",
}


@dataclass(frozen=True)
class DemoPerson:
    """A demo account holder; `full_name` in Vietnamese order (family, middle, given).

    The account keeps the family and middle names in `first_name` (“Họ và tên đệm”) and the given name in
    `last_name` (“Tên”), so that Django's and Wagtail's “first last” reads the Vietnamese way: “Phạm Thị Thu Trang”.
    """

    full_name: str

    @property
    def first_name(self) -> str:
        return self.full_name.rsplit(" ", 1)[0]

    @property
    def last_name(self) -> str:
        return self.full_name.rsplit(" ", 1)[-1]


@dataclass(frozen=True)
class DemoUnit:
    kind: str
    name: str
    slug: str
    parent: str | None
    code: str
    address: str
    phone: str
    email: str
    responsible_person: str
    tagline: str
    licence: str
    home_intro: str
    # (heading, paragraph) pairs of the “Giới thiệu” page.
    introduction: tuple[tuple[str, str], ...]
    # Writer, board member, unit administrator.
    editors: tuple[DemoPerson, DemoPerson, DemoPerson]
    fax: str = ""

    def spec(self) -> UnitSpec:
        return UnitSpec(
            kind=self.kind,
            name=self.name,
            slug=self.slug,
            parent_slug=self.parent,
            code=self.code,
            address=self.address,
            phone=self.phone,
            fax=self.fax,
            email=self.email,
            responsible_person=self.responsible_person,
        )


def _editors(writer: str, board: str, admin: str) -> tuple[DemoPerson, DemoPerson, DemoPerson]:
    return DemoPerson(writer), DemoPerson(board), DemoPerson(admin)


LICENCE = "Giấy phép số {number}/GP-TTĐT do Sở Thông tin và Truyền thông tỉnh Tây Ninh cấp ngày {date}"

SUPERUSER_USERNAME = "quantri"
SUPERUSER = DemoPerson("Võ Thành Nhân")
# The city's Home Affairs office (Phòng Nội vụ): reads every unit, writes in none (the oversight group, holding
# sites.access.OVERSIGHT_PERMISSION).
OVERSIGHT_USERNAME = "noivu.giamsat"
OVERSIGHT_PERSON = DemoPerson("Đặng Thị Thu Hà")

DEMO_UNITS: tuple[DemoUnit, ...] = (
    DemoUnit(
        kind="city",
        name="Thành phố Tây Ninh",
        slug="tayninh",
        parent=None,
        code="703",
        address="Số 01 đường Trần Hưng Đạo, Phường 2, Thành phố Tây Ninh, tỉnh Tây Ninh",
        phone="0276 382 2170",
        fax="0276 382 2171",
        email="ubnd.tptayninh@tayninh.gov.vn",
        responsible_person="Nguyễn Hoàng Phúc – Phó Chủ tịch UBND thành phố, Trưởng Ban Biên tập",
        tagline="Thông tin chính thống của Ủy ban nhân dân Thành phố Tây Ninh",
        licence=LICENCE.format(number="05", date="12/3/2024"),
        home_intro=(
            "Thành phố Tây Ninh là trung tâm chính trị, kinh tế, văn hóa của tỉnh Tây Ninh, nằm bên rạch Tây Ninh "
            "và dưới chân núi Bà Đen."
        ),
        introduction=(
            (
                "Vị trí địa lý",
                "Thành phố Tây Ninh nằm ở trung tâm tỉnh Tây Ninh, cách Thành phố Hồ Chí Minh khoảng 100 km về "
                "phía tây bắc. Phía bắc giáp huyện Tân Biên và huyện Tân Châu, phía đông giáp huyện Dương Minh "
                "Châu, phía nam giáp thị xã Hòa Thành, phía tây giáp huyện Châu Thành. Rạch Tây Ninh chảy qua "
                "trung tâm thành phố; về phía đông bắc là núi Bà Đen, ngọn núi cao nhất Nam Bộ.",
            ),
            (
                "Diện tích, dân số và đơn vị hành chính",
                "Thành phố có diện tích tự nhiên khoảng 140 km² và dân số hơn 130.000 người. Thành phố gồm "
                "7 phường (Phường 1, Phường 2, Phường 3, Phường IV, Hiệp Ninh, Ninh Sơn, Ninh Thạnh) và 3 xã "
                "(Bình Minh, Tân Bình, Thạnh Tân), được thành lập cuối năm 2013 trên cơ sở toàn bộ thị xã Tây Ninh.",
            ),
            (
                "Kinh tế – xã hội",
                "Thương mại, dịch vụ và du lịch là thế mạnh của thành phố, gắn với Khu du lịch quốc gia Núi Bà Đen "
                "và các trục đường Cách Mạng Tháng Tám, 30/4, Điện Biên Phủ. Các xã ven đô phát triển nông nghiệp "
                "đô thị, trồng cây ăn trái, rau an toàn và chăn nuôi theo hướng tập trung.",
            ),
        ),
        editors=_editors("Lê Thị Thanh Hương", "Phạm Văn Lộc", "Nguyễn Minh Trí"),
    ),
    DemoUnit(
        kind="ward",
        name="Phường 1",
        slug="phuong1",
        parent="tayninh",
        code="25456",
        address="Số 48 đường Trưng Nữ Vương, Khu phố 1, Phường 1, Thành phố Tây Ninh",
        phone="0276 382 2345",
        email="ubnd.phuong1@tayninh.gov.vn",
        responsible_person="Trần Văn Tâm – Phó Chủ tịch UBND Phường 1",
        tagline="Phường 1 – trung tâm thương mại, dịch vụ của Thành phố Tây Ninh",
        licence=LICENCE.format(number="11", date="05/4/2024"),
        home_intro="Phường 1 nằm ở trung tâm Thành phố Tây Ninh, hai bên bờ rạch Tây Ninh.",
        introduction=(
            (
                "Vị trí địa lý",
                "Phường 1 nằm ở khu vực trung tâm Thành phố Tây Ninh, có rạch Tây Ninh chảy qua. Phường giáp "
                "Phường 2, Phường 3, Phường IV và phường Hiệp Ninh, có các tuyến đường chính như Trưng Nữ Vương, "
                "30/4 và Cách Mạng Tháng Tám.",
            ),
            (
                "Diện tích, dân số và khu phố",
                "Phường có diện tích tự nhiên khoảng 3,5 km², dân số khoảng 15.000 người, được tổ chức thành "
                "5 khu phố. Mật độ dân cư cao, phần lớn hộ dân sống bằng buôn bán, dịch vụ và làm công ăn lương.",
            ),
            (
                "Định hướng phát triển",
                "Phường tập trung chỉnh trang đô thị, giữ gìn vệ sinh môi trường dọc bờ kè rạch Tây Ninh, nâng "
                "chất lượng phục vụ tại bộ phận một cửa và đẩy mạnh thanh toán không dùng tiền mặt trong các hộ "
                "kinh doanh.",
            ),
        ),
        editors=_editors("Nguyễn Thị Kim Ngân", "Đỗ Văn Hậu", "Huỳnh Thanh Sang"),
    ),
    DemoUnit(
        kind="ward",
        name="Phường 2",
        slug="phuong2",
        parent="tayninh",
        code="25459",
        address="Số 27 đường Trần Hưng Đạo, Khu phố 2, Phường 2, Thành phố Tây Ninh",
        phone="0276 382 3456",
        email="ubnd.phuong2@tayninh.gov.vn",
        responsible_person="Lê Thị Ngọc Hân – Phó Chủ tịch UBND Phường 2",
        tagline="Phường 2 – nơi đặt trụ sở nhiều cơ quan của tỉnh và thành phố",
        licence=LICENCE.format(number="12", date="05/4/2024"),
        home_intro="Phường 2 là khu hành chính của Thành phố Tây Ninh, nơi đặt trụ sở nhiều cơ quan, đơn vị.",
        introduction=(
            (
                "Vị trí địa lý",
                "Phường 2 nằm ở phía bắc khu trung tâm Thành phố Tây Ninh, dọc các tuyến đường Trần Hưng Đạo, "
                "30/4 và Nguyễn Thái Học. Trên địa bàn phường có trụ sở nhiều cơ quan hành chính, trường học và "
                "cơ sở y tế của tỉnh và thành phố.",
            ),
            (
                "Diện tích, dân số và khu phố",
                "Phường có diện tích tự nhiên khoảng 4 km², dân số khoảng 14.000 người, chia thành 5 khu phố. "
                "Nhiều hộ dân là cán bộ, công chức, viên chức và người làm dịch vụ.",
            ),
            (
                "Định hướng phát triển",
                "Phường ưu tiên xây dựng khu phố văn minh đô thị, trật tự lòng lề đường, cây xanh đường phố và "
                "hướng dẫn người dân nộp hồ sơ dịch vụ công trực tuyến.",
            ),
        ),
        editors=_editors("Trương Thị Mỹ Duyên", "Lý Văn Khánh", "Phan Quốc Thịnh"),
    ),
    DemoUnit(
        kind="ward",
        name="Phường 3",
        slug="phuong3",
        parent="tayninh",
        code="25462",
        address="Số 135 đường Cách Mạng Tháng Tám, Khu phố 3, Phường 3, Thành phố Tây Ninh",
        phone="0276 382 4567",
        email="ubnd.phuong3@tayninh.gov.vn",
        responsible_person="Nguyễn Văn Bình – Phó Chủ tịch UBND Phường 3",
        tagline="Phường 3 – cửa ngõ phía nam Thành phố Tây Ninh",
        licence=LICENCE.format(number="13", date="05/4/2024"),
        home_intro="Phường 3 nằm ở cửa ngõ phía nam Thành phố Tây Ninh, trên trục đường Cách Mạng Tháng Tám.",
        introduction=(
            (
                "Vị trí địa lý",
                "Phường 3 nằm ở phía nam Thành phố Tây Ninh, giáp thị xã Hòa Thành. Đường Cách Mạng Tháng Tám, "
                "trục giao thông chính nối thành phố với Hòa Thành và Thành phố Hồ Chí Minh, chạy qua địa bàn "
                "phường.",
            ),
            (
                "Diện tích, dân số và khu phố",
                "Phường có diện tích tự nhiên khoảng 6 km², dân số khoảng 17.000 người, chia thành 6 khu phố. "
                "Dân cư tập trung dọc các trục đường lớn, xen kẽ với khu vườn và ruộng lúa ven rạch.",
            ),
            (
                "Kinh tế – xã hội",
                "Kinh tế phường phát triển theo hướng thương mại, dịch vụ, tiểu thủ công nghiệp; nhiều cơ sở "
                "chế biến bánh tráng, muối tôm – đặc sản của Tây Ninh – hoạt động ổn định.",
            ),
        ),
        editors=_editors("Võ Thị Bích Trâm", "Châu Văn Thiện", "Đặng Hữu Phước"),
    ),
    DemoUnit(
        kind="ward",
        name="Phường IV",
        slug="phuong4",
        parent="tayninh",
        code="25465",
        address="Số 62 đường Võ Văn Truyện, Khu phố 2, Phường IV, Thành phố Tây Ninh",
        phone="0276 382 5678",
        email="ubnd.phuong4@tayninh.gov.vn",
        responsible_person="Huỳnh Thị Thu Thảo – Phó Chủ tịch UBND Phường IV",
        tagline="Phường IV – xanh, sạch, đẹp bên dòng rạch Tây Ninh",
        licence=LICENCE.format(number="14", date="05/4/2024"),
        home_intro="Phường IV nằm ở phía tây nam Thành phố Tây Ninh, dọc bờ rạch Tây Ninh.",
        introduction=(
            (
                "Vị trí địa lý",
                "Phường IV nằm ở phía tây nam Thành phố Tây Ninh, giáp Phường 1, Phường 3, xã Bình Minh và thị "
                "xã Hòa Thành. Rạch Tây Ninh chảy dọc ranh giới phía bắc của phường.",
            ),
            (
                "Diện tích, dân số và khu phố",
                "Phường có diện tích tự nhiên khoảng 7 km², dân số khoảng 12.000 người, chia thành 4 khu phố. "
                "Một phần diện tích là đất nông nghiệp trồng lúa, rau màu và cây ăn trái.",
            ),
            (
                "Định hướng phát triển",
                "Phường chú trọng hoàn thiện hạ tầng giao thông nông thôn còn lại, chuyển đổi cây trồng sang rau "
                "an toàn và phát triển các mô hình kinh tế hộ gia đình gắn với dịch vụ.",
            ),
        ),
        editors=_editors("Lâm Thị Tuyết Mai", "Ngô Văn Thắng", "Trịnh Công Danh"),
    ),
    DemoUnit(
        kind="ward",
        name="Phường Hiệp Ninh",
        slug="hiepninh",
        parent="tayninh",
        code="25468",
        address="Số 210 đường Cách Mạng Tháng Tám, Khu phố 1, phường Hiệp Ninh, Thành phố Tây Ninh",
        phone="0276 382 6789",
        email="ubnd.hiepninh@tayninh.gov.vn",
        responsible_person="Phạm Minh Hoàng – Phó Chủ tịch UBND phường Hiệp Ninh",
        tagline="Phường Hiệp Ninh – năng động, văn minh, nghĩa tình",
        licence=LICENCE.format(number="15", date="05/4/2024"),
        home_intro="Phường Hiệp Ninh nằm giữa trung tâm thành phố và thị xã Hòa Thành, dọc đường Cách Mạng Tháng Tám.",
        introduction=(
            (
                "Vị trí địa lý",
                "Phường Hiệp Ninh nằm ở phía đông nam Thành phố Tây Ninh, giáp Phường 3, phường Ninh Sơn, phường "
                "Ninh Thạnh và thị xã Hòa Thành. Các tuyến đường Cách Mạng Tháng Tám, Nguyễn Chí Thanh và Bời Lời "
                "đi qua địa bàn phường.",
            ),
            (
                "Diện tích, dân số và khu phố",
                "Phường có diện tích tự nhiên khoảng 4 km², dân số khoảng 18.000 người, chia thành 5 khu phố. "
                "Đây là phường có tốc độ đô thị hóa nhanh, nhiều khu dân cư mới hình thành trong những năm gần đây.",
            ),
            (
                "Kinh tế – xã hội",
                "Thương mại, dịch vụ ăn uống, lưu trú và vận tải phát triển mạnh dọc các trục đường chính. Phường "
                "duy trì tốt phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” ở các khu phố.",
            ),
        ),
        editors=_editors("Nguyễn Thị Hồng Nhung", "Bùi Văn Toàn", "Lê Hoàng Vũ"),
    ),
    DemoUnit(
        kind="ward",
        name="Phường Ninh Sơn",
        slug="ninhson",
        parent="tayninh",
        code="25471",
        address="Số 265 đường Bời Lời, Khu phố Ninh Phú, phường Ninh Sơn, Thành phố Tây Ninh",
        phone="0276 381 1234",
        email="ubnd.ninhson@tayninh.gov.vn",
        responsible_person="Trần Thị Ngọc Bích – Phó Chủ tịch UBND phường Ninh Sơn",
        tagline="Phường Ninh Sơn – cửa ngõ lên Khu du lịch quốc gia Núi Bà Đen",
        licence=LICENCE.format(number="16", date="05/4/2024"),
        home_intro=(
            "Phường Ninh Sơn nằm ở phía đông bắc Thành phố Tây Ninh, trên trục đường Bời Lời dẫn lên Khu du lịch "
            "quốc gia Núi Bà Đen."
        ),
        introduction=(
            (
                "Vị trí địa lý",
                "Phường Ninh Sơn nằm ở phía đông bắc Thành phố Tây Ninh, giáp phường Hiệp Ninh, phường Ninh Thạnh, "
                "xã Thạnh Tân và xã Tân Bình. Đường Bời Lời và đường Điện Biên Phủ là hai trục giao thông chính, "
                "nối trung tâm thành phố với khu vực núi Bà Đen.",
            ),
            (
                "Diện tích, dân số và khu phố",
                "Phường có diện tích tự nhiên khoảng 20 km², dân số khoảng 19.000 người, chia thành 7 khu phố. "
                "Bên cạnh các khu dân cư đô thị, phường còn diện tích lớn trồng cây ăn trái, mãng cầu và rau màu.",
            ),
            (
                "Kinh tế – xã hội",
                "Dịch vụ phục vụ du khách đến núi Bà Đen, thương mại và nông nghiệp đô thị là các ngành chính. "
                "Phường đang đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính và xây dựng khu phố an "
                "toàn về an ninh, trật tự.",
            ),
        ),
        editors=_editors("Phạm Thị Thu Trang", "Nguyễn Văn Hòa", "Đoàn Minh Khoa"),
    ),
    DemoUnit(
        kind="ward",
        name="Phường Ninh Thạnh",
        slug="ninhthanh",
        parent="tayninh",
        code="25474",
        address="Số 520 đường Điện Biên Phủ, Khu phố Ninh Trung, phường Ninh Thạnh, Thành phố Tây Ninh",
        phone="0276 381 2345",
        email="ubnd.ninhthanh@tayninh.gov.vn",
        responsible_person="Võ Văn Lâm – Phó Chủ tịch UBND phường Ninh Thạnh",
        tagline="Phường Ninh Thạnh – đô thị xanh phía đông thành phố",
        licence=LICENCE.format(number="17", date="05/4/2024"),
        home_intro="Phường Ninh Thạnh nằm ở phía đông Thành phố Tây Ninh, dọc trục đường Điện Biên Phủ.",
        introduction=(
            (
                "Vị trí địa lý",
                "Phường Ninh Thạnh nằm ở phía đông Thành phố Tây Ninh, giáp phường Ninh Sơn, phường Hiệp Ninh, "
                "thị xã Hòa Thành và huyện Dương Minh Châu. Đường Điện Biên Phủ chạy qua trung tâm phường.",
            ),
            (
                "Diện tích, dân số và khu phố",
                "Phường có diện tích tự nhiên khoảng 17 km², dân số khoảng 16.000 người, chia thành 6 khu phố. "
                "Đất nông nghiệp còn chiếm tỷ lệ đáng kể, chủ yếu trồng cao su, cây ăn trái và rau màu.",
            ),
            (
                "Định hướng phát triển",
                "Phường tập trung thu hút đầu tư các khu dân cư mới, phát triển chăn nuôi và trồng trọt ứng dụng "
                "công nghệ cao, đồng thời giữ gìn cảnh quan xanh của vùng ven đô.",
            ),
        ),
        editors=_editors("Huỳnh Thị Ngọc Yến", "Trần Văn Đức", "Mai Thanh Tùng"),
    ),
    DemoUnit(
        kind="commune",
        name="Xã Bình Minh",
        slug="binhminh",
        parent="tayninh",
        code="25477",
        address="Ấp Bình Trung, xã Bình Minh, Thành phố Tây Ninh",
        phone="0276 384 1234",
        email="ubnd.binhminh@tayninh.gov.vn",
        responsible_person="Nguyễn Thị Mỹ Lệ – Phó Chủ tịch UBND xã Bình Minh",
        tagline="Xã Bình Minh – nông thôn mới bên dòng Vàm Cỏ Đông",
        licence=LICENCE.format(number="18", date="05/4/2024"),
        home_intro="Xã Bình Minh nằm ở phía tây Thành phố Tây Ninh, bên bờ sông Vàm Cỏ Đông.",
        introduction=(
            (
                "Vị trí địa lý",
                "Xã Bình Minh nằm ở phía tây Thành phố Tây Ninh, phía tây giáp sông Vàm Cỏ Đông, phía đông giáp "
                "Phường IV và Phường 1, phía bắc giáp xã Tân Bình.",
            ),
            (
                "Diện tích, dân số và ấp",
                "Xã có diện tích tự nhiên khoảng 27 km², dân số khoảng 9.000 người, chia thành 4 ấp. Phần lớn "
                "người dân sống bằng nghề trồng lúa, rau màu, cây ăn trái và nuôi cá ven sông.",
            ),
            (
                "Xây dựng nông thôn mới",
                "Xã đã đạt chuẩn nông thôn mới và đang xây dựng nông thôn mới nâng cao: bê tông hóa đường ấp, "
                "phát triển các tổ hợp tác trồng rau an toàn và gìn giữ cảnh quan ven sông Vàm Cỏ Đông.",
            ),
        ),
        editors=_editors("Lê Thị Cẩm Tú", "Phan Văn Nghĩa", "Trần Quốc Huy"),
    ),
    DemoUnit(
        kind="commune",
        name="Xã Tân Bình",
        slug="tanbinh",
        parent="tayninh",
        code="25480",
        address="Ấp Tân Trung, xã Tân Bình, Thành phố Tây Ninh",
        phone="0276 384 2345",
        email="ubnd.tanbinh@tayninh.gov.vn",
        responsible_person="Đỗ Văn Hiếu – Phó Chủ tịch UBND xã Tân Bình",
        tagline="Xã Tân Bình – vùng chuyên canh phía bắc thành phố",
        licence=LICENCE.format(number="19", date="05/4/2024"),
        home_intro="Xã Tân Bình nằm ở phía bắc Thành phố Tây Ninh, là vùng sản xuất nông nghiệp chính của thành phố.",
        introduction=(
            (
                "Vị trí địa lý",
                "Xã Tân Bình nằm ở phía bắc Thành phố Tây Ninh, giáp huyện Tân Biên, huyện Tân Châu, xã Thạnh Tân, "
                "phường Ninh Sơn và xã Bình Minh.",
            ),
            (
                "Diện tích, dân số và ấp",
                "Xã có diện tích tự nhiên khoảng 37 km², lớn nhất trong các xã, phường của thành phố; dân số "
                "khoảng 10.000 người, chia thành 4 ấp.",
            ),
            (
                "Kinh tế – xã hội",
                "Cao su, mì (sắn), mía và cây ăn trái là các cây trồng chủ lực; chăn nuôi bò, heo theo hướng "
                "trang trại phát triển. Xã chú trọng nâng cấp đường giao thông nội đồng và hệ thống kênh tưới.",
            ),
        ),
        editors=_editors("Trần Thị Thanh Thúy", "Nguyễn Hữu Tài", "Võ Minh Luân"),
    ),
    DemoUnit(
        kind="commune",
        name="Xã Thạnh Tân",
        slug="thanhtan",
        parent="tayninh",
        code="25483",
        address="Ấp Thạnh Trung, xã Thạnh Tân, Thành phố Tây Ninh",
        phone="0276 384 3456",
        email="ubnd.thanhtan@tayninh.gov.vn",
        responsible_person="Lương Thị Kiều Oanh – Phó Chủ tịch UBND xã Thạnh Tân",
        tagline="Xã Thạnh Tân – dưới chân núi Bà Đen",
        licence=LICENCE.format(number="20", date="05/4/2024"),
        home_intro="Xã Thạnh Tân nằm dưới chân núi Bà Đen, ở phía đông bắc Thành phố Tây Ninh.",
        introduction=(
            (
                "Vị trí địa lý",
                "Xã Thạnh Tân nằm ở phía đông bắc Thành phố Tây Ninh, trải dài dưới chân núi Bà Đen; giáp xã Tân "
                "Bình, phường Ninh Sơn, huyện Tân Châu và huyện Dương Minh Châu.",
            ),
            (
                "Diện tích, dân số và ấp",
                "Xã có diện tích tự nhiên khoảng 30 km², dân số khoảng 11.000 người, chia thành 4 ấp. Địa hình "
                "thoai thoải dần từ chân núi xuống phía tây, đất đai phù hợp với cây ăn trái và cây công nghiệp.",
            ),
            (
                "Kinh tế – xã hội",
                "Bên cạnh nông nghiệp với mãng cầu, cao su, mì, xã phát triển dịch vụ du lịch sinh thái gắn với "
                "núi Bà Đen. Xã đang vận động người dân giữ gìn rừng đặc dụng và cảnh quan chân núi.",
            ),
        ),
        editors=_editors("Nguyễn Thị Thanh Tâm", "Lê Văn Sơn", "Hồ Tấn Lợi"),
    ),
    DemoUnit(
        kind="department",
        name="Phòng Nội vụ",
        slug="noivu",
        parent="tayninh",
        code="",
        address="Số 01 đường Trần Hưng Đạo, Phường 2, Thành phố Tây Ninh",
        phone="0276 382 2460",
        email="phongnoivu.tptayninh@tayninh.gov.vn",
        responsible_person="Trần Thanh Phong – Trưởng phòng Nội vụ",
        tagline="Phòng Nội vụ Thành phố Tây Ninh – tổ chức bộ máy, cán bộ và cải cách hành chính",
        licence=LICENCE.format(number="21", date="05/4/2024"),
        home_intro=(
            "Phòng Nội vụ tham mưu Ủy ban nhân dân Thành phố Tây Ninh về tổ chức bộ máy, cán bộ, công chức và cải "
            "cách hành chính."
        ),
        introduction=(
            (
                "Vị trí và chức năng",
                "Phòng Nội vụ là cơ quan chuyên môn thuộc Ủy ban nhân dân Thành phố Tây Ninh, tham mưu, giúp Ủy "
                "ban nhân dân thành phố quản lý nhà nước về tổ chức bộ máy, vị trí việc làm, biên chế, cán bộ, công "
                "chức, viên chức, cải cách hành chính, chính quyền địa phương, văn thư, lưu trữ, tôn giáo, thi đua "
                "– khen thưởng và công tác thanh niên.",
            ),
            (
                "Tổ chức bộ máy",
                "Phòng có Trưởng phòng, các Phó Trưởng phòng và công chức chuyên môn phụ trách từng lĩnh vực. Trụ "
                "sở làm việc đặt tại khu hành chính của Ủy ban nhân dân thành phố, số 01 đường Trần Hưng Đạo.",
            ),
            (
                "Theo dõi cổng thành phần",
                "Phòng hướng dẫn, theo dõi, kiểm tra và chấm điểm hằng năm cổng thông tin điện tử của các phường, "
                "xã và cơ quan chuyên môn; kết quả được đưa vào bảng điểm thi đua và chỉ số cải cách hành chính.",
            ),
        ),
        editors=_editors("Phạm Thị Hồng Vân", "Nguyễn Thành Công", "Lê Quang Vinh"),
    ),
    DemoUnit(
        kind="department",
        name="Phòng Văn hóa và Thông tin",
        slug="vanhoa",
        parent="tayninh",
        code="",
        address="Số 83 đường 30/4, Phường 2, Thành phố Tây Ninh",
        phone="0276 382 2590",
        email="phongvhtt.tptayninh@tayninh.gov.vn",
        responsible_person="Nguyễn Thị Thùy Dương – Trưởng phòng Văn hóa và Thông tin",
        tagline="Phòng Văn hóa và Thông tin Thành phố Tây Ninh",
        licence=LICENCE.format(number="22", date="05/4/2024"),
        home_intro=(
            "Phòng Văn hóa và Thông tin tham mưu Ủy ban nhân dân Thành phố Tây Ninh về văn hóa, gia đình, thể thao, "
            "du lịch và thông tin – truyền thông."
        ),
        introduction=(
            (
                "Vị trí và chức năng",
                "Phòng Văn hóa và Thông tin là cơ quan chuyên môn thuộc Ủy ban nhân dân Thành phố Tây Ninh, tham "
                "mưu quản lý nhà nước về văn hóa, gia đình, thể dục, thể thao, du lịch, quảng cáo, báo chí, xuất "
                "bản, bưu chính, viễn thông, công nghệ thông tin và thông tin cơ sở.",
            ),
            (
                "Tổ chức bộ máy",
                "Phòng có Trưởng phòng, các Phó Trưởng phòng và công chức chuyên môn; phối hợp với Trung tâm Văn "
                "hóa, Thể thao và Truyền thanh thành phố trong tuyên truyền các sự kiện chính trị, văn hóa của địa "
                "phương.",
            ),
            (
                "Nhiệm vụ trọng tâm",
                "Phòng hướng dẫn các phường, xã xây dựng đời sống văn hóa ở khu phố, ấp; quảng bá du lịch núi Bà "
                "Đen; theo dõi hoạt động của hệ thống truyền thanh cơ sở và hỗ trợ kỹ thuật cho cổng thông tin điện "
                "tử của các đơn vị.",
            ),
        ),
        editors=_editors("Trần Thị Minh Thư", "Huỳnh Văn Phúc", "Nguyễn Tấn Đạt"),
    ),
    # Contributing organisations (the city's directive, item 4): a small portal each, news proposed to the city.
    DemoUnit(
        kind="fatherland_front",
        name="Ủy ban MTTQ Việt Nam thành phố Tây Ninh",
        slug="mttq",
        parent="tayninh",
        code="",
        address="Số 02 đường Trần Hưng Đạo, Phường 2, Thành phố Tây Ninh",
        phone="0276 382 2315",
        email="mttq.tptayninh@tayninh.gov.vn",
        responsible_person="Lê Thị Kim Loan – Phó Chủ tịch Ủy ban MTTQ Việt Nam thành phố",
        tagline="Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Tây Ninh – đại đoàn kết toàn dân tộc",
        licence=LICENCE.format(number="31", date="10/6/2026"),
        home_intro=(
            "Tin hoạt động của Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Tây Ninh và các tổ chức chính trị – xã hội "
            "thành viên: giám sát, phản biện xã hội, an sinh và các cuộc vận động."
        ),
        introduction=(
            (
                "Vị trí và chức năng",
                "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Tây Ninh là cơ quan thường trực của Mặt trận ở thành "
                "phố, đại diện, bảo vệ quyền và lợi ích hợp pháp của Nhân dân; tập hợp, xây dựng khối đại đoàn kết "
                "toàn dân tộc; giám sát và phản biện xã hội; tham gia xây dựng Đảng, chính quyền.",
            ),
            (
                "Tổ chức",
                "Ủy ban gồm đại diện các tổ chức chính trị – xã hội, các tổ chức xã hội, các dân tộc, tôn giáo và cá "
                "nhân tiêu biểu; Ban Thường trực gồm Chủ tịch, các Phó Chủ tịch và Ủy viên thường trực. Các tổ chức "
                "chính trị – xã hội thành phố hoạt động dưới sự chủ trì, hiệp thương của Mặt trận.",
            ),
            (
                "Các cuộc vận động",
                "Mặt trận chủ trì cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”, Quỹ "
                "“Vì người nghèo” và phong trào “Người Việt Nam ưu tiên dùng hàng Việt Nam” trên địa bàn thành phố.",
            ),
        ),
        editors=_editors("Nguyễn Thị Bích Ngọc", "Lê Thị Kim Loan", "Trương Văn Hậu"),
    ),
    DemoUnit(
        kind="socio_political",
        name="Thành đoàn Tây Ninh",
        slug="thanhdoan",
        parent="tayninh",
        code="",
        address="Số 85 đường 30/4, Phường 2, Thành phố Tây Ninh",
        phone="0276 382 2127",
        email="thanhdoan.tptayninh@tayninh.gov.vn",
        responsible_person="Phạm Minh Khôi – Phó Bí thư Thành đoàn",
        tagline="Đoàn Thanh niên Cộng sản Hồ Chí Minh thành phố Tây Ninh",
        licence=LICENCE.format(number="32", date="10/6/2026"),
        home_intro=(
            "Tin hoạt động của Đoàn Thanh niên Cộng sản Hồ Chí Minh thành phố Tây Ninh: tình nguyện, khởi nghiệp, "
            "chuyển đổi số và chăm lo thanh thiếu nhi."
        ),
        introduction=(
            (
                "Vị trí và chức năng",
                "Thành đoàn Tây Ninh là cơ quan lãnh đạo của Đoàn Thanh niên Cộng sản Hồ Chí Minh thành phố giữa hai "
                "kỳ đại hội, thành viên của Ủy ban Mặt trận Tổ quốc Việt Nam thành phố; tập hợp, giáo dục và phát "
                "huy vai trò xung kích của thanh niên trong xây dựng và phát triển thành phố.",
            ),
            (
                "Tổ chức",
                "Thành đoàn có Ban Chấp hành, Ban Thường vụ và các ban chuyên môn; chỉ đạo Đoàn cơ sở tại các "
                "phường, xã, cơ quan, trường học và Hội đồng Đội thành phố.",
            ),
            (
                "Phong trào trọng tâm",
                "Các phong trào “Thanh niên tình nguyện”, “Tuổi trẻ sáng tạo”, “Đồng hành với thanh niên lập thân, "
                "lập nghiệp” và đội hình thanh niên hỗ trợ người dân sử dụng dịch vụ công trực tuyến.",
            ),
        ),
        editors=_editors("Đỗ Thị Thanh Trúc", "Phạm Minh Khôi", "Nguyễn Hoàng Long"),
    ),
    DemoUnit(
        kind="public_service",
        name="Trung tâm Văn hóa, Thể thao và Truyền thanh thành phố Tây Ninh",
        slug="ttvhtt",
        parent="tayninh",
        code="",
        address="Số 83 đường 30/4, Phường 2, Thành phố Tây Ninh",
        phone="0276 382 2268",
        email="ttvhttth.tptayninh@tayninh.gov.vn",
        responsible_person="Võ Thị Mỹ Hạnh – Phó Giám đốc Trung tâm",
        tagline="Trung tâm Văn hóa, Thể thao và Truyền thanh thành phố Tây Ninh",
        licence=LICENCE.format(number="33", date="10/6/2026"),
        home_intro=(
            "Lịch biểu diễn, giải thể thao, bản tin truyền thanh và hoạt động văn hóa cơ sở của Thành phố Tây Ninh."
        ),
        introduction=(
            (
                "Vị trí và chức năng",
                "Trung tâm là đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân Thành phố Tây Ninh, tổ chức các hoạt "
                "động văn hóa, văn nghệ, thể dục thể thao, thông tin lưu động và vận hành hệ thống truyền thanh của "
                "thành phố, phục vụ nhiệm vụ chính trị của địa phương.",
            ),
            (
                "Tổ chức",
                "Trung tâm có Giám đốc, các Phó Giám đốc và các tổ Hành chính – Tổng hợp, Văn hóa – Nghệ thuật, Thể "
                "dục thể thao, Truyền thanh; chịu sự hướng dẫn chuyên môn của Phòng Văn hóa và Thông tin.",
            ),
            (
                "Dịch vụ cho người dân",
                "Nhà văn hóa và sân thể thao của Trung tâm mở cửa cho các câu lạc bộ; các lớp năng khiếu hè cho thiếu "
                "nhi; bản tin truyền thanh phát sáng và chiều mỗi ngày trên hệ thống loa của các phường, xã.",
            ),
        ),
        editors=_editors("Huỳnh Thị Ngọc Hân", "Võ Thị Mỹ Hạnh", "Lâm Quốc Bảo"),
    ),
)


@dataclass(frozen=True)
class DemoPassword:
    value: str
    source: str  # "env" | "file" | "new-file"
    path: Path | None = None


def resolve_demo_password(var_dir: Path | None = None) -> DemoPassword:
    """DEMO_PASSWORD if set; otherwise the password kept in <VAR_DIR>/demo-password.txt, generated on first use."""
    from_env = os.environ.get(PASSWORD_ENV, "")
    if from_env:
        return DemoPassword(from_env, "env")
    path = Path(var_dir or settings.VAR_DIR) / PASSWORD_FILE_NAME
    if path.exists():
        stored = path.read_text(encoding="utf-8").strip()
        if stored:
            return DemoPassword(stored, "file", path)
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(12)
    # Owner-only file, written whole before it becomes visible under its name.
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    tmp.replace(path)
    return DemoPassword(value, "new-file", path)


class _PasswordApplier:
    """Sets the demo password on users whose hash does not already match it, hashing at most once per run.

    Demo accounts share one password, so they share one hash; checking each distinct hash once keeps a re-run
    fast under the slow production hasher and leaves matching users untouched.
    """

    def __init__(self, password: str):
        self.password = password
        self._encoded: str | None = None
        self._matches: dict[str, bool] = {}

    def apply(self, user) -> bool:
        current = user.password or ""
        if current not in self._matches:
            self._matches[current] = check_password(self.password, current)
        if self._matches[current]:
            return False
        if self._encoded is None:
            self._encoded = make_password(self.password)
            self._matches[self._encoded] = True
        user.password = self._encoded
        return True


@dataclass
class DemoAccount:
    username: str
    role: str
    unit: Unit | None
    created: bool
    password_set: bool


@dataclass
class UnitOutcome:
    unit: Unit
    created: bool
    changes: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


@dataclass
class SeedReport:
    units: list[UnitOutcome] = field(default_factory=list)
    accounts: list[DemoAccount] = field(default_factory=list)
    content: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return (
            any(o.created or o.changes for o in self.units)
            or any(a.created or a.password_set for a in self.accounts)
            or bool(self.content)
        )


def load_unit(data: DemoUnit) -> UnitOutcome:
    """Provision the unit; contact fields are passed only where the existing unit has none, so edits survive."""
    spec = data.spec()
    existing = Unit.objects.filter(slug=data.slug).first()
    if existing is not None:
        for name in CONTACT_FIELDS:
            if getattr(existing, name):
                setattr(spec, name, "")
    result = provision_unit(spec)
    notices = result.notices
    outcome = UnitOutcome(result.unit, result.created, [c for c in result.changes if c not in notices], notices)
    outcome.changes += load_portal_settings(result.unit, data)
    outcome.changes += load_home_intro(result.unit, data)
    outcome.changes += load_introduction(result.unit, data)
    return outcome


# The official channels (Decree 224 Art. 10(3)) of the units whose demo names them, shown in their footers.
OFFICIAL_CHANNELS = {
    "tayninh": {
        "facebook_url": "https://www.facebook.com/ubndthanhphotayninh",
        "zalo_url": "https://zalo.me/2708451236985471203",
        "youtube_url": "https://www.youtube.com/@ubndthanhphotayninh",
    },
    "ninhson": {
        "facebook_url": "https://www.facebook.com/ubndphuongninhson",
        "zalo_url": "https://zalo.me/3105287469120548736",
    },
}


def load_portal_settings(unit: Unit, data: DemoUnit) -> list[str]:
    portal_settings = PortalSettings.for_site(unit.site)
    values = {"tagline": data.tagline, "licence": data.licence, **OFFICIAL_CHANNELS.get(unit.slug, {})}
    changed = [name for name in values if not getattr(portal_settings, name)]
    if not changed:
        return []
    for name in changed:
        setattr(portal_settings, name, values[name])
    portal_settings.full_clean()
    portal_settings.save(update_fields=changed)
    return [f"Điền cấu hình cổng: {', '.join(changed)}"]


def load_home_intro(unit: Unit, data: DemoUnit) -> list[str]:
    home = unit.home_page.specific
    if home.latest_revision_id is not None or home.intro:
        return []
    home.intro = data.home_intro
    home.save_revision().publish()
    return ["Viết lời giới thiệu trên trang chủ"]


def introduction_body(data: DemoUnit) -> list[dict]:
    """The “Giới thiệu” page body as StreamField data: a heading and a paragraph per topic."""
    body: list[dict] = []
    for heading, paragraph in data.introduction:
        body.append({"type": "heading", "value": {"text": heading, "level": "h2"}})
        body.append({"type": "paragraph", "value": f"<p>{paragraph}</p>"})
    return body


def load_introduction(unit: Unit, data: DemoUnit) -> list[str]:
    section = unit.sections.filter(key="intro").select_related("page").first()
    if section is None:
        return []
    page = section.page.specific
    if page.latest_revision_id is not None:
        return []
    if unit.is_contributing:
        page.intro = f"Giới thiệu {data.name}: vị trí, chức năng, tổ chức và các hoạt động chính."
    else:
        page.intro = f"Tổng quan về {data.name}: vị trí địa lý, diện tích, dân cư, tổ chức và định hướng phát triển."
    page.body = introduction_body(data)
    page.save_revision().publish()
    return ["Viết nội dung trang Giới thiệu"]


def _ensure_account(
    username: str, person: DemoPerson, email: str, passwords: _PasswordApplier, *, superuser: bool = False
):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(
            username=username,
            first_name=person.first_name,
            last_name=person.last_name,
            email=email,
            is_staff=superuser,
            is_superuser=superuser,
        )
    password_set = passwords.apply(user)
    if created:
        user.save()
        return user, created, password_set
    # Demo accounts seeded before names were stored family first are put right on the next seed.
    changed = ["password"] if password_set else []
    if (user.first_name, user.last_name) != (person.first_name, person.last_name):
        user.first_name, user.last_name = person.first_name, person.last_name
        changed += ["first_name", "last_name"]
    if changed:
        user.save(update_fields=changed)
    return user, created, password_set


def load_accounts(password: str) -> list[DemoAccount]:
    """The superuser `quantri`, the oversight account `noivu.giamsat` and, per demo unit, a writer, a board member
    and a unit administrator."""
    passwords = _PasswordApplier(password)
    accounts = []
    _, created, password_set = _ensure_account(
        SUPERUSER_USERNAME, SUPERUSER, "quantri@tayninh.gov.vn", passwords, superuser=True
    )
    accounts.append(DemoAccount(SUPERUSER_USERNAME, "Quản trị hệ thống", None, created, password_set))
    inspector, created, password_set = _ensure_account(
        OVERSIGHT_USERNAME, OVERSIGHT_PERSON, "noivu.giamsat@tayninh.gov.vn", passwords
    )
    inspector.groups.add(ensure_oversight_group()[0])
    accounts.append(DemoAccount(OVERSIGHT_USERNAME, "Giám sát (Phòng Nội vụ)", None, created, password_set))
    units = Unit.objects.select_related("site").in_bulk([d.slug for d in DEMO_UNITS], field_name="slug")
    for data in DEMO_UNITS:
        unit = units[data.slug]
        groups = {ug.role: ug.group for ug in unit.role_groups.select_related("group")}
        for role, person in zip(ROLE_USERNAME_SUFFIX, data.editors, strict=True):
            username = f"{data.slug}.{ROLE_USERNAME_SUFFIX[role]}"
            user, created, password_set = _ensure_account(username, person, f"{username}@tayninh.gov.vn", passwords)
            user.groups.add(groups[role])
            accounts.append(DemoAccount(username, UnitRole(role).label, unit, created, password_set))
    return accounts


def load_app_content(units: dict[str, Unit]) -> list[str]:
    """Each content loader adds its demo content and says what it added (nothing on a second run); organisation
    first (news and documents refer to officials and sub-units), English last (it translates what the others made)."""
    lines: list[str] = []
    loaders = (
        load_organization_demo,
        load_news_demo,
        load_documents_demo,
        load_questions_demo,
        load_consultations_demo,
        load_ratings_demo,
        load_contributing_demo,
        load_information_demo,
        load_disclosure_demo,
        load_services_demo,
        load_oversight_demo,
        load_english_demo,
    )
    for loader in loaders:
        lines += loader(units)
    return lines


@transaction.atomic
def seed_demo(password: str) -> SeedReport:
    """Load every demo unit, its content and the demo accounts in one transaction."""
    report = SeedReport()
    for data in DEMO_UNITS:
        report.units.append(load_unit(data))
    report.accounts = load_accounts(password)
    report.content = load_app_content({outcome.unit.slug: outcome.unit for outcome in report.units})
    return report
