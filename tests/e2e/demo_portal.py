"""Build the portal the browser tests visit, in its own SQLite file: `python -m tests.e2e.demo_portal <port>`.

Runs in a separate process (PORTAL_VAR_DIR set by tests/e2e/conftest.py), never against the pytest database:
a city with two wards whose Sites use the test server's port, and one content page under the ward's “Giới thiệu”;
the city and Phường Ninh Sơn also publish English pages (demo/english.py).
A writer of Phường Ninh Sơn (`EDITOR`, `EDITOR_PASSWORD`) signs in to the admin; a page they submitted was sent
back by the ward's board with `REJECTION_COMMENT`. The oversight office (`OVERSIGHT`) signs in with its password
and a code computed from `OVERSIGHT_TOTP_KEY`. The unit administrator of Phường Hiệp Ninh
(`OTHER_UNIT_ADMIN`, `OTHER_UNIT_ADMIN_PASSWORD`) signs in too; their edits touch no page another browser test reads.
Prints the content page's path, the ward's news section id and the rejected page's id as JSON.
"""

from __future__ import annotations

import json
import os
import sys

EDITOR = "bientap-ninhson"
EDITOR_PASSWORD = "mat-khau-trinh-duyet-2026"
REJECTION_COMMENT = "Thiếu số điện thoại đường dây nóng, bổ sung rồi gửi lại."
# The ward's board member and unit administrator (same password); names are stored family first (first_name).
BOARD = "banbientap-ninhson"
UNIT_ADMIN = "quantri-ninhson"
ACCOUNT_NAMES = {EDITOR: ("Phạm Thị Thu", "Trang"), BOARD: ("Lê Văn", "Hùng"), UNIT_ADMIN: ("Nguyễn Ngọc", "Ánh")}
OTHER_UNIT_ADMIN = "quantri-hiepninh"
OTHER_UNIT_ADMIN_PASSWORD = "mat-khau-quan-tri-2026"
# The city's oversight office (Phòng Nội vụ), with its authenticator's secret: the tests compute its codes.
OVERSIGHT = "noivu.giamsat"
OVERSIGHT_PASSWORD = "mat-khau-giam-sat-2026"
OVERSIGHT_TOTP_KEY = "3132333435363738393031323334353637383930"

CONTENT_BODY = [
    {"type": "heading", "value": {"text": "I. Vị trí địa lý", "level": "h2"}},
    {
        "type": "paragraph",
        "value": "<p>Phường Ninh Sơn nằm ở phía bắc Thành phố Tây Ninh, có diện tích tự nhiên 4,8 km², dân số hơn "
        "21.000 người, chia thành 7 khu phố.</p>",
    },
    {"type": "heading", "value": {"text": "II. Khí hậu", "level": "h2"}},
    {
        "type": "paragraph",
        "value": "<p>Khí hậu nhiệt đới gió mùa, hai mùa mưa nắng rõ rệt; nhiệt độ trung bình 27 °C.</p>",
    },
    {
        "type": "quote",
        "value": {
            "text": "Lấy sự hài lòng của người dân làm thước đo hiệu quả phục vụ.",
            "attribution": "Chủ tịch UBND phường",
        },
    },
]


