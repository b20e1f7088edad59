"""The English translation status report “Bản dịch tiếng Anh”: which pages the law requires in
English (Decree 42/2022 Art. 7(2)) are missing or out of date, per unit, for the units the user sees."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import unicodedata

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from languages.helpers import translate_with_localize
from organization.models import Official, SubUnit
from reports.translation_status import (
    HOME_SECTION,
    TranslationStatus,
    required_sections,
    summarise,
    translation_status,
)
from sites.access import english_locale
from sites.blueprint import BLUEPRINT, Blueprint
from sites.models import PortalSettings, Unit, UnitSection
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import PASSWORD, login_verified, make_member, make_unit

URL = "/admin/reports/ban-dich-tieng-anh/"
REQUIRED_KEYS = ["home", "org", "leaders", "contacts"]


def section_page(unit: Unit, key: str) -> Page:
    return UnitSection.objects.select_related("page").get(unit=unit, key=key).page.specific


def statuses(unit: Unit, blueprint: Blueprint = BLUEPRINT) -> dict[str, str]:
    return {row.section.key: row.status for row in translation_status(Unit.objects.filter(pk=unit.pk), blueprint)}


def republish(page: Page) -> None:
    page = Page.objects.get(pk=page.pk).specific
    page.save_revision().publish()


@pytest.fixture
def inspector(db, django_user_model):
    user = django_user_model.objects.create_user("noivu.giamsat", "giamsat@tayninh.gov.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    return user


def table_rows(html: str) -> int:
    return html.count("<tr data-row")


# --- the blueprint ---------------------------------------------------------------------------------------------


def test_the_blueprint_flags_what_decree_42_requires_in_english():
    flagged = {s.key for s in BLUEPRINT.sections if s.english_required}
    assert flagged == {"org", "leaders", "contacts"}
    for kind in ("province", "city", "ward", "commune", "department"):
        assert [s.key for s in required_sections(kind)] == REQUIRED_KEYS
    assert HOME_SECTION.english_required and HOME_SECTION.key not in BLUEPRINT.keys


# --- statuses as a user would see them --------------------------------------------------------------------------


def test_a_new_unit_has_its_english_home_and_nothing_else(two_units):
    rows = translation_status(Unit.objects.filter(pk=two_units.ward_a.pk))
    assert [row.section.key for row in rows] == REQUIRED_KEYS
    by_key = {row.section.key: row for row in rows}
    assert by_key["home"].status == TranslationStatus.CURRENT
    assert by_key["home"].english_page.title == "Ninh Son Ward"
    for key in ("org", "leaders", "contacts"):
        assert by_key[key].status == TranslationStatus.MISSING
        assert by_key[key].english_page is None
        assert by_key[key].vietnamese_page.pk == section_page(two_units.ward_a, key).pk
    # NĐ224 replaced NĐ42 Đ4(1)(e) for “org”, but the English duty (NĐ42 Đ7(2)) has no successor yet: still cited.
    assert by_key["org"].basis == f"NĐ42 Đ7(2); {BLUEPRINT.get('org').basis}"
    assert by_key["leaders"].basis == f"NĐ42 Đ7(2); {BLUEPRINT.get('leaders').basis}"
    assert by_key["home"].basis == "NĐ42 Đ7(2)"
    assert not any(row.publishes_english for row in rows)


def test_missing_then_current_then_outdated_then_current_again(two_units):
    a = two_units.ward_a
    org = section_page(a, "org")
    assert statuses(a)["org"] == TranslationStatus.MISSING

    english = translate_with_localize(org, {"Cơ cấu tổ chức": "Organisation"})
    assert english.title == "Organisation" and english.live
    assert statuses(a)["org"] == TranslationStatus.CURRENT

    republish(org)  # the Vietnamese text changed after the translation
    assert statuses(a)["org"] == TranslationStatus.OUTDATED

    translate_with_localize(Page.objects.get(pk=org.pk).specific, {"Cơ cấu tổ chức": "Organisation"})
    assert statuses(a)["org"] == TranslationStatus.CURRENT
    # Only ward A's row moved.
    assert statuses(two_units.ward_b)["org"] == TranslationStatus.MISSING


def test_a_translation_saved_but_not_published_is_a_draft(two_units):
    a = two_units.ward_a
    english = translate_with_localize(section_page(a, "contacts"), {"Liên hệ": "Contact us"}, publish=False)
    assert not Page.objects.get(pk=english.pk).live
    row = next(r for r in translation_status(Unit.objects.filter(pk=a.pk)) if r.section.key == "contacts")
    assert row.status == TranslationStatus.DRAFT
    assert row.english_page.pk == english.pk
    assert str(row.status.label) == "Bản nháp, chưa xuất bản"


def test_an_alias_mirrors_the_vietnamese_text_and_counts_as_missing(two_units):
    a = two_units.ward_a
    leaders = section_page(a, "leaders")
    alias = leaders.copy_for_translation(english_locale(), copy_parents=True, alias=True)
    assert alias.alias_of_id == leaders.pk
    row = next(r for r in translation_status(Unit.objects.filter(pk=a.pk)) if r.section.key == "leaders")
    assert row.status == TranslationStatus.MISSING and row.english_page is None


def test_an_alias_parent_left_by_wagtail_localize_counts_as_missing(two_units):
    a = two_units.ward_a
    # Translating the org chart makes wagtail-localize copy its parent “Giới thiệu” into English as an alias.
    translate_with_localize(section_page(a, "org"), {"Cơ cấu tổ chức": "Organisation"})
    intro = section_page(a, "intro")
    assert intro.get_translation(english_locale()).alias_of_id == intro.pk
    sections = tuple(
        dataclasses.replace(s, english_required=s.english_required or s.key == "intro") for s in BLUEPRINT.sections
    )
    with_intro = Blueprint(BLUEPRINT.version, BLUEPRINT.basis, sections)
    found = statuses(a, with_intro)
    assert found["intro"] == TranslationStatus.MISSING
    assert found["org"] == TranslationStatus.CURRENT


def test_a_required_section_the_unit_lacks_is_reported_missing(two_units):
    a = two_units.ward_a
    section_page(a, "contacts").delete()
    row = next(r for r in translation_status(Unit.objects.filter(pk=a.pk)) if r.section.key == "contacts")
    assert row.vietnamese_page is None and row.status == TranslationStatus.MISSING


def gaps(unit: Unit, key: str) -> list[str]:
    row = next(r for r in translation_status(Unit.objects.filter(pk=unit.pk)) if r.section.key == key)
    return [gap.text for gap in row.data_gaps]


@pytest.fixture
def ward_a_people(two_units):
    """Ward A's sub-units and officials as its organisation, leadership and contacts pages show them."""
    a = two_units.ward_a
    office = SubUnit.objects.create(unit=a, name="Văn phòng HĐND và UBND", phone="0276 3822 222")
    culture = SubUnit.objects.create(unit=a, name="Phòng Văn hóa – Xã hội")
    chair = Official.objects.create(
        unit=a, name="Nguyễn Văn An", position="Chủ tịch UBND phường", is_leader=True, is_contact=True
    )
    former = Official.objects.create(
        unit=a,
        name="Lê Thị Bình",
        position="Nguyên Chủ tịch UBND phường",
        is_leader=True,
        term_end=timezone.localdate() - dt.timedelta(days=400),
    )
    SubUnit.objects.create(unit=two_units.ward_b, name="Văn phòng phường Hiệp Ninh")  # ward B's, never counted for A
    return {"office": office, "culture": culture, "chair": chair, "former": former}


