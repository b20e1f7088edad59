"""News fixtures on top of the shared two-unit fixture (city `tayninh`, wards `ninhson` A and `hiepninh` B)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, streamfield

from news.models import NewsArticlePage, NewsCategory
from search.text import fold
from sites.models import Unit, UnitRole
from tests.conftest import TwoUnits, make_member

NOW = timezone.make_aware(datetime.datetime(2026, 5, 20, 9, 0))


def make_image(unit: Unit, width: int = 1600, height: int = 900, title: str = "Ảnh thử", file_name: str = "anh.jpg"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (160, 40, 40)).save(buffer, "JPEG")
    image = get_image_model()(title=title, collection=unit.collection, file=ImageFile(buffer, name=file_name))
    image.save()
    return image


def article_form(featured_image, body, **overrides) -> dict:
    data = {
        "title": "Phường ra quân tổng vệ sinh",
        "slug": "phuong-ra-quan-tong-ve-sinh",
        "intro": "Hơn 300 người dân tham gia.",
        "featured_image": featured_image.pk,
        "featured_image_alt": "Người dân thu gom rác",
        "body": streamfield(body),
        "tags": "",
        "date": "2026-05-20 09:00",
        "source_kind": "original",
        "source_name": "",
        "source_url": "",
        "source_date": "",
        "comment_notifications": "",
        "category": "",
        "audio_bulletin": "",
    }
    data.update(overrides)
    form = nested_form_data(data)
    form["comments-TOTAL_FORMS"] = "0"
    form["comments-INITIAL_FORMS"] = "0"
    return form


def list_block(items: list[dict]) -> dict:
    return {
        "count": len(items),
        **{str(i): {"value": item, "deleted": "", "order": i, "id": ""} for i, item in enumerate(items)},
    }


def section(unit: Unit, key: str):
    return unit.sections.get(key=key).page.specific


@dataclass
class NewsWorld:
    units: TwoUnits
    image_a: object
    image_b: object
    category_a: NewsCategory
    category_b: NewsCategory
    city_board: object

    def article(self, unit: Unit, title: str, key: str = "news", *, publish: bool = True, **fields):
        index = section(unit, key)
        image = self.image_a if unit == self.units.ward_a else (self.image_b if unit == self.units.ward_b else None)
        if image is None:
            image = make_image(unit)
        values = {
            "intro": f"Tóm tắt: {title}",
            "featured_image": image,
            "featured_image_alt": "Cán bộ phường làm việc với người dân",
            "body": [{"type": "paragraph", "value": f"<p>{title}.</p>"}],
            "date": NOW,
        }
        values.update(fields)
        tags = values.pop("tags", ())
        values.setdefault("slug", slugify(fold(title)))
        page = NewsArticlePage(title=title, live=publish, **values)
        page.tags.add(*tags)
        index.add_child(instance=page)
        if publish:
            page.save_revision().publish()
        return page


@pytest.fixture
def news(two_units) -> NewsWorld:
    locale = Locale.get_default()
    return NewsWorld(
        units=two_units,
        image_a=make_image(two_units.ward_a),
        image_b=make_image(two_units.ward_b),
        category_a=NewsCategory.objects.create(unit=two_units.ward_a, name="Kinh tế", slug="kinh-te", locale=locale),
        category_b=NewsCategory.objects.create(unit=two_units.ward_b, name="Kinh tế", slug="kinh-te", locale=locale),
        city_board=make_member(two_units.city, UnitRole.BOARD),
    )


WARD_A = "ninhson.tayninh.localhost"
WARD_B = "hiepninh.tayninh.localhost"
CITY = "tayninh.localhost"


def get(client, host: str, path: str = "/", **params):
    return client.get(path, params, HTTP_HOST=host)