def build(port: int) -> dict:
    from django.core.management import call_command
    from wagtail.models import Site

    from home.models import ContentPage
    from sites.provisioning import UnitSpec, provision_unit

    call_command("migrate", verbosity=0, interactive=False)
    provision_unit(
        UnitSpec(
            kind="city",
            name="Thành phố Tây Ninh",
            slug="tayninh",
            address="Số 1 đường Trần Hưng Đạo, Phường 2, Thành phố Tây Ninh",
            phone="0276 3822 170",
            email="ubnd@tayninh.gov.vn",
            responsible_person="Nguyễn Thanh Ngọc – Phó Chủ tịch UBND thành phố",
        )
    )
    ward = provision_unit(
        UnitSpec(
            kind="ward",
            name="Phường Ninh Sơn",
            slug="ninhson",
            parent_slug="tayninh",
            address="Số 5 đường Bời Lời, khu phố Ninh Phúc, Phường Ninh Sơn",
            phone="0276 3821 111",
            email="ubnd@ninhson.tayninh.gov.vn",
            responsible_person="Trần Văn Bình – Phó Chủ tịch UBND phường",
        )
    ).unit
    hiepninh = provision_unit(
        UnitSpec(kind="ward", name="Phường Hiệp Ninh", slug="hiepninh", parent_slug="tayninh")
    ).unit
    Site.objects.update(port=port)
    intro = ward.sections.get(key="intro").page
    content = intro.add_child(
        instance=ContentPage(
            title="Điều kiện tự nhiên",
            slug="dieu-kien-tu-nhien",
            intro="Vị trí địa lý, địa hình, khí hậu và tài nguyên của Phường Ninh Sơn.",
            body=json.dumps(CONTENT_BODY),
        )
    )
    content.save_revision().publish()
    from demo.organization import load_demo as load_organisation_demo

    load_organisation_demo({unit.slug: unit for unit in type(ward).objects.all()})
    from demo.documents import load_demo as load_documents_demo

    load_documents_demo({unit.slug: unit for unit in type(ward).objects.all()})
    from demo.news import load_demo as load_news_demo

    load_news_demo({unit.slug: unit for unit in type(ward).objects.all()})
    # Citizens' voice: khu phố, questions in every state, consultations (open, upcoming, reported) and ratings.
    from demo.consultations import load_consultations_demo
    from demo.questions import load_questions_demo
    from demo.ratings import load_ratings_demo

    for load_participation_demo in (load_questions_demo, load_consultations_demo, load_ratings_demo):
        load_participation_demo({unit.slug: unit for unit in type(ward).objects.all()})
    from demo.information_requests import load_information_demo

    load_information_demo({unit.slug: unit for unit in type(ward).objects.all()})  # focal point, requests
    from demo.disclosure import load_demo as load_disclosure_demo

    load_disclosure_demo({unit.slug: unit for unit in type(ward).objects.all()})
    from demo.services import load_services_demo

    load_services_demo({unit.slug: unit for unit in type(ward).objects.all()})  # procedures: city catalogue, ward
    from demo.english import load_demo as load_english_demo

    load_english_demo({unit.slug: unit for unit in type(ward).objects.all()})  # the city and the ward in English
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale, Page

    from sites.models import UnitRole

    for username, role in ((EDITOR, UnitRole.WRITER), (BOARD, UnitRole.BOARD), (UNIT_ADMIN, UnitRole.ADMIN)):
        first_name, last_name = ACCOUNT_NAMES[username]
        account = get_user_model().objects.create_user(
            username,
            f"{username}@ninhson.tayninh.gov.vn",
            EDITOR_PASSWORD,
            first_name=first_name,
            last_name=last_name,
        )
        account.groups.add(ward.role_groups.get(role=role).group)
    ward_pages = Page.objects.descendant_of(ward.home_page, inclusive=True).filter(locale__language_code="vi")
    # One page of each type an editor of the ward edits (the first in tree order), for the admin's screens.
    edit_page_ids = {}
    for page in ward_pages.select_related("content_type").order_by("path"):
        edit_page_ids.setdefault(page.content_type.model, page.pk)
    english_home = ward.home_page.get_translation_or_none(Locale.objects.get(language_code="en"))
    editor = get_user_model().objects.get(username=EDITOR)
    board = get_user_model().objects.get(username=BOARD)
    rejected = intro.add_child(
        instance=ContentPage(
            title="Lịch tiếp công dân tháng 6",
            slug="lich-tiep-cong-dan-thang-6",
            intro="Lịch tiếp công dân định kỳ của lãnh đạo phường.",
            live=False,
        )
    )
    rejected.save_revision(user=editor)
    task_state = rejected.get_workflow().start(rejected, editor).current_task_state
    task_state.task.specific.on_action(task_state, board, "reject", comment=REJECTION_COMMENT)
    other_unit_admin = get_user_model().objects.create_user(
        OTHER_UNIT_ADMIN, f"{OTHER_UNIT_ADMIN}@hiepninh.tayninh.gov.vn", OTHER_UNIT_ADMIN_PASSWORD
    )
    other_unit_admin.groups.add(hiepninh.role_groups.get(role=UnitRole.ADMIN).group)
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sites.provisioning import OVERSIGHT_GROUP_NAME

    office = get_user_model().objects.create_user(OVERSIGHT, "noivu.giamsat@tayninh.gov.vn", OVERSIGHT_PASSWORD)
    office.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    TOTPDevice.objects.create(user=office, name="Ứng dụng xác thực", key=OVERSIGHT_TOTP_KEY, confirmed=True)
    return {
        "rejected_page_id": rejected.pk,
        "content_path": content.url_path.removeprefix(ward.home_page.url_path.rstrip("/")),
        "news_index_id": ward.sections.get(key="news").page_id,
        "edit_page_ids": edit_page_ids,
        "english_home_id": english_home.pk if english_home else 0,
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    print(json.dumps(build(int(sys.argv[1]))))