def test_a_translated_page_whose_sub_units_and_leaders_are_still_vietnamese_is_incomplete(two_units, ward_a_people):
    a, b = two_units.ward_a, two_units.ward_b
    translate_with_localize(section_page(a, "org"), {"Cơ cấu tổ chức": "Organisation"})
    assert statuses(a)["org"] == TranslationStatus.INCOMPLETE
    # The organisation chart shows every sub-unit and the current leaders; the former leader is not on it.
    assert gaps(a, "org") == ["2/2 đơn vị trực thuộc chưa dịch", "1/1 lãnh đạo chưa dịch"]
    # The leadership page lists former leaders too; contacts show contact officials and sub-units with a number.
    assert gaps(a, "leaders") == ["2/2 lãnh đạo chưa dịch"]
    assert gaps(a, "contacts") == [
        "1/1 cán bộ đầu mối liên hệ chưa dịch",
        "1/1 đơn vị trực thuộc có số liên hệ chưa dịch",
    ]
    # Ward B's untranslated page counts its own sub-unit only.
    assert statuses(b)["org"] == TranslationStatus.MISSING
    assert gaps(b, "org") == ["1/1 đơn vị trực thuộc chưa dịch"]

    translate_with_localize(ward_a_people["office"], {"Văn phòng HĐND và UBND": "Office of the People's Council"})
    assert gaps(a, "org") == ["1/2 đơn vị trực thuộc chưa dịch", "1/1 lãnh đạo chưa dịch"]
    translate_with_localize(ward_a_people["culture"], {"Phòng Văn hóa – Xã hội": "Culture and Social Affairs"})
    translate_with_localize(ward_a_people["chair"], {"Chủ tịch UBND phường": "Chairman of the Ward People's Committee"})
    assert gaps(a, "org") == []
    assert statuses(a)["org"] == TranslationStatus.CURRENT
    assert gaps(a, "leaders") == ["1/2 lãnh đạo chưa dịch"]


