"""The information request form and the disclosure page under /en/: no Vietnamese interface text (labels, help,
errors, the legal basis column)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from languages.helpers import translate_with_localize
from sites.models import PortalSettings, UnitSection

WARD_A = "ninhson.tayninh.localhost"
# Letters that only Vietnamese (of the two interface languages) writes: any letter with a diacritic, and đ.
VIETNAMESE = re.compile(r"[^\x00-\x7f“”‘’–—…·•→←×°]")


def vietnamese_bits(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    return [word for word in re.findall(r"\S+", text) if VIETNAMESE.search(word)]


@pytest.fixture
def english_disclosure(two_units) -> str:
    settings = PortalSettings.for_site(two_units.ward_a.site)
    settings.publish_english = True
    settings.save()
    page = UnitSection.objects.get(unit=two_units.ward_a, key="disclosure").page.specific
    english = translate_with_localize(page, {})
    path = english.get_url_parts()[2]
    assert path.startswith("/en/")
    return path


def inner_texts(html: str, tag: str, cls: str = "") -> list[str]:
    pattern = rf"<{tag}\b[^>]*{cls}[^>]*>(.*?)</{tag}>"
    return [re.sub(r"<[^>]+>", " ", found) for found in re.findall(pattern, html, re.S)]


@pytest.mark.django_db
def test_the_english_request_form_has_english_labels_help_and_errors(client, english_disclosure):
    form_url = english_disclosure + "yeu-cau-cung-cap-thong-tin/"
    response = client.get(form_url, HTTP_HOST=WARD_A)
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en"' in html
    labels = inner_texts(html, "label") + inner_texts(html, "legend")
    assert labels and not vietnamese_bits(" ".join(labels)), vietnamese_bits(" ".join(labels))
    assert "Place of residence, contact address" in html and "Description of the information requested" in html
    assert "I agree that the unit processes my personal data" in html
    helps = " ".join(inner_texts(html, "p", 'class="field__hint"'))
    assert "Article 24" in helps
    assert not vietnamese_bits(helps), vietnamese_bits(helps)

    errors = client.post(form_url, {"website": ""}, HTTP_HOST=WARD_A).content.decode()
    assert "Enter “Place of residence, contact address”." in errors
    assert "Choose how you want to receive the information." in errors
    assert "Hãy" not in errors


def test_the_blueprints_legal_basis_reads_in_english():
    from disclosure.information_list import basis_in_english

    assert basis_in_english("NĐ42 Đ4(1)(đ); Luật TCTT Đ19") == "Decree 42 Art. 4(1)(dd); LATI Art. 19"
    assert (
        basis_in_english("Luật TCTT Đ17(1); NĐ224 Đ9(1)(b) (cơ quan chuyên môn); NĐ224 Đ9(1)(c) (cấp tỉnh, cấp xã)")
        == "LATI Art. 17(1); Decree 224 Art. 9(1)(b) (departments); Decree 224 Art. 9(1)(c) (provinces, communes)"
    )
    assert (
        basis_in_english("Luật 10/2022 Đ11(2) (cấp xã); TT32/2017")
        == "Law 10/2022 Art. 11(2) (communes); Circular 32/2017"
    )
    assert not vietnamese_bits(basis_in_english("Một căn cứ chưa có trong danh sách: Điều 5"))


@pytest.mark.django_db
def test_the_english_disclosure_page_shows_the_legal_basis_in_english(client, english_disclosure):
    response = client.get(english_disclosure, HTTP_HOST=WARD_A)
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en"' in html
    cells = re.findall(r'<td data-label="Legal basis">(.*?)</td>', html, re.S)
    assert cells and any("LATI Art. 19" in cell for cell in cells)
    assert not vietnamese_bits(" ".join(cells)), vietnamese_bits(" ".join(cells))
    vietnamese = client.get("/cong-khai-thong-tin/", HTTP_HOST=WARD_A).content.decode()
    assert "Luật TCTT Đ19" in vietnamese
