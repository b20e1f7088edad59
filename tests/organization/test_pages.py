"""Organisation pages: typed sections from the blueprint, org chart, leaders, spokesperson, contacts, history,
introduction; unit isolation in the admin; sync_blueprint upgrading generic sections; the demo loader."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from home.models import SectionPage
from organization.models import (
    ContactsPage,
    HistoryPage,
    IntroductionPage,
    LeadershipPage,
    Official,
    OrgChartPage,
    SpokespersonPage,
    SubUnit,
    WorkSchedulePage,
)
from organization.schedule import IsoWeek
from sites.blueprint import BLUEPRINT, GENERIC_SECTION, Blueprint
from sites.provisioning import UnitSpec, provision_unit
from tests.conftest import PASSWORD, make_unit

from .conftest import WARD_A, WARD_B, official, section

TYPED = {
    "intro": IntroductionPage,
    "history": HistoryPage,
    "org": OrgChartPage,
    "leaders": LeadershipPage,
    "spokesperson": SpokespersonPage,
    "contacts": ContactsPage,
    "schedule": WorkSchedulePage,
}


def html(response) -> str:
    return response.content.decode()


def visible_text(response) -> str:
    """The page's text as a reader sees it: tags dropped, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html(response)).split())


def test_provisioning_builds_the_typed_sections_in_the_blueprint_tree(two_units):
    ward = two_units.ward_a
    for key, model in TYPED.items():
        assert isinstance(section(ward, key), model), key
    intro = section(ward, "intro")
    for key in ("history", "org", "leaders", "spokesperson"):
        assert section(ward, key).get_parent().pk == intro.pk


def test_sync_blueprint_retypes_untouched_generic_sections_as_organisation_pages(db, city):
    # A unit provisioned before this app existed: all its organisation sections are generic pages.
    generic = Blueprint(
        BLUEPRINT.version,
        BLUEPRINT.basis,
        tuple(dataclasses.replace(s, page_type=GENERIC_SECTION) if s.key in TYPED else s for s in BLUEPRINT.sections),
    )
    spec = UnitSpec(kind="ward", name="Phường Ninh Sơn", slug="ninhson", parent_slug="tayninh")
    ward = provision_unit(spec, generic).unit
    assert all(isinstance(section(ward, key), SectionPage) for key in TYPED)
    before = {key: section(ward, key).url_path for key in TYPED}

    call_command("sync_blueprint", verbosity=0)

    for key, model in TYPED.items():
        assert isinstance(section(ward, key), model), key
    assert {key: section(ward, key).url_path for key in TYPED} == before
    assert before["org"] == "/ninhson/gioi-thieu/co-cau-to-chuc/"


def test_typed_sections_are_allowed_under_a_generic_introduction(two_units):
    assert OrgChartPage.can_exist_under(SectionPage(title="Giới thiệu"))
    assert HistoryPage.can_exist_under(SectionPage(title="Giới thiệu"))
    assert WorkSchedulePage.can_exist_under(section(two_units.ward_a, "intro").get_parent().specific)


# --- Org chart ------------------------------------------------------------------------------------------------------


@pytest.fixture
def organisation_a(two_units):
    ward = two_units.ward_a
    office = SubUnit.objects.create(
        unit=ward, name="Văn phòng HĐND và UBND phường", functions="<p>Tham mưu, tổng hợp.</p>", phone="0276 3821 112"
    )
    SubUnit.objects.create(unit=ward, name="Bộ phận Một cửa", parent=office, sort_order=1)
    SubUnit.objects.create(unit=ward, name="Phòng Văn hóa – Xã hội", sort_order=2, email="vhxh@ninhson.gov.vn")
    chair = official(ward, "Nguyễn Văn Hùng", "Chủ tịch UBND phường", sort_order=0, term_start=dt.date(2021, 6, 1))
    office.head = official(ward, "Lê Thị Lan", "Chánh Văn phòng", is_leader=False, is_contact=True, sub_unit=office)
    office.save()
    SubUnit.objects.create(unit=two_units.ward_b, name="Phòng Kinh tế phường Hiệp Ninh")
    return office, chair


def test_org_chart_shows_the_nested_chart_and_the_outline(client, organisation_a):
    page = html(client.get("/gioi-thieu/co-cau-to-chuc/", HTTP_HOST=WARD_A))
    assert 'class="org-chart"' in page and "Ủy ban nhân dân Phường Ninh Sơn" in page
    assert "Chủ tịch UBND phường</span> Nguyễn Văn Hùng" in page
    chart = page[page.index('class="org-chart__units"') : page.index('id="outline-heading"')]
    assert chart.index("Văn phòng HĐND và UBND phường") < chart.index('class="org-node__children"')
    assert chart.index('class="org-node__children"') < chart.index("Bộ phận Một cửa")
    office = organisation_a[0]
    assert f'href="#don-vi-{office.pk}"' in page and f'id="don-vi-{office.pk}"' in page
    assert "Tham mưu, tổng hợp." in page and "Lê Thị Lan – Chánh Văn phòng" in page
    assert "Phòng Kinh tế phường Hiệp Ninh" not in page


