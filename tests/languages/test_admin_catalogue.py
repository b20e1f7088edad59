"""The admin's Vietnamese for the strings Django, Wagtail and wagtail-localize left in English (the browser test
tests/e2e/test_admin_vietnamese.py finds them on the screens; these pin each cause)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import password_validation
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from news.models import NewsArticlePage


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_recent_workflow_steps_are_dated_in_vietnamese():
    # Wagtail dates workflow steps (the status side panel) with humanize's naturaltime.
    assert naturaltime(timezone.now() - timedelta(seconds=16)) == "16\xa0giây trước"
    assert naturaltime(timezone.now() - timedelta(minutes=3)) == "3\xa0phút trước"


def test_password_validation_speaks_vietnamese():
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password("12345")
    assert refused.value.messages == [
        "Mật khẩu này quá ngắn: cần ít nhất 10 ký tự.",
        "Mật khẩu này quá phổ biến.",
        "Mật khẩu này hoàn toàn là số.",
    ]


def test_the_tags_field_explains_itself_in_vietnamese():
    help_text = str(NewsArticlePage._meta.get_field("tags").formfield().help_text)
    assert help_text == "Các từ khóa, cách nhau bằng dấu phẩy."


@pytest.mark.django_db
def test_the_english_locale_is_named_in_the_admins_language():
    english, _ = Locale.objects.get_or_create(language_code="en")
    assert english.get_display_name() == "Tiếng Anh"
    with translation.override("en"):
        assert english.get_display_name() == "English"


@pytest.mark.django_db
def test_the_sign_in_page_labels_the_password_in_vietnamese(client):
    # Wagtail's LoginForm gives the password field no label; Django's fallback was the English "Password".
    page = client.get("/admin/login/").content.decode()
    assert '<label class="w-field__label" for="id_password"' in page
    label = page.split('for="id_password"', 1)[1].split("</label>", 1)[0]
    assert "Mật khẩu" in label and "Password" not in label


def test_the_translation_editor_dates_a_translation_in_figures_not_an_english_month():
    # wagtail-localize's strftime("%-d %B %Y") of the UTC moment printed “Đã dịch thủ công vào 6 December 2026”.
    from wagtail_localize.models import StringTranslation

    translated = StringTranslation(
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL, updated_at=datetime(2026, 12, 6, 2, 30, tzinfo=UTC)
    )
    assert translated.get_comment() == "Đã dịch thủ công ngày 06/12/2026"
    # 01:30 on 6 December in Việt Nam is 18:30 on the 5th in UTC: dated the day the translator saw.
    translated.updated_at = datetime(2026, 12, 5, 18, 30, tzinfo=UTC)
    assert translated.get_comment() == "Đã dịch thủ công ngày 06/12/2026"
    assert translated.updated_at.tzinfo is UTC  # the row itself is untouched


@pytest.mark.django_db
def test_the_admin_breadcrumbs_start_at_the_root_in_vietnamese(two_units, client):
    # Wagtail's migration titles the tree's root “Root”: the first step of every breadcrumb in the admin.
    client.force_login(two_units.board_a)
    home = two_units.ward_a.home_page
    for url in (reverse("wagtailadmin_explore", args=[home.pk]), reverse("wagtailadmin_pages:edit", args=[home.pk])):
        page = client.get(url).content.decode()
        crumbs = page[page.index('data-controller="w-breadcrumbs"') :][:4000]
        assert "Root" not in crumbs and "Trang gốc" in crumbs, url
