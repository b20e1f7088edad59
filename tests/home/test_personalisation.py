"""Personalisation (Decree 42/2022 Art. 3): text size and contrast controls, “Đơn vị của tôi” on the city home,
and responsive images."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images.models import Image

from home.blocks import CaptionedImageBlock
from home.models import ContentPage

ROOT = Path(__file__).resolve().parents[2]
CITY = "tayninh.localhost"
WARD_A = "ninhson.tayninh.localhost"


def home_html(client, host: str = CITY) -> str:
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def my_unit_section(html: str) -> str:
    found = re.search(r'<section class="home-block" id="don-vi-cua-toi".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_text_size_and_contrast_controls_are_offered_only_to_browsers_that_run_them(client, two_units):
    html = home_html(client, WARD_A)
    head = html.split("</head>")[0]
    # Applied from the shared cookie before the stylesheet paints anything, so a larger text size never flashes small;
    # the same script marks the page `js`, so the controls are laid out from the first paint (no layout shift).
    assert head.index("&quot;cookie&quot;:&quot;portal_display&quot;") < head.index('rel="stylesheet"')
    script = (ROOT / "static" / "js" / "display.js").read_text()
    assert 'doc.className.replace(/(^|\\s)no-js(\\s|$)/, "$1js$2")' in script
    assert '<html lang="vi" class="no-js">' in html
    css = (ROOT / "static" / "css" / "portal.css").read_text()
    assert ".no-js .display-tools, .no-js .page-actions__print { display: none; }" in css
    tools = re.search(r'<div class="display-tools" data-display-tools>.*?</div>\s*</div>', html, re.S)
    assert tools
    names = [re.sub(r"<[^>]+>", "", b).strip() for b in re.findall(r"<button[^>]*>(.*?)</button>", tools.group(0))]
    assert names == ["A− Giảm cỡ chữ", "A Cỡ chữ mặc định", "A+ Tăng cỡ chữ", "Tương phản cao"]
    assert 'data-high-contrast aria-pressed="false"' in tools.group(0)


def test_city_home_offers_my_unit_and_ward_home_does_not(client, two_units):
    section = my_unit_section(home_html(client))
    assert "Đơn vị của tôi" in section
    assert '<form class="my-unit__form" action="/don-vi-cua-toi/" method="get">' in section
    assert re.findall(r'<option value="(\w+)"', section) == ["hiepninh", "ninhson"]
    assert "Chọn phường, xã của bạn" in section
    assert my_unit_section(home_html(client, WARD_A)) == ""


@pytest.fixture
def ward_a_news(two_units):
    """Two published pages in Phường Ninh Sơn's tree, one in Phường Hiệp Ninh's."""
    pages = []
    for unit, title in (
        (two_units.ward_a, "Ra quân vệ sinh môi trường khu phố Ninh Phúc"),
        (two_units.ward_a, "Lịch tiếp công dân tháng 7"),
        (two_units.ward_b, "Hội nghị tiếp xúc cử tri Hiệp Ninh"),
    ):
        parent = unit.sections.get(key="intro").page
        page = parent.add_child(instance=ContentPage(title=title, slug=f"bai-{len(pages)}"))
        page.save_revision().publish()
        pages.append(page)
    return pages


def test_picking_my_ward_shows_its_latest_pages_on_the_city_home(client, ward_a_news):
    response = client.get("/don-vi-cua-toi/", {"don_vi": "ninhson"}, HTTP_HOST=CITY)
    assert response.status_code == 302 and response["Location"] == "/#don-vi-cua-toi"
    assert response.cookies["don_vi_cua_toi"].value == "ninhson"

    section = my_unit_section(home_html(client))
    assert f'<a href="http://{WARD_A}/">Cổng thông tin điện tử Phường Ninh Sơn</a>' in section
    titles = re.findall(r'class="item-list__title" href="([^"]+)">([^<]+)</a>', section)
    # Latest first, links to the ward's own host; section pages of the blueprint and other wards are not news.
    assert [title for _href, title in titles] == [
        "Lịch tiếp công dân tháng 7",
        "Ra quân vệ sinh môi trường khu phố Ninh Phúc",
    ]
    assert all(href.startswith(f"http://{WARD_A}/gioi-thieu/") for href, _title in titles)
    assert '<option value="ninhson" selected>' in section and "Đổi đơn vị" in section

    # A POST (the form without JavaScript in older browsers) works the same; an empty choice forgets the unit.
    client.post("/don-vi-cua-toi/", {"don_vi": "hiepninh"}, HTTP_HOST=CITY)
    assert "Hội nghị tiếp xúc cử tri Hiệp Ninh" in my_unit_section(home_html(client))
    cleared = client.get("/don-vi-cua-toi/", {"don_vi": ""}, HTTP_HOST=CITY)
    assert cleared.cookies["don_vi_cua_toi"].value == ""
    assert "Chọn phường, xã của bạn" in my_unit_section(home_html(client))


def test_my_unit_accepts_only_units_under_the_portal(client, two_units):
    assert client.get("/don-vi-cua-toi/", {"don_vi": "khongco"}, HTTP_HOST=CITY).status_code == 404
    assert client.get("/don-vi-cua-toi/", {"don_vi": "tayninh"}, HTTP_HOST=CITY).status_code == 404
    assert client.get("/don-vi-cua-toi/", {"don_vi": "hiepninh"}, HTTP_HOST=WARD_A).status_code == 404
    # A stale or forged cookie is ignored, not an error.
    client.cookies["don_vi_cua_toi"] = "<script>"
    assert "Chọn phường, xã của bạn" in my_unit_section(home_html(client))


def test_my_unit_queries_do_not_grow_with_the_wards_pages(client, two_units):
    parent = two_units.ward_a.sections.get(key="intro").page
    client.get("/don-vi-cua-toi/", {"don_vi": "ninhson"}, HTTP_HOST=CITY)

    def queries_with(pages: int) -> int:
        while parent.get_children().filter(title__startswith="Tin").count() < pages:
            number = parent.get_children().count()
            parent.add_child(
                instance=ContentPage(title=f"Tin số {number}", slug=f"tin-{number}")
            ).save_revision().publish()
        home_html(client)
        with CaptureQueriesContext(connection) as captured:
            html = home_html(client)
        assert len(re.findall(r'class="item-list__title"', my_unit_section(html))) == min(pages, 5)
        return len(captured.captured_queries)

    assert queries_with(2) == queries_with(9)


def test_captioned_image_is_responsive_webp_with_dimensions_and_lazy(two_units):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (165, 14, 36)).save(buffer, "JPEG")
    image = Image.objects.create(
        title="Trụ sở UBND phường",
        file=ImageFile(buffer, name="tru-so.jpg"),
        collection=two_units.ward_a.collection,
    )
    block = CaptionedImageBlock()
    value = block.to_python({"image": image.pk, "alt_text": "Trụ sở UBND phường Ninh Sơn", "caption": "Trụ sở mới"})
    html = render_to_string("blocks/captioned_image_block.html", {"value": value})
    assert html.count("<picture>") == 1
    webp = re.search(r'<source[^>]*type="image/webp"[^>]*>', html).group(0)
    assert re.findall(r" (\d+)w", webp) == ["480", "800", "1200"]
    img = re.search(r"<img [^>]*>", html).group(0)
    assert 'alt="Trụ sở UBND phường Ninh Sơn"' in img and 'loading="lazy"' in img
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    assert ".jpg" in img or ".jpeg" in img
    assert "<figcaption>Trụ sở mới</figcaption>" in html
