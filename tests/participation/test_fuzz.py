"""Fuzzed submissions (hypothesis): whatever a client posts to the questions form and the lookup, the answer is never
a 5xx, markup is never echoed unescaped, and nothing is half-stored: every question has its RECEIVED step and every
stored file belongs to a question."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.models import Question, QuestionEvent
from tests.conftest import make_unit
from tests.home.test_fuzz import MARKER, nasty_values

from .conftest import QA_PATH, WARD_A, form_data, png_bytes, solved_payload, stored_files

FIELDS = [
    "sender_name",
    "sender_phone",
    "sender_email",
    "sender_address",
    "area",
    "topic",
    "kind",
    "title",
    "content",
    "consent",
    "website",
    "altcha",
]
files = st.sampled_from(
    [
        None,
        ("anh.png", png_bytes()),
        ("anh.jpg", b"not a photo"),
        ("tep.pdf", b"%PDF-1.4 bien ban"),
        ("tep.pdf", b""),
        ("../../etc/passwd.png", png_bytes()),
        (MARKER + ".png", png_bytes()),
        ("khong-duoi", b"\x00\x01"),
    ]
)


@pytest.fixture
def ward(city, settings):
    settings.PARTICIPATION_RATE_LIMITS = {
        "submit": (10_000, 60),
        "submit_noscript": (10_000, 60),
        "lookup": (10_000, 60),
    }
    return make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh")


@pytest.mark.django_db
@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    changes=st.dictionaries(st.sampled_from(FIELDS), nasty_values, max_size=4),
    dropped=st.sets(st.sampled_from(FIELDS), max_size=3),
    upload=files,
    solve=st.booleans(),
    code=nasty_values,
)
def test_fuzzed_submissions_never_fail_and_never_leave_partial_rows(
    ward, client, private_media, changes, dropped, upload, solve, code
):
    data = form_data(altcha=solved_payload() if solve else None)
    data.update(changes)
    for name in dropped:
        data.pop(name, None)
    if upload is not None:
        data["attachment"] = SimpleUploadedFile(upload[0], upload[1])
    response = client.post(f"{QA_PATH}gui-cau-hoi/", data, HTTP_HOST=WARD_A)
    assert response.status_code < 500
    assert MARKER not in response.content.decode(errors="replace")
    lookup = client.post(f"{QA_PATH}tra-cuu/", {"ma": code}, HTTP_HOST=WARD_A)
    assert lookup.status_code < 500 and MARKER not in lookup.content.decode(errors="replace")
    received = client.get(f"{QA_PATH}gui-cau-hoi/da-nhan/", {"t": code}, HTTP_HOST=WARD_A)
    assert received.status_code < 500

    assert Question.objects.count() == QuestionEvent.objects.filter(action=QuestionEvent.Action.RECEIVED).count()
    with_files = set(Question.objects.exclude(attachment="").values_list("attachment", flat=True))
    on_disk = {str(path.relative_to(private_media)) for path in stored_files(private_media)}
    assert on_disk == with_files
