"""The blueprint as data, and bringing existing units up to date with it without touching editors' work."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import pytest
from wagtail.models import Page

from disclosure.models import PlansPage, ServiceCatalogPage
from home.models import ContentPage, SectionPage
from news.models import NewsIndexPage
from sites.blueprint import BLUEPRINT, Blueprint
from sites.models import SLUG_VALIDATOR, UnitSection
from sites.provisioning import UnitSpec, _retype_page, ensure_unit_structure, provision_unit, sync_all_units


def section_page(unit, key: str) -> Page:
    return UnitSection.objects.select_related("page").get(unit=unit, key=key).page.specific


def with_page_types(blueprint: Blueprint, **page_types: str) -> Blueprint:
    """A later blueprint version in which some sections name another page type."""
    sections = tuple(
        dataclasses.replace(s, page_type=page_types[s.key]) if s.key in page_types else s for s in blueprint.sections
    )
    return Blueprint(version=f"{blueprint.version}-next", basis=blueprint.basis, sections=sections)


def make_generic(unit, key: str) -> Page:
    """The section as a unit provisioned before its typed page existed has it: an untouched generic section page."""
    page = section_page(unit, key)
    _retype_page(page, page.specific_class, SectionPage)
    return section_page(unit, key)


def children_slugs(page: Page) -> list[str]:
    return list(Page.objects.get(pk=page.pk).get_children().values_list("slug", flat=True))


# --- the catalogue itself ---------------------------------------------------------------------------------------


def test_every_section_cites_its_legal_basis_and_has_a_clean_vietnamese_title_and_ascii_slug():
    for section in BLUEPRINT.sections:
        assert section.basis.strip(), section.key
        assert section.must_contain.strip(), section.key
        assert unicodedata.is_normalized("NFC", section.title_vi), section.key
        assert SLUG_VALIDATOR.regex.fullmatch(section.slug), section.slug
        assert re.fullmatch(r"[a-z0-9-]+", section.slug)


def test_sections_required_everywhere_apply_to_every_kind_and_level_specific_ones_do_not():
    for kind in ("province", "city", "ward", "commune", "department"):
        keys = {s.key for s in BLUEPRINT.for_kind(kind)}
        assert {"intro", "org", "leaders", "contacts", "news", "documents", "services", "qa", "sitemap"} <= keys
    assert "projects" in {s.key for s in BLUEPRINT.for_kind("ward")}
    # Since the legal review (Decree 224/2026): projects and statistics for every level the law names.
    assert "projects" in {s.key for s in BLUEPRINT.for_kind("department")}
    assert "statistics" in {s.key for s in BLUEPRINT.for_kind("ward")}
    assert "science" not in {s.key for s in BLUEPRINT.for_kind("commune")}


def test_the_main_menu_has_what_circular_32_requires(client, two_units):
    host = two_units.ward_a.site.hostname
    home = client.get("/", HTTP_HOST=host).content.decode()
    menu = home.split('class="main-nav__list"', 1)[1].split("</nav>", 1)[0]
    top_level = dict(re.findall(r'<li class="main-nav__item[^"]*"><a href="([^"]+)"([^>]*)>', menu))
    assert {"/gioi-thieu/", "/dich-vu-cong-truc-tuyen/", "/so-do-cong/"} <= set(top_level)
    assert 'accesskey="3"' in top_level["/so-do-cong/"]
    site_map = client.get("/so-do-cong/", HTTP_HOST=host).content.decode()
    assert "<h1>Sơ đồ cổng</h1>" in site_map and 'href="/gioi-thieu/"' in site_map


def test_a_blueprint_whose_child_section_reaches_further_than_its_parent_is_refused():
    from sites.blueprint import _check

    broken = dataclasses.replace(BLUEPRINT.get("projects"), parent="science")  # every level under P and D only
    with pytest.raises(ValueError, match="projects"):
        _check(Blueprint("x", "x", (*[s for s in BLUEPRINT.sections if s.key != "projects"], broken)))


# --- sync: adding what is missing ---------------------------------------------------------------------------------


def test_sync_re_adds_a_deleted_section_in_its_place(two_units):
    a = two_units.ward_a
    finance = section_page(a, "finance")
    disclosure = section_page(a, "disclosure")
    finance.delete()
    assert not UnitSection.objects.filter(unit=a, key="finance").exists()

    report = sync_all_units()

    assert report[a] == ["Tạo chuyên mục “Ngân sách – Tài chính”"]
    assert report[two_units.ward_b] == []
    assert report[two_units.city] == []
    restored = section_page(a, "finance")
    assert restored.live
    assert restored.get_parent().pk == disclosure.pk
    assert restored.url_path == "/ninhson/cong-khai-thong-tin/ngan-sach-tai-chinh/"
    assert sync_all_units()[a] == []


def test_sync_re_adopts_a_section_page_whose_row_was_lost_instead_of_duplicating_it(two_units):
    a = two_units.ward_a
    page = section_page(a, "recruitment")
    UnitSection.objects.filter(unit=a, key="recruitment").delete()
    report = sync_all_units()
    assert report[a] == ["Gắn trang có sẵn “Tuyển dụng” làm chuyên mục recruitment"]
    assert section_page(a, "recruitment").pk == page.pk
    assert Page.objects.filter(slug="tuyen-dung", path__startswith=a.home_page.path).count() == 1


def test_sync_never_touches_a_section_an_editor_has_edited(two_units):
    a = two_units.ward_a
    intro = section_page(a, "intro")
    intro.intro = "Phường Ninh Sơn nằm ở phía bắc thành phố Tây Ninh."
    revision = intro.save_revision(user=two_units.writer_a)

    report = sync_all_units()

    assert report[a] == []
    intro = section_page(a, "intro")
    assert intro.latest_revision_id == revision.pk
    assert intro.get_latest_revision_as_object().intro == "Phường Ninh Sơn nằm ở phía bắc thành phố Tây Ninh."
    assert intro.title == "Giới thiệu"


# --- sync: a blueprint that names a new page type -----------------------------------------------------------------


def test_changed_page_type_swaps_untouched_pages_and_keeps_edited_ones(two_units):
    a, b = two_units.ward_a, two_units.ward_b
    disclosure_children = children_slugs(section_page(a, "disclosure"))
    old_plans_a = make_generic(a, "plans")
    edited = make_generic(b, "plans")
    edited.intro = "Kế hoạch phát triển kinh tế – xã hội năm 2026."
    edited.save_revision(user=two_units.writer_b)
    next_blueprint = BLUEPRINT  # names PlansPage where these units still have a generic page

    report = sync_all_units(next_blueprint)

    # Ward A's untouched page becomes the new type, at the same address and position, still live.
    swapped = section_page(a, "plans")
    assert isinstance(swapped, PlansPage)
    assert swapped.pk == old_plans_a.pk  # retyped in place: same page, links to it keep working
    assert (swapped.title, swapped.slug, swapped.live) == (
        "Chiến lược – Quy hoạch – Kế hoạch",
        "chien-luoc-quy-hoach-ke-hoach",
        True,
    )
    assert children_slugs(section_page(a, "disclosure")) == disclosure_children
    assert (
        "Chuyển chuyên mục “Chiến lược – Quy hoạch – Kế hoạch” sang “trang chiến lược, quy hoạch, kế hoạch”"
        in report[a]
    )

    # Ward B's edited page stays as it is, and the administrator is told why.
    kept = section_page(b, "plans")
    assert isinstance(kept, SectionPage)
    assert kept.pk == edited.pk
    assert kept.get_latest_revision_as_object().intro == "Kế hoạch phát triển kinh tế – xã hội năm 2026."
    assert any("đã có nội dung" in line and "Chiến lược – Quy hoạch – Kế hoạch" in line for line in report[b])

    # A second run swaps nothing more.
    again = sync_all_units(next_blueprint)
    assert isinstance(section_page(a, "plans"), PlansPage)
    assert not any(line.startswith("Chuyển chuyên mục") for lines in again.values() for line in lines)


def test_changed_page_type_answers_on_the_same_url(two_units, client):
    a = two_units.ward_a
    make_generic(a, "services")
    ensure_unit_structure(a)
    response = client.get("/dich-vu-cong-truc-tuyen/", HTTP_HOST=a.site.hostname)
    assert response.status_code == 200
    assert "Dịch vụ công trực tuyến" in response.content.decode()
    assert isinstance(section_page(a, "services"), ServiceCatalogPage)


def test_a_section_whose_new_type_cannot_hold_its_child_sections_is_kept_and_reported(two_units):
    a = two_units.ward_a
    disclosure = make_generic(a, "disclosure")
    changes = ensure_unit_structure(a, with_page_types(BLUEPRINT, disclosure="home.ContentPage"))
    assert isinstance(section_page(a, "disclosure"), SectionPage)
    assert section_page(a, "disclosure").pk == disclosure.pk
    assert section_page(a, "plans").get_parent().pk == disclosure.pk
    assert any("Công khai thông tin" in line and "không chứa được" in line for line in changes)


def test_sync_retypes_a_section_and_its_child_sections_in_place(two_units):
    """An older unit whose news sections are still generic gets the typed news pages, children and all."""
    generic = dict.fromkeys(("news", "direction", "recruitment", "announcements"), "home.SectionPage")
    old_blueprint = with_page_types(BLUEPRINT, **generic)
    unit = provision_unit(
        UnitSpec(kind="commune", name="Xã Bình Minh", slug="binhminh", parent_slug="tayninh"), blueprint=old_blueprint
    ).unit
    before = {key: section_page(unit, key) for key in generic}
    assert all(isinstance(page, SectionPage) for page in before.values())

    report = sync_all_units()

    after = {key: section_page(unit, key) for key in generic}
    assert all(isinstance(page, NewsIndexPage) for page in after.values())
    assert {key: page.pk for key, page in after.items()} == {key: page.pk for key, page in before.items()}
    for key in ("direction", "recruitment", "announcements"):
        assert after[key].get_parent().pk == after["news"].pk
    assert sum(line.startswith("Chuyển chuyên mục") for line in report[unit]) == 4
    assert not any(line.startswith("Chuyển chuyên mục") for line in sync_all_units()[unit])


def test_a_page_type_not_allowed_under_the_section_parent_is_refused_and_reported(two_units):
    a = two_units.ward_a
    finance = make_generic(a, "finance")
    changes = ensure_unit_structure(a, with_page_types(BLUEPRINT, finance="home.SitemapPage"))
    assert section_page(a, "finance").pk == finance.pk
    assert isinstance(section_page(a, "finance"), SectionPage)
    assert any("Ngân sách – Tài chính" in line and "không được đặt" in line for line in changes)


def test_sync_rebuilds_a_deleted_section_with_its_child_sections(two_units):
    a = two_units.ward_a
    section_page(a, "intro").delete()
    assert not UnitSection.objects.filter(unit=a, key__in=["intro", "history", "org", "leaders"]).exists()

    changes = ensure_unit_structure(a)

    assert changes[:2] == ["Tạo chuyên mục “Giới thiệu”", "Tạo chuyên mục “Lịch sử hình thành và phát triển”"]
    intro = section_page(a, "intro")
    for key in ("history", "org", "leaders", "spokesperson"):
        assert section_page(a, key).get_parent().pk == intro.pk


def test_sync_does_not_scatter_child_sections_when_their_parent_address_is_taken(two_units):
    a = two_units.ward_a
    section_page(a, "intro").delete()
    home = Page.objects.get(pk=a.home_page_id)
    home.add_child(instance=ContentPage(title="Giới thiệu chung về phường", slug="gioi-thieu"))
    home_children = children_slugs(home)

    changes = ensure_unit_structure(a)

    assert any(line.startswith("Bỏ qua chuyên mục “Giới thiệu”") for line in changes)
    assert "Bỏ qua chuyên mục “Cơ cấu tổ chức”: chưa có chuyên mục cha “Giới thiệu”." in changes
    # Nothing was created at the top of the tree in place of the missing section.
    assert children_slugs(home) == home_children
    assert not UnitSection.objects.filter(unit=a, key__in=["intro", "history", "org", "leaders"]).exists()
    assert Page.objects.get(pk=a.home_page_id).get_children().get(slug="gioi-thieu").title == (
        "Giới thiệu chung về phường"
    )


def test_a_blueprint_with_a_parent_cycle_is_refused_instead_of_hanging(two_units):
    sections = tuple(dataclasses.replace(s, parent="history") if s.key == "intro" else s for s in BLUEPRINT.sections)
    with pytest.raises(ValueError, match="intro"):
        ensure_unit_structure(two_units.ward_a, Blueprint("vong-lap", "thử", sections))
