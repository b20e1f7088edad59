"""The admin's Vietnamese for the strings Django, Wagtail and wagtail-localize left in English (the browser test
tests/e2e/test_admin_vietnamese.py finds them on the screens; these pin each cause)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import password_validation
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.exceptions import ValidationError
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
