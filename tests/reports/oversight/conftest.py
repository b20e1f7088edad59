"""Fixtures of the dashboard tests: the fake engine installed, the office account, a fixed day."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import PASSWORD

from . import fakes


@pytest.fixture
def fake_engine(monkeypatch):
    fakes.install(monkeypatch)


@pytest.fixture
def fixed_today(monkeypatch):
    """Friday 4/12/2026 for the dashboard and its to-do list."""
    monkeypatch.setattr("reports.oversight.views.calendar_today", lambda: fakes.TODAY)
    monkeypatch.setattr("reports.oversight.hooks.calendar_today", lambda: fakes.TODAY)
    return fakes.TODAY


@pytest.fixture
def office(db, two_units):
    user = get_user_model().objects.create_user("noivu.giamsat", "giamsat@tayninh.gov.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    return user


@pytest.fixture
def outsider(db):
    return get_user_model().objects.create_user("nguoingoai", "nguoingoai@example.vn", PASSWORD)