def test_org_chart_query_count_does_not_grow_with_sub_units(client, organisation_a, two_units):
    def queries() -> int:
        client.get("/gioi-thieu/co-cau-to-chuc/", HTTP_HOST=WARD_A)
        with CaptureQueriesContext(connection) as captured:
            client.get("/gioi-thieu/co-cau-to-chuc/", HTTP_HOST=WARD_A)
        return len(captured.captured_queries)

    few = queries()
    for index in range(8):
        head = official(two_units.ward_a, f"Trưởng bộ phận {index}", "Trưởng phòng", is_leader=False)
        SubUnit.objects.create(unit=two_units.ward_a, name=f"Bộ phận {index}", head=head, parent=organisation_a[0])
    assert queries() == few


def test_sub_unit_and_official_refuse_rows_of_another_unit(two_units, organisation_a):
    other = SubUnit.objects.create(unit=two_units.ward_b, name="Phòng Kinh tế")
    sub_unit = SubUnit(unit=two_units.ward_a, name="Tổ công tác", parent=other)
    with pytest.raises(ValidationError, match="cùng đơn vị"):
        sub_unit.full_clean()
    person = Official(unit=two_units.ward_a, name="Võ Văn A", position="Chuyên viên", sub_unit=other)
    with pytest.raises(ValidationError, match="cùng đơn vị"):
        person.full_clean()
    office = organisation_a[0]
    office.parent = SubUnit.objects.get(name="Bộ phận Một cửa")
    with pytest.raises(ValidationError, match="chính nó"):
        office.full_clean()


# --- Leaders, spokesperson, contacts --------------------------------------------------------------------------------


def test_leadership_lists_current_leaders_in_order_and_former_ones_apart(client, two_units, organisation_a):
    ward = two_units.ward_a
    official(ward, "Trần Thị Ngọc Bích", "Phó Chủ tịch UBND phường", sort_order=1, biography="<p>Sinh năm 1978.</p>")
    former = official(
        ward, "Phạm Văn Cũ", "Chủ tịch UBND phường", term_start=dt.date(2016, 7, 1), term_end=dt.date(2021, 5, 31)
    )
    page = html(client.get("/gioi-thieu/lanh-dao/", HTTP_HOST=WARD_A))
    current = page[page.index('id="current-heading"') : page.index('id="former-heading"')]
    assert current.index("Nguyễn Văn Hùng") < current.index("Trần Thị Ngọc Bích")
    assert "Phạm Văn Cũ" not in current and "Lê Thị Lan" not in current
    former_part = page[page.index('id="former-heading"') :]
    assert "Phạm Văn Cũ" in former_part and "Nguyên Chủ tịch UBND phường" in former_part and "31/5/2021" in former_part
    bich = Official.objects.get(name="Trần Thị Ngọc Bích")
    profile = html(client.get(f"/gioi-thieu/lanh-dao/{bich.pk}/", HTTP_HOST=WARD_A))
    assert "<h1>Trần Thị Ngọc Bích</h1>" in profile and "Sinh năm 1978." in profile
    assert client.get(f"/gioi-thieu/lanh-dao/{former.pk}/", HTTP_HOST=WARD_B).status_code == 404


def test_spokesperson_page_shows_when_the_spokesperson_was_published(client, two_units):
    ward = two_units.ward_a
    person = official(
        ward,
        "Trần Thị Ngọc Bích",
        "Phó Chủ tịch UBND phường",
        phone="0276 3821 150",
        email="bich@ninhson.gov.vn",
        is_spokesperson=True,
        spokesperson_appointed_on=timezone.localdate(),
    )
    assert person.spokesperson_since is not None
    # Made live by provisioning, the page has no recorded first publication: the mark's time counts.
    page_live_since = section(ward, "spokesperson").live_since()
    assert person.spokesperson_published_at(page_live_since) == person.spokesperson_since
    assert person.spokesperson_published_in_time(page_live_since) is True
    official(ward, "Nguyễn Văn Hùng", "Chủ tịch UBND phường")
    page = html(client.get("/gioi-thieu/nguoi-phat-ngon/", HTTP_HOST=WARD_A))
    assert "Trần Thị Ngọc Bích" in page and "mailto:bich@ninhson.gov.vn" in page and "Công bố trên cổng" in page
    assert "Nguyễn Văn Hùng" not in page
    person.is_spokesperson = False
    person.save()
    assert Official.objects.get(pk=person.pk).spokesperson_since is None


