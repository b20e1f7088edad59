"""The dashboard's summary counts the pages, images and documents of the user's units, not the installation's."""

from __future__ import annotations

import re

from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from home.models import ContentPage
from sites.access import restrict_pages
from tests.conftest import login_verified
from tests.news.conftest import make_image


def summary(client) -> dict[str, int]:
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    block = html[html.index('class="w-summary"') :]
    block = block[: block.index("</ul>")]
    text = re.sub(r"\s+", " ", re.sub(r"<span class=\"w-sr-only\">.*?</span>|<[^>]+>", " ", block))
    return {
        word: int(number.replace(".", "").replace(",", "")) for number, word in re.findall(r"([\d.,]+) (\w+)", text)
    }


def add_pages(unit, count: int) -> None:
    section = unit.sections.get(key="intro").page
    for number in range(count):
        section.add_child(instance=ContentPage(title=f"Trang {number}", slug=f"trang-{number}", intro="Tóm tắt."))


def test_a_writer_of_ward_a_counts_ward_a_only_while_ward_b_has_more(client, two_units, superuser):
    add_pages(two_units.ward_b, 5)
    make_image(two_units.ward_a)
    make_image(two_units.ward_b)
    make_image(two_units.ward_b)
    get_document_model().objects.create(title="Quyết định", collection=two_units.ward_b.collection)

    ward_a_pages = restrict_pages(Page.objects.all(), two_units.writer_a, with_ancestors=False).count()
    ward_b_pages = restrict_pages(Page.objects.all(), two_units.writer_b, with_ancestors=False).count()
    all_pages = Page.objects.filter(depth__gt=1).count()
    assert ward_b_pages == ward_a_pages + 5 and all_pages > ward_b_pages

    client.force_login(two_units.writer_a)
    counts = summary(client)
    assert counts["trang"] == ward_a_pages
    assert counts["hình"] == 1
    assert counts.get("tài", 0) == 0  # no document in ward A

    client.force_login(two_units.writer_b)
    counts = summary(client)
    assert counts["trang"] == ward_b_pages
    assert counts["hình"] == 2

    # The superuser counts every unit.
    login_verified(client, superuser)
    assert summary(client)["trang"] == all_pages
    assert summary(client)["hình"] == get_image_model().objects.count() == 3
