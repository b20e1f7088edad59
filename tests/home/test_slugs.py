"""Page addresses from Vietnamese titles, on the server and in `manage.py repair_slugs`."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.models import ContentPage
from home.slugs import slugify_vietnamese

BLOOD_DRIVE = "Phường Ninh Sơn tổ chức Ngày hội hiến máu tình nguyện năm 2026"
DECISION = "Quyết định số 125/QĐ-UBND"
WARD_A = "ninhson.tayninh.localhost"
WARD_B = "hiepninh.tayninh.localhost"


def intro_section(unit):
    return unit.sections.get(key="intro").page


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (BLOOD_DRIVE, "phuong-ninh-son-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-nam-2026"),
        (DECISION, "quyet-dinh-so-125qd-ubnd"),
    ],
)
def test_a_page_saved_without_a_slug_gets_the_vietnamese_transliteration(two_units, title, slug):
    assert slugify_vietnamese(title) == slug
    page = intro_section(two_units.ward_a).add_child(instance=ContentPage(title=title, intro="Tóm tắt."))
    page.refresh_from_db()
    assert page.slug == slug
    assert page.url_path.endswith(f"/{slug}/")

    again = intro_section(two_units.ward_a).add_child(instance=ContentPage(title=title, intro="Tóm tắt."))
    assert again.slug == f"{slug}-2"


def test_the_admin_saves_a_slug_typed_with_vietnamese_letters_transliterated(client, two_units):
    section = intro_section(two_units.ward_a)
    client.force_login(two_units.writer_a)
    form = nested_form_data(
        {
            "title": DECISION,
            "slug": "quyết-định-số-125qđ-ubnd",
            "intro": "Tóm tắt.",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    response = client.post(reverse("wagtailadmin_pages:add", args=["home", "contentpage", section.pk]), form)
    assert response.status_code == 302
    assert ContentPage.objects.child_of(section).get(title=DECISION).slug == "quyet-dinh-so-125qd-ubnd"


def test_the_slug_field_carries_the_vietnamese_transliteration_for_the_browser(client, two_units):
    section = intro_section(two_units.ward_a)
    client.force_login(two_units.writer_a)
    html = client.get(reverse("wagtailadmin_pages:add", args=["home", "contentpage", section.pk])).content.decode()
    assert 'data-controller="w-slug"' in html
    assert "data-w-slug-formatters-value=" in html


def lossy_page(section, title: str, slug: str, *, live: bool = True, draft_title: str | None = None) -> ContentPage:
    """A page as the old admin left it: Wagtail's lossy slug, published, optionally with a pending draft."""
    page = section.add_child(instance=ContentPage(title=title, slug="tam-thoi", intro="Tóm tắt.", live=False))
    ContentPage.objects.filter(pk=page.pk).update(slug=slug)  # as saved before the Vietnamese transliteration
    page = ContentPage.objects.get(pk=page.pk)
    page.set_url_path(section)
    page.save(clean=False, update_fields=["url_path"])
    if live:
        page.save_revision().publish()
    if draft_title:
        page.title = draft_title
        page.save_revision()
    return ContentPage.objects.get(pk=page.pk)


def run(*args) -> str:
    out = io.StringIO()
    call_command("repair_slugs", *args, stdout=out)
    return out.getvalue()


def test_repair_slugs_fixes_lossy_slugs_redirects_the_old_address_and_leaves_chosen_slugs(client, two_units):
    section = intro_section(two_units.ward_a)
    broken = lossy_page(section, BLOOD_DRIVE, "phng-ninh-sn-t-chc-ngay-hi-hin-mau-tinh-nguyn-nam-2026")
    drafted = lossy_page(section, DECISION, "quyet-inh-so-125q-ubnd", draft_title="Quyết định số 125/QĐ-UBND (sửa)")
    chosen = lossy_page(section, "Lịch tiếp công dân tháng 6", "lich-tiep-dan")
    other_unit = lossy_page(intro_section(two_units.ward_b), "Đường Điện Biên Phủ", "djng-djin-bien-ph")
    revisions = Revision.page_revisions.count()
    old_url = f"/{section.slug}/{broken.slug}/"
    assert client.get(old_url, HTTP_HOST=WARD_A).status_code == 200

    listed = run("--dry-run")
    assert "phuong-ninh-son-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-nam-2026" in listed
    assert "quyet-dinh-so-125qd-ubnd" in listed
    assert "lich-tiep-dan" not in listed
    broken.refresh_from_db()
    assert broken.slug.startswith("phng-")
    assert not Redirect.objects.exists()

    run()
    for page in (broken, drafted, chosen, other_unit):
        page.refresh_from_db()
    assert broken.slug == "phuong-ninh-son-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-nam-2026"
    assert drafted.slug == "quyet-dinh-so-125qd-ubnd"
    assert other_unit.slug == "duong-dien-bien-phu"
    assert chosen.slug == "lich-tiep-dan"
    # No new revision; the live page and its pending draft keep their state, both with the new slug.
    assert Revision.page_revisions.count() == revisions
    assert broken.live and not broken.has_unpublished_changes
    assert broken.latest_revision.content["slug"] == broken.slug
    assert drafted.live and drafted.has_unpublished_changes and drafted.title == DECISION
    assert drafted.latest_revision.content["slug"] == drafted.slug
    assert drafted.latest_revision.content["title"] == "Quyết định số 125/QĐ-UBND (sửa)"
    assert drafted.live_revision.content["slug"] == drafted.slug

    new_url = f"/{section.slug}/{broken.slug}/"
    assert client.get(new_url, HTTP_HOST=WARD_A).status_code == 200
    response = client.get(old_url, HTTP_HOST=WARD_A)
    assert response.status_code == 301
    assert response["Location"].endswith(new_url)
    redirect = Redirect.objects.get(old_path=old_url.rstrip("/"))
    assert redirect.site == two_units.ward_a.site and redirect.redirect_page_id == broken.pk

    # Publishing the pending draft keeps the new address.
    drafted.latest_revision.publish()
    drafted.refresh_from_db()
    assert drafted.slug == "quyet-dinh-so-125qd-ubnd"

    redirects = Redirect.objects.count()
    assert "0 trang" in run()
    assert Redirect.objects.count() == redirects
