"""Draft consultations made directly in a unit's “Lấy ý kiến dự thảo” section."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from participation.models import ConsultationComment, ConsultationPage


def make_consultation(unit, title: str, opens_in_days: float, closes_in_days: float, **fields) -> ConsultationPage:
    """A live draft of `unit` whose comment period starts and ends that many days from now (negative: past)."""
    index = unit.sections.get(key="consultation").page.specific
    now = timezone.now()
    page = index.add_child(
        instance=ConsultationPage(
            title=title,
            intro=fields.pop("intro", f"Tóm tắt {title}."),
            drafting_body=fields.pop("drafting_body", "Phòng Kinh tế, Hạ tầng và Đô thị"),
            receiving_email=fields.pop("receiving_email", f"gopy@{unit.slug}.gov.vn"),
            opens_at=now + timedelta(days=opens_in_days),
            closes_at=now + timedelta(days=closes_in_days),
            **fields,
        )
    )
    page.save_revision().publish()
    return page


def make_comment(page, content: str, **fields) -> ConsultationComment:
    from sites.models import Unit

    return ConsultationComment.objects.create(
        unit=Unit.for_page(page), page=page, content=content, consent_at=timezone.now(), **fields
    )


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()