def test_the_report_links_each_gap_to_the_list_where_rows_are_translated(client, two_units, ward_a_people, inspector):
    translate_with_localize(section_page(two_units.ward_a, "org"), {"Cơ cấu tổ chức": "Organisation"})
    client.force_login(two_units.board_a)
    html = client.get(URL, {"status": "incomplete"}).content.decode()
    assert table_rows(html) == 1
    assert "Còn dữ liệu chưa dịch" in html
    assert "Phường Ninh Sơn: 1/4 trang đã dịch, 1 trang còn dữ liệu chưa dịch; chưa công bố tiếng Anh" in html
    listing = reverse(SubUnit.snippet_viewset.get_url_name("list"))
    assert f'<a href="{listing}?locale=vi">2/2 đơn vị trực thuộc chưa dịch</a>' in html
    # The listing it leads to offers wagtail-localize's “Dịch” for ward A's rows, and only those.
    page = client.get(f"{listing}?locale=vi").content.decode()
    assert "Văn phòng HĐND và UBND" in page and "Văn phòng phường Hiệp Ninh" not in page
    # Oversight reads the gap without an edit link.
    client.logout()
    login_verified(client, inspector)
    html = client.get(URL, {"unit": two_units.ward_a.pk}).content.decode()
    assert "2/2 đơn vị trực thuộc chưa dịch" in html and f'href="{listing}?locale=vi"' not in html
    # The export carries the status and what data is missing, for the oversight office's yearly review.
    response = client.get(URL, {"unit": two_units.ward_a.pk, "export": "csv"})
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert table[0][-1] == "Dữ liệu chưa dịch"
    org = next(row for row in table[1:] if row[1] == "Cơ cấu tổ chức")
    assert org[6] == "Còn dữ liệu chưa dịch"
    assert org[-1] == "2/2 đơn vị trực thuộc chưa dịch; 1/1 lãnh đạo chưa dịch"


def test_the_summary_counts_per_unit_and_says_whether_english_is_published(two_units):
    a, b = two_units.ward_a, two_units.ward_b
    translate_with_localize(section_page(a, "org"), {"Cơ cấu tổ chức": "Organisation"})
    translate_with_localize(section_page(a, "contacts"), {"Liên hệ": "Contact us"})
    republish(section_page(a, "contacts"))
    settings_b = PortalSettings.for_site(b.site)
    settings_b.publish_english = True
    settings_b.save()
    summaries = {s.unit.pk: s for s in summarise(translation_status(Unit.objects.filter(pk__in=[a.pk, b.pk])))}
    assert summaries[a.pk].text == "Phường Ninh Sơn: 2/4 trang đã dịch, 1 trang cần cập nhật; chưa công bố tiếng Anh"
    assert summaries[b.pk].text == "Phường Hiệp Ninh: 1/4 trang đã dịch; đã công bố tiếng Anh"


def test_queries_do_not_grow_with_the_number_of_units(two_units):
    def count(units) -> int:
        with CaptureQueriesContext(connection) as queries:
            rows = translation_status(units)
        assert len(rows) == units.count() * len(REQUIRED_KEYS)
        return len(queries)

    translate_with_localize(section_page(two_units.ward_a, "org"), {"Cơ cấu tổ chức": "Organisation"})
    two = count(Unit.objects.filter(pk__in=[two_units.ward_a.pk, two_units.ward_b.pk]))
    for slug, name in [("tanbinh", "Xã Tân Bình"), ("thanhdien", "Xã Thạnh Điền"), ("binhminh", "Xã Bình Minh")]:
        make_unit("commune", name, slug, "tayninh")
    six = count(Unit.objects.all())
    assert Unit.objects.count() == 6
    # Four queries for the pages and settings, one per kind of data the required pages show (sub-units, leaders…).
    assert two == six == 9


