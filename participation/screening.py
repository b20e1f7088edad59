"""The checks a citizen's form passes before what it carries is stored, in one order for every form that stores a
question (the Q&A form, the information request form): the honeypot, the form's own validation, the per-client rate
limit (counted only once the form is complete: a citizen correcting a typo is not held against it), the proof of
work (absent without JavaScript: accepted, marked and limited harder)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .antispam import ProofOfWork, check_proof_of_work, within_limit
from .forms import ALTCHA_FIELD, HONEYPOT_FIELD
from .models import Question


@dataclass(frozen=True)
class Screening:
    refusal: tuple[str, int] | None = None  # the message shown and the HTTP status, when the submission is refused
    invalid: bool = False  # the form has errors to show
    verification: str = Question.Verification.NO_SCRIPT


def screen_submission(request, form, too_many: str) -> Screening:
    """Screen a bound form; `too_many` is the form's own message when the client sent too many."""
    if request.POST.get(HONEYPOT_FIELD, "").strip():
        form.is_valid()
        return Screening(
            refusal=(
                _("Không gửi được: ô “Để trống ô này” phải để trống. Hãy xóa nội dung trong ô đó rồi gửi lại."),
                400,
            )
        )
    payloads = [value for value in request.POST.getlist(ALTCHA_FIELD) if value.strip()]
    if not form.is_valid():
        return Screening(invalid=True)
    if not within_limit(request, "submit" if payloads else "submit_noscript"):
        return Screening(refusal=(too_many, 429))
    proof = check_proof_of_work(payloads[-1]) if payloads else ProofOfWork.ABSENT
    if proof is ProofOfWork.INVALID:
        return Screening(
            refusal=(
                _("Không xác minh được bạn không phải là máy (mã xác minh sai hoặc đã hết hạn). Vui lòng gửi lại."),
                400,
            )
        )
    if proof is ProofOfWork.SOLVED:
        return Screening(verification=Question.Verification.PROOF_OF_WORK)
    return Screening()