def _published_time(page: str) -> str:
    part = page[page.index("Công bố trên cổng") :]
    return part[part.index("<time") : part.index("</time>")]


def test_spokesperson_page_shows_when_the_page_went_live_not_when_the_record_was_saved(client, two_units):
    """The spokesperson was named on the page as it went live on 10/3 at 15:00, the day of the decision; rows saved
    afterwards (an English translation, a later import) do not move the publication nor invent a breach."""
    hcm = timezone.get_current_timezone()
    ward = two_units.ward_a
    page = section(ward, "spokesperson")
    en = Locale.objects.get(language_code="en")
    english_page = page.get_translation_or_none(en) or page.copy_for_translation(en, copy_parents=True)
    went_live = dt.datetime(2026, 3, 10, 15, 0, tzinfo=hcm)
    type(page).objects.filter(translation_key=page.translation_key).update(first_published_at=went_live)
    person = official(
        ward,
        "Trần Thị Ngọc Bích",
        "Phó Chủ tịch UBND phường",
        is_spokesperson=True,
        spokesperson_appointed_on=dt.date(2026, 3, 10),
    )
    Official.objects.filter(pk=person.pk).update(spokesperson_since=dt.datetime(2026, 3, 9, 16, 0, tzinfo=hcm))
    person.refresh_from_db()
    shown = html(client.get("/gioi-thieu/nguoi-phat-ngon/", HTTP_HOST=WARD_A))
    assert _published_time(shown) == '<time datetime="2026-03-10T15:00:00+07:00">15:00 10/3/2026'
    assert person.spokesperson_published_at(page.live_since()) == went_live
    assert person.spokesperson_published_in_time(page.live_since()) is True

    # An English row saved three days later still reports the Vietnamese statement's time.
    english = person.copy_for_translation(en)
    english.position = "Vice Chairwoman"
    english.save()
    Official.objects.filter(pk=english.pk).update(spokesperson_since=dt.datetime(2026, 3, 13, 9, 0, tzinfo=hcm))
    context = english_page.specific.get_context(RequestFactory().get("/en/", HTTP_HOST=WARD_A))
    [listed] = context["spokespersons"]
    assert listed.pk == english.pk and listed.published_at == went_live

    # A spokesperson marked on a page already live was published when the mark was saved: two days late is late.
    late = official(
        ward,
        "Lê Văn Mới",
        "Phó Chủ tịch UBND phường",
        is_spokesperson=True,
        spokesperson_appointed_on=dt.date(2026, 4, 1),
    )
    Official.objects.filter(pk=late.pk).update(spokesperson_since=dt.datetime(2026, 4, 3, 10, 0, tzinfo=hcm))
    late.refresh_from_db()
    assert late.spokesperson_published_at(page.live_since()) == dt.datetime(2026, 4, 3, 10, 0, tzinfo=hcm)
    assert late.spokesperson_published_in_time(page.live_since()) is False
    # Another unit's page shows neither.
    other = html(client.get("/gioi-thieu/nguoi-phat-ngon/", HTTP_HOST=WARD_B))
    assert "Trần Thị Ngọc Bích" not in other and "Lê Văn Mới" not in other


def test_a_former_leader_cannot_be_made_spokesperson(two_units):
    person = Official(
        unit=two_units.ward_a,
        name="Phạm Văn Cũ",
        position="Chủ tịch",
        term_end=dt.date(2021, 5, 31),
        is_spokesperson=True,
    )
    with pytest.raises(ValidationError, match="thôi giữ chức vụ"):
        person.full_clean()


def test_contacts_page_lists_unit_contacts_officials_and_the_person_responsible(client, two_units, organisation_a):
    city = two_units.city
    official(city, "Đỗ Minh Trí", "Chuyên viên Văn phòng", is_leader=False, is_contact=True, phone="0276 3822 171")
    page = html(client.get("/lien-he/", HTTP_HOST="tayninh.localhost"))
    for text in (
        "Số 1 đường Trần Hưng Đạo",
        "0276 3822 170",
        "ubnd@tayninh.gov.vn",
        "Nguyễn Thanh Ngọc",
        "Đỗ Minh Trí",
    ):
        assert text in page
    ward_page = html(client.get("/lien-he/", HTTP_HOST=WARD_A))
    assert "Lê Thị Lan" in ward_page and "Đỗ Minh Trí" not in ward_page


# --- History and introduction ----------------------------------------------------------------------------------------


def test_history_timeline_and_introduction_pages_render(client, two_units):
    history = section(two_units.ward_a, "history")
    history.milestones = [
        ("milestone", {"year": "1976", "title": "Thành lập phường", "text": "<p>Sau giải phóng.</p>"}),
        ("milestone", {"year": "2013", "title": "Thuộc Thành phố Tây Ninh", "text": ""}),
    ]
    history.save_revision().publish()
    page = html(client.get("/gioi-thieu/lich-su-hinh-thanh-va-phat-trien/", HTTP_HOST=WARD_A))
    assert page.index("1976") < page.index("2013") and '<ol class="timeline">' in page
    intro = html(client.get("/gioi-thieu/", HTTP_HOST=WARD_A))
    assert "Cơ cấu tổ chức" in intro and "Lịch sử hình thành và phát triển" in intro