# --- the admin report -------------------------------------------------------------------------------------------


def test_the_report_renders_in_vietnamese_with_the_summary_and_links(client, two_units):
    a = two_units.ward_a
    org = section_page(a, "org")
    english = translate_with_localize(org, {"Cơ cấu tổ chức": "Organisation"})
    client.force_login(two_units.board_a)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert unicodedata.is_normalized("NFC", html)
    assert "Bản dịch tiếng Anh" in html
    assert "Phường Ninh Sơn: 2/4 trang đã dịch; chưa công bố tiếng Anh" in html
    for label in ("Chưa dịch", "Đã dịch", "Trang tiếng Việt", "Trang tiếng Anh", "Tình trạng", "NĐ42 Đ7(2)"):
        assert label in html
    assert table_rows(html) == 4
    assert reverse("wagtailadmin_pages:edit", args=[org.pk]) in html
    assert reverse("wagtailadmin_pages:edit", args=[english.pk]) in html
    # The unit's roles hold wagtail-localize's permission (provisioning): missing pages offer “Dịch trang này”.
    assert "data-translate" in html


def test_a_missing_page_links_to_wagtail_localizes_translate_view(client, two_units):
    board = two_units.board_a
    client.force_login(board)
    html = client.get(URL, {"status": "missing"}).content.decode()
    assert table_rows(html) == 3
    for key in ("org", "leaders", "contacts"):
        url = reverse("wagtail_localize:submit_page_translation", args=[section_page(two_units.ward_a, key).pk])
        assert f'href="{url}"' in html


def test_an_outdated_page_offers_to_sync_the_translation(client, two_units):
    org = section_page(two_units.ward_a, "org")
    translate_with_localize(org, {"Cơ cấu tổ chức": "Organisation"})
    republish(org)
    board = two_units.board_a
    board.user_permissions.add(Permission.objects.get(codename="submit_translation"))
    client.force_login(board)
    html = client.get(URL, {"status": "outdated"}).content.decode()
    assert table_rows(html) == 1 and "Cần cập nhật" in html
    assert "/admin/localize/update/" in html and "data-sync" in html


