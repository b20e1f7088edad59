"""Receiving a citizen's question: one transaction stores the question, its attachment and its first history step;
only then is the sender acknowledged (the tracking code shown, and mailed when an e-mail was given)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from workdays.calendar import add_working_days, local_date

from .models import DEFAULT_ANSWER_WORKING_DAYS, Area, Question, QuestionEvent, Topic

# Crockford's base32 without the look-alikes (0/O, 1/I/L) and U: easy to read out on the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 6  # 30**6 ≈ 729 million codes a year; lookups are rate-limited (participation/antispam.py)
CODE_PREFIX = "HD"


def new_tracking_code(year: int) -> str:
    """A random tracking code such as HD-2026-7K3Q9M (not derived from the id, so it cannot be guessed)."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{CODE_PREFIX}-{year}-{body}"


def normalise_code(text: str) -> str:
    """What a citizen typed as a code, as stored: upper case, no spaces, any dash for “-”."""
    cleaned = "".join((text or "").split()).upper()
    for dash in ("–", "—", "_"):
        cleaned = cleaned.replace(dash, "-")
    return cleaned[:20]


# Law on Access to Information 2016 Art. 30 (requests sent over the network: every request the portal receives,
# whatever the chosen delivery): simple information at hand is provided at the latest 3 working days after a valid
# request; complex information, not at hand or to be gathered from other bodies, at the latest 15 days, and the head
# of the body may extend by at most 15 more days. (Art. 29 governs requests made in person, Art. 31 those sent by
# post or fax — not the portal's.) The tracked deadline is the 15 days, counted in working days.
INFORMATION_REQUEST_WORKING_DAYS = 15
INFORMATION_AT_HAND_WORKING_DAYS = 3
INFORMATION_EXTENSION_DAYS = 15


def answer_deadline(received: dt.date | dt.datetime, topic: Topic | None, kind: str | None = None) -> dt.date:
    """The answer is due this many working days after the day received (the topic's catalogue time, else 15; an
    information request the time limit of the Law on Access to Information)."""
    if kind == Question.Kind.INFORMATION_REQUEST:
        return add_working_days(received, INFORMATION_REQUEST_WORKING_DAYS)
    days = (topic.answer_working_days if topic is not None else 0) or DEFAULT_ANSWER_WORKING_DAYS
    return add_working_days(received, days)


@dataclass
class Submission:
    """What the citizen sent, cleaned by the form."""

    unit: object
    kind: str
    topic: Topic | None
    area: Area | None
    title: str
    content: str
    sender_name: str
    sender_phone: str
    sender_email: str
    sender_address: str
    language: str
    verification: str
    attachment: object = None  # an UploadedFile already checked by content and size
    # information requests only (Law on Access to Information 2016 Art. 24(2))
    requester_id_number: str = ""
    request_purpose: str = ""
    delivery: str = ""


def receive_question(submission: Submission) -> Question:
    """Store the question, its attachment and a RECEIVED event in one transaction; the file is removed again if
    the transaction does not commit."""
    now = timezone.now()
    question = Question(
        unit=submission.unit,
        kind=submission.kind,
        topic=submission.topic,
        area=submission.area,
        title=submission.title,
        content=submission.content,
        sender_name=submission.sender_name,
        sender_phone=submission.sender_phone,
        sender_email=submission.sender_email,
        sender_address=submission.sender_address,
        consent_at=now,
        language=submission.language,
        verification=submission.verification,
        requester_id_number=submission.requester_id_number,
        request_purpose=submission.request_purpose,
        delivery=submission.delivery,
        deadline=answer_deadline(now, submission.topic, submission.kind),
    )
    question.tracking_code = unused_tracking_code(local_date(now).year)
    stored_name = ""
    try:
        with transaction.atomic():
            if submission.attachment is not None:
                question.attachment.save(_safe_name(submission.attachment.name), submission.attachment, save=False)
                stored_name = question.attachment.name
            question.save()
            QuestionEvent.objects.create(question=question, action=QuestionEvent.Action.RECEIVED)
    except BaseException:
        if stored_name:  # nothing of the question was kept: neither is its file
            question.attachment.storage.delete(stored_name)
        raise
    return question


def unused_tracking_code(year: int) -> str:
    """A fresh code of `year` that no question holds yet (a received or a forwarded one)."""
    for _attempt in range(10):
        code = new_tracking_code(year)
        if not Question.objects.filter(tracking_code=code).exists():
            return code
    raise RuntimeError("no unused tracking code after 10 draws")


def _safe_name(name: str) -> str:
    """A file name that keeps only the extension of what the citizen sent (their file name may hold their name)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "bin"
    return f"{secrets.token_hex(12)}.{extension}"
