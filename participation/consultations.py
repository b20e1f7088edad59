"""Draft consultations: the listing by state, the open drafts a home page shows, and the public comment form.

A comment is accepted only while its draft is open; before and after, the page says when comments are taken
instead of showing the form, and a POST is refused without writing anything. The anti-spam is local: a honeypot
field and the per-client rate limit of participation/antispam.py (no IP address is stored anywhere).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from sites.models import HOME_DEPTH, Unit

from .antispam import within_limit
from .consultation_forms import ConsultationCommentForm
from .models import ConsultationComment, ConsultationPage, ConsultationState

SENT_PARAMETER = "da-gui"
# The request attribute the anonymous page cache reads (docs/caching.md): a page showing a state that changes at a
# time (a draft opening or closing) is kept no longer than that time. A plain attribute: the page cache sits above
# this app and reads it; nothing here imports it.
PAGE_CACHE_EXPIRES_ATTRIBUTE = "page_cache_expires_at"
STATE_ORDER = (
    ConsultationState.OPEN,
    ConsultationState.UPCOMING,
    ConsultationState.CLOSED,
    ConsultationState.REPORTED,
)


def shown_until(request, moment) -> None:
    """The page being rendered for `request` shows a state that ends at `moment` (the earliest such moment wins)."""
    if request is None or moment is None:
        return
    current = getattr(request, PAGE_CACHE_EXPIRES_ATTRIBUTE, None)
    if current is None or moment < current:
        setattr(request, PAGE_CACHE_EXPIRES_ATTRIBUTE, moment)


def next_change(page: ConsultationPage, now) -> datetime | None:
    """When the draft's state changes next after `now` (it opens, or it closes), None once it is closed."""
    if now < page.opens_at:
        return page.opens_at
    if now < page.closes_at:
        return page.closes_at
    return None


@dataclass
class StateGroup:
    state: str
    label: str
    pages: list = field(default_factory=list)


def consultations_by_state(index: Page, now=None, request=None) -> list[StateGroup]:
    """The index's live drafts in four groups (open, upcoming, closed, reported), each sorted the way a reader
    wants it: closing first while open, opening first when upcoming, most recently closed first afterwards."""
    now = now or timezone.now()
    groups = {state: StateGroup(state, ConsultationState(state).label) for state in STATE_ORDER}
    pages = ConsultationPage.objects.child_of(index).live().public().order_by("closes_at")
    for page in pages:
        page.listed_state = page.state(now)
        shown_until(request, next_change(page, now))
        groups[page.listed_state].pages.append(page)
    groups[ConsultationState.UPCOMING].pages.sort(key=lambda page: page.opens_at)
    for state in (ConsultationState.CLOSED, ConsultationState.REPORTED):
        groups[state].pages.reverse()
    return [groups[state] for state in STATE_ORDER]


@dataclass
class OpenConsultation:
    page: ConsultationPage
    unit: Unit | None
    url: str


def open_consultations(
    home: Page,
    request=None,
    across_units: bool = False,
    now=None,
    limit: int = 10,
    unit: Unit | None = None,
    units: list[Unit] | None = None,
):
    """The open drafts under `home` (a unit's home page, in its language), or on a city home with `across_units`,
    those of the unit and every unit below it. A fixed number of queries whatever the number of units or drafts;
    `unit` is the home's unit when the caller knows it (the request's), `units` that unit and those below it when the
    caller has read them (with their home pages)."""
    now = now or timezone.now()
    unit = unit or Unit.for_page(home)
    if unit is None:
        return []
    if not across_units:
        units = [unit]
    elif units is None:
        units = list(unit.with_descendants().select_related("home_page", "site"))
    keys = {u.home_page.translation_key: u for u in units}
    if all(u.home_page.locale_id == home.locale_id for u in units):
        # The Vietnamese homes are the units' own: no query for their paths.
        homes = {u.home_page.path: u.home_page.translation_key for u in units}
    else:
        homes = dict(
            Page.objects.filter(depth=HOME_DEPTH, locale_id=home.locale_id, translation_key__in=keys).values_list(
                "path", "translation_key"
            )
        )
    if not homes:
        return []
    within = Q()
    for path in homes:
        within |= Q(path__startswith=path)
    # The open drafts and those still to open, in one query: the first opening ends what the home shows as much as
    # the first closing does (the page cache keeps the home until then).
    pending = list(
        ConsultationPage.objects.live()
        .public()
        .filter(within, locale_id=home.locale_id, closes_at__gt=now)
        .order_by("closes_at", "pk")
    )
    pages = [page for page in pending if page.opens_at <= now][:limit]
    for page in pending:
        shown_until(request, next_change(page, now))
    result = []
    for page in pages:
        owner = keys.get(homes.get(page.path[: Page.steplen * HOME_DEPTH]))
        result.append(OpenConsultation(page, owner, page.get_url(request=request)))
    return result


def approved_comments(page: ConsultationPage):
    """The approved comments on the draft in every language (a comment sent from the English page counts too)."""
    return ConsultationComment.objects.filter(
        page__translation_key=page.translation_key, status=ConsultationComment.Status.APPROVED
    ).order_by("created_at", "pk")


def serve_consultation(page: ConsultationPage, request, *args, **kwargs):
    """GET shows the draft; POST stores a comment while the draft is open (one transaction, then a redirect that
    acknowledges it), or shows the form again with what was typed and the errors."""
    now = timezone.now()
    state = page.state(now)
    form = None
    status = 200
    refusal = None
    refused_content = ""
    if request.method == "POST":
        if state != ConsultationState.OPEN:
            status = 403
            refusal = _("Góp ý không được ghi nhận vì dự thảo không trong thời gian lấy ý kiến.")
            # What the citizen typed is shown back, so it can still be sent by post or e-mail.
            refused_content = str(request.POST.get("content", ""))[:5000]
        else:
            form = ConsultationCommentForm(request.POST)
            unit = Unit.for_page(page)
            if unit is None:
                status = 404
            elif not within_limit(request, "comment"):
                status = 429
                form.add_error(None, _("Bạn đã gửi nhiều góp ý trong thời gian ngắn; vui lòng thử lại sau ít phút."))
            elif form.is_robot:
                # Robots get the same acknowledgement as people, and nothing is stored.
                return HttpResponseRedirect(f"{page.get_url(request=request)}?{SENT_PARAMETER}=1#gop-y")
            elif form.is_valid():
                data = form.cleaned_data
                with transaction.atomic():
                    ConsultationComment.objects.create(
                        unit=unit,
                        page=page,
                        name=data["name"],
                        email=data["email"],
                        phone=data["phone"],
                        organisation=data["organisation"],
                        content=data["content"],
                        show_name=data["show_name"],
                        consent_at=now,
                    )
                return HttpResponseRedirect(f"{page.get_url(request=request)}?{SENT_PARAMETER}=1#gop-y")
            else:
                status = 400
    if form is None and state == ConsultationState.OPEN:
        form = ConsultationCommentForm()
    shown_until(request, next_change(page, now))
    context = page.get_context(request, *args, **kwargs)
    context.update(
        {
            "state": state,
            "state_label": ConsultationState(state).label,
            "comment_form": form,
            "refusal": refusal,
            "refused_content": refused_content,
            "sent": request.method == "GET" and request.GET.get(SENT_PARAMETER) == "1",
            "comments": approved_comments(page),
        }
    )
    return TemplateResponse(request, page.get_template(request, *args, **kwargs), context, status=status)