def test_a_ward_member_sees_only_their_ward_even_when_asking_for_another(client, two_units):
    client.force_login(two_units.board_a)
    html = client.get(URL).content.decode()
    assert "Phường Ninh Sơn" in html
    assert "Hiệp Ninh" not in html and "Tây Ninh" not in html
    assert table_rows(html) == 4
    response = client.get(URL, {"unit": two_units.ward_b.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hiệp Ninh" not in html and "Hiep Ninh" not in html
    assert table_rows(html) == 4  # the unknown choice is ignored: still ward A's rows only
    export = client.get(URL, {"unit": two_units.ward_b.pk, "export": "csv"})
    assert "Hiệp Ninh" not in b"".join(export.streaming_content).decode("utf-8-sig")


def test_another_units_user_never_sees_ward_a(client, two_units):
    client.force_login(two_units.writer_b)
    html = client.get(URL, {"unit": two_units.ward_a.pk}).content.decode()
    assert "Phường Hiệp Ninh" in html
    assert "Ninh Sơn" not in html and "Ninh Son" not in html


@pytest.mark.parametrize("who", ["inspector", "superuser"])
def test_oversight_and_superuser_see_every_unit_and_filter(client, two_units, inspector, superuser, who):
    login_verified(client, {"inspector": inspector, "superuser": superuser}[who])
    html = client.get(URL).content.decode()
    for name in ("Thành phố Tây Ninh", "Phường Ninh Sơn", "Phường Hiệp Ninh"):
        assert f"{name}: " in html
    assert table_rows(html) == 12
    html = client.get(URL, {"unit": two_units.ward_b.pk}).content.decode()
    assert table_rows(html) == 4 and html.count(f'data-unit="{two_units.ward_b.pk}"') == 4
    assert "Phường Hiệp Ninh: " in html and "Phường Ninh Sơn: " not in html
    html = client.get(URL, {"status": "current"}).content.decode()
    assert table_rows(html) == 3 and html.count('data-section="home"') == 3


def test_the_oversight_group_gets_no_edit_or_translate_links(client, two_units, inspector):
    login_verified(client, inspector)
    html = client.get(URL).content.decode()
    assert "data-edit-vi" not in html and "data-edit-en" not in html and "data-translate" not in html


def test_csv_export_contains_the_rows(client, two_units):
    translate_with_localize(section_page(two_units.ward_a, "org"), {"Cơ cấu tổ chức": "Organisation"})
    client.force_login(two_units.admin_a)
    response = client.get(URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ban-dich-tieng-anh.csv"'
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert table[0][:7] == [
        "Đơn vị",
        "Chuyên mục",
        "Chuyên mục (tiếng Anh)",
        "Căn cứ",
        "Trang tiếng Việt",
        "Trang tiếng Anh",
        "Tình trạng",
    ]
    body = table[1:]
    assert len(body) == 4 and {row[0] for row in body} == {"Phường Ninh Sơn"}
    org = next(row for row in body if row[1] == "Cơ cấu tổ chức")
    assert org[2] == "Organisation" and org[5] == "Organisation" and org[6] == "Đã dịch" and org[9] == "Không"
    assert next(row for row in body if row[1] == "Liên hệ")[6] == "Chưa dịch"


def test_xlsx_export_contains_the_rows(client, two_units, superuser):
    from openpyxl import load_workbook

    login_verified(client, superuser)
    response = client.get(URL, {"export": "xlsx", "unit": two_units.ward_a.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Đơn vị" and len(values) == 5
    assert {row[0] for row in values[1:]} == {"Phường Ninh Sơn"}
    assert [row[1] for row in values[1:]] == ["Trang chủ", "Cơ cấu tổ chức", "Lãnh đạo", "Liên hệ"]
    home = values[1]
    assert home[5] == "Ninh Son Ward" and home[6] == "Đã dịch" and home[8] is not None


def test_the_report_queries_do_not_grow_with_the_number_of_units(client, two_units, superuser):
    login_verified(client, superuser)
    client.get(URL)  # warm caches (content types, sessions)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    before = count()
    for slug, name in [("tanbinh", "Xã Tân Bình"), ("thanhdien", "Xã Thạnh Điền"), ("binhminh", "Xã Bình Minh")]:
        make_member(make_unit("commune", name, slug, "tayninh"), "writer")
    assert count() == before


def test_users_of_no_unit_are_refused(client, django_user_model, db):
    outsider = django_user_model.objects.create_user("khach", password=PASSWORD)
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    response = client.get(URL)
    # Wagtail turns the refusal into a redirect to the dashboard with its “no permission” message.
    assert response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def test_the_reports_menu_offers_the_report_to_unit_members_only(two_units, django_user_model):
    from reports.wagtail_hooks import register_translation_status_menu_item

    item = register_translation_status_menu_item()
    assert str(item.label) == "Bản dịch tiếng Anh" and item.url == URL
    request = RequestFactory().get("/admin/")
    request.user = two_units.writer_a
    assert item.is_shown(request)
    request.user = django_user_model.objects.create_user("khach", password=PASSWORD)
    assert not item.is_shown(request)


def test_the_reports_own_markup_has_no_inline_script_or_style_and_its_text_is_nfc(client, two_units, ward_a_people):
    """What the report renders itself — the explanation, the summary and table the filters reload, the CSV — carries
    no inline script or style attribute, and every Vietnamese string in it is NFC."""
    client.force_login(two_units.board_a)
    page = client.get(URL).content.decode()
    start = page.index('<p class="help-block help-info">')
    explanation = page[start : page.index("</p>", start)]
    results = client.get(reverse("reports_translation_status:results"))
    assert results.status_code == 200
    fragment = results.content.decode()
    assert "Tổng hợp theo đơn vị" in fragment and table_rows(fragment) == 4
    assert "Cần cập nhật" in explanation
    export = b"".join(client.get(URL, {"export": "csv"}).streaming_content).decode("utf-8-sig")
    for html in (explanation, fragment):
        assert "<script" not in html and "style=" not in html
    for text in (page, fragment, export):
        assert unicodedata.is_normalized("NFC", text)
