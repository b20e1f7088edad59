"""Fixtures of the questions tests: a solved ALTCHA payload, the private attachment storage in a temporary folder,
an empty cache (rate limits) for every test, and published questions carrying recognisable personal data."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from datetime import timedelta

import altcha
import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.functional import empty
from PIL import Image

from participation.models import ConsultationComment, ConsultationPage, Question, QuestionEvent, Topic
from participation.storage import private_storage

WARD_A = "ninhson.tayninh.localhost"
WARD_B = "hiepninh.tayninh.localhost"
QA_PATH = "/hoi-dap-phan-anh-kien-nghi/"

# Personal data planted in questions: none of it may appear in any public output.
PERSONAL = {
    "sender_name": "Trần Thị Bích Ngọc",
    "sender_phone": "0912 345 678",
    "sender_email": "bichngoc.tran@example.vn",
    "sender_address": "Số 27 hẻm 14 đường Bời Lời",
}
PERSONAL_MARKERS = ("Bích Ngọc", "0912 345 678", "0912345678", "bichngoc.tran", "hẻm 14 đường Bời Lời")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def private_media(tmp_path, settings):
    """Attachments go to a temporary folder (the storage is lazy: reset it so it reads the setting again)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield tmp_path / "private"
    private_storage._wrapped = empty


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def solved_payload(hmac_key: str = "test-only-altcha-key", max_number: int = 2000) -> str:
    """What ALTCHA's widget posts once it has solved a challenge made with the portal's key."""
    challenge = altcha.create_challenge(
        altcha.ChallengeOptions(
            hmac_key=hmac_key, max_number=max_number, expires=dt.datetime.now() + dt.timedelta(minutes=10)
        )
    )
    solution = altcha.solve_challenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.max_number, 0)
    payload = {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "number": solution.number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def topic(name: str = "Đất đai") -> Topic:
    return Topic.objects.get(name=name, locale__language_code="vi")


def form_data(**overrides) -> dict:
    data = {
        "sender_name": PERSONAL["sender_name"],
        "sender_phone": PERSONAL["sender_phone"],
        "sender_email": PERSONAL["sender_email"],
        "sender_address": PERSONAL["sender_address"],
        "topic": str(topic().pk),
        "kind": "feedback",
        "title": "Đường hẻm 14 Bời Lời ngập nước sau mưa",
        "content": "Mỗi khi mưa lớn, đoạn hẻm trước nhà số 27 ngập sâu khoảng 30 cm, người dân đi lại khó khăn.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_question(
    unit,
    *,
    status=Question.Status.PUBLISHED,
    title="Hỏi về cấp giấy chứng nhận quyền sử dụng đất",
    topic_name="Đất đai",
    area=None,
    answer="Ông/bà liên hệ Bộ phận Một cửa để được hướng dẫn hồ sơ.",
    code=None,
    **fields,
) -> Question:
    """A question of `unit` with the planted personal data, stored with its RECEIVED step."""
    now = timezone.now()
    values = {
        **PERSONAL,
        "unit": unit,
        "tracking_code": code or f"HD-2026-T{Question.objects.count():05d}",
        "kind": Question.Kind.QUESTION,
        "topic": topic(topic_name),
        "area": area,
        "title": title,
        "content": "Gia đình tôi đang sử dụng thửa đất từ năm 1995, chưa được cấp giấy chứng nhận.",
        "consent_at": now,
        "deadline": (now + dt.timedelta(days=21)).date(),
        "status": status,
        "answer": answer if status in (Question.Status.ANSWERED, Question.Status.PUBLISHED) else "",
        "answered_at": now if status in (Question.Status.ANSWERED, Question.Status.PUBLISHED) else None,
        "published_at": now if status == Question.Status.PUBLISHED else None,
    }
    values.update(fields)
    if status in (Question.Status.ANSWERED, Question.Status.PUBLISHED):  # the board's public copy, as answered
        values.setdefault("public_title", values["title"])
        values.setdefault("public_content", values["content"])
    question = Question.objects.create(**values)
    QuestionEvent.objects.create(question=question, action=QuestionEvent.Action.RECEIVED)
    return question


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
