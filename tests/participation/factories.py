"""Rows for the participation tests: topics, areas, questions (with their “received” event), sub-units and officials,
and the fixtures the board's tests share (import them into a test module to use them)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from wagtail.models import Locale

from organization.models import Official, SubUnit
from participation.models import Area, Question, QuestionEvent, Topic
from participation.storage import private_storage
from sites.models import UnitRole
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import PASSWORD, login_verified, make_member

_codes = itertools.count(1)


def make_topic(name: str = "Đất đai", days: int = 15) -> Topic:
    topic, _ = Topic.objects.get_or_create(
        name=name, locale=Locale.get_default(), defaults={"answer_working_days": days}
    )
    return topic


def make_area(unit, name: str = "Khu phố 1") -> Area:
    area, _ = Area.objects.get_or_create(unit=unit, name=name)
    return area


def make_question(unit, *, received: dt.datetime | None = None, attachment: bytes | None = None, **fields) -> Question:
    """A question as the public form stores it (status received, a “received” event); `received` backdates it."""
    values = {
        "tracking_code": f"HD-TEST-{next(_codes):04d}",
        "title": "Hỏi về cấp giấy chứng nhận quyền sử dụng đất",
        "content": "Gia đình tôi nộp hồ sơ đã hơn một tháng, xin hỏi khi nào được cấp?",
        "sender_name": "Nguyễn Văn An",
        "sender_phone": "0912 345 678",
        "sender_email": "",
        "sender_address": "Khu phố 1",
        "consent_at": timezone.now(),
        "deadline": timezone.localdate() + dt.timedelta(days=21),
    }
    values.update(fields)
    question = Question(unit=unit, **values)
    if attachment is not None:
        question.attachment.save("anh-hien-truong.pdf", ContentFile(attachment), save=False)
    question.save()
    if received is not None:
        Question.objects.filter(pk=question.pk).update(received_at=received)
        question.refresh_from_db()
    QuestionEvent.objects.create(question=question, action=QuestionEvent.Action.RECEIVED)
    return question


def make_subunit(unit, name: str = "Bộ phận Một cửa") -> SubUnit:
    return SubUnit.objects.create(unit=unit, name=name, locale=Locale.get_default())


def make_official(unit, name: str = "Trần Thị Bình", sub_unit=None) -> Official:
    return Official.objects.create(
        unit=unit, name=name, position="Công chức Địa chính", sub_unit=sub_unit, locale=Locale.get_default()
    )


def make_oversight(django_user_model):
    user = django_user_model.objects.create_user("noivu.giamsat", "giamsat@tayninh.gov.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    return user


@pytest.fixture
def private_files(tmp_path):
    """Citizens' attachments written to a temporary folder for the test."""
    previous = private_storage._wrapped
    private_storage._wrapped = FileSystemStorage(location=tmp_path / "private", base_url=None)
    yield private_storage
    private_storage._wrapped = previous


@pytest.fixture
def board_b(two_units):
    return make_member(two_units.ward_b, UnitRole.BOARD)


@pytest.fixture
def oversight_client(client, django_user_model, two_units):
    login_verified(client, make_oversight(django_user_model))
    return client