def test_a_milestone_image_needs_a_real_description():
    from organization.blocks import MilestoneBlock

    block = MilestoneBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"year": "2013", "title": "A", "text": "", "image": None, "alt_text": "ảnh"}))


# --- Admin isolation --------------------------------------------------------------------------------------------------


def test_snippet_listings_and_edit_views_stay_within_the_users_unit(client, unit_permissions, organisation_a):
    two_units = unit_permissions
    theirs = SubUnit.objects.get(name="Phòng Kinh tế phường Hiệp Ninh")
    client.login(username=two_units.writer_a.username, password=PASSWORD)
    listing = visible_text(client.get(reverse("wagtailsnippets_organization_subunit:list")))
    assert "Văn phòng HĐND và UBND phường" in listing and "Phòng Kinh tế phường Hiệp Ninh" not in listing
    assert client.get(reverse("wagtailsnippets_organization_subunit:edit", args=[theirs.pk])).status_code in {
        302,
        403,
        404,
    }
    assert client.get(reverse("wagtailsnippets_organization_official:add")).status_code == 200
    chooser = client.get(reverse("wagtailsnippetchoosers_organization_subunit:choose")).json()["html"]
    assert "Văn phòng HĐND và UBND phường" in chooser and "Phòng Kinh tế phường Hiệp Ninh" not in chooser


def test_leaders_are_never_deleted_only_given_a_term_end(client, unit_permissions, organisation_a):
    two_units = unit_permissions
    chair = organisation_a[1]
    client.login(username=two_units.admin_a.username, password=PASSWORD)
    response = client.post(reverse("wagtailsnippets_organization_official:delete", args=[chair.pk]))
    assert response.status_code in {302, 403}
    assert Official.objects.filter(pk=chair.pk).exists()


# --- Demo content -----------------------------------------------------------------------------------------------------


def test_demo_loader_fills_every_unit_and_a_second_run_creates_nothing(client, two_units):
    from demo.organization import load_demo

    units = {u.slug: u for u in (two_units.city, two_units.ward_a, two_units.ward_b)}
    assert load_demo(units)
    counts = (SubUnit.objects.count(), Official.objects.count())
    assert load_demo(units) == []
    assert (SubUnit.objects.count(), Official.objects.count()) == counts
    city_chart = html(client.get("/gioi-thieu/co-cau-to-chuc/", HTTP_HOST="tayninh.localhost"))
    for office in (
        "Văn phòng HĐND và UBND thành phố",
        "Phòng Nội vụ",
        "Phòng Tài chính – Kế hoạch",
        "Thanh tra thành phố",
    ):
        assert office in city_chart
    # Heads' positions read as Vietnamese writes them: the office's name once, not “Trưởng phòng phòng …”.
    positions = set(Official.objects.filter(sub_unit__isnull=False).values_list("position", flat=True))
    assert {"Chánh Văn phòng HĐND và UBND thành phố", "Trưởng phòng Nội vụ", "Chánh Thanh tra thành phố"} <= positions
    assert "Giám đốc Trung tâm Phục vụ hành chính công phường" in positions
    for position in positions:
        words = position.lower().split()
        assert all(a != b for a, b in itertools.pairwise(words)), position
    for unit in units.values():
        assert Official.objects.filter(unit=unit, is_spokesperson=True).current().exists()
        assert Official.objects.filter(unit=unit, is_leader=True).former().exists()
    schedule = html(client.get("/lich-cong-tac/", HTTP_HOST=WARD_B))
    assert "Giao ban lãnh đạo đầu tuần" in schedule and "Điều chỉnh" in schedule
    next_week = html(client.get(f"/lich-cong-tac/{IsoWeek.current().next.slug}/", HTTP_HOST=WARD_B))
    assert "Giao ban lãnh đạo đầu tuần" in next_week and "Điều chỉnh" not in next_week
    assert "2013" in html(client.get("/gioi-thieu/lich-su-hinh-thanh-va-phat-trien/", HTTP_HOST="tayninh.localhost"))


def test_new_unit_gets_organisation_pages(client, two_units):
    make_unit("commune", "Xã Tân Bình", "tanbinh", "tayninh")
    assert client.get("/lich-cong-tac/", HTTP_HOST="tanbinh.tayninh.localhost").status_code == 200
    assert client.get("/gioi-thieu/co-cau-to-chuc/", HTTP_HOST="tanbinh.tayninh.localhost").status_code == 200
