"""“Thông tin này có hữu ích không?” and the portal survey: which pages are rated, the vote form, the checks a vote
passes before it is stored (a live public page of the request's unit, one vote per browser, a per-client rate
limit, participation/antispam.py), and the section a page belongs to.

Anonymity (Decree 224 Art. 10(3)(b)): a `PageRating` row holds the unit, page, section, month, day, score and
comment — nothing about the rater. The rate limit keys the cache with a salted hash of the client address that
expires within minutes; the address itself is never stored or logged."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from sites.access import unit_for_request
from sites.models import Unit, UnitSection
from workdays.calendar import today as local_today

from .models import SCORE_LABELS, SURVEY_LABELS, PageRating, RatingPage, first_of_month
from .text import strip_control

# Pages a citizen reads for their information get the widget; listings, homes and forms do not. Every page type is
# in one of the two lists (tests/participation/test_rating.py fails for a new type until it is classified).
RATED_PAGE_TYPES = frozenset(
    {
        "home.ContentPage",
        "news.NewsArticlePage",
        "documents.LegalDocumentPage",
        "organization.IntroductionPage",
        "organization.IntroductionTopicPage",
        "organization.HistoryPage",
        "organization.OrgChartPage",
        "organization.LeadershipPage",
        "organization.SpokespersonPage",
        "organization.ContactsPage",
        "participation.ConsultationPage",  # a draft and its report: information the unit publishes
        "disclosure.DisclosureItemPage",
    }
)
UNRATED_PAGE_TYPES = frozenset(
    {
        "wagtailcore.Page",
        "home.HomePage",
        "home.SectionPage",
        "home.SitemapPage",
        "news.NewsIndexPage",
        "documents.LegalDocumentIndexPage",
        "organization.WorkSchedulePage",
        "organization.WorkScheduleWeekPage",
        "participation.RatingPage",  # the survey itself
        "participation.QuestionIndexPage",
        "participation.ConsultationIndexPage",
        "disclosure.ServiceCatalogPage",  # the catalogue and its procedure pages: rated on each procedure instead
        "disclosure.DisclosurePage",
        "disclosure.PlansPage",
        "disclosure.ProjectsPage",
        "disclosure.StatisticsPage",
        "disclosure.FinancePage",
        "disclosure.SciencePage",
    }
)

COMMENT_MAX_LENGTH = 1000


def is_rated(page) -> bool:
    return page is not None and page._meta.label in RATED_PAGE_TYPES


class VoteForm(forms.Form):
    """The widget's and the survey's fields: the page, a score 1–5 and an optional comment."""

    trang = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    diem = forms.TypedChoiceField(
        label=_("Điểm đánh giá"),
        coerce=int,
        choices=[(score, label) for score, label in SCORE_LABELS.items()],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn một mức từ 1 đến 5."),
            "invalid_choice": _("Hãy chọn một mức từ 1 đến 5."),
        },
    )
    y_kien = forms.CharField(
        label=_("Góp ý thêm (không bắt buộc)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
        error_messages={
            "max_length": _("Góp ý dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d ký tự)."),
        },
    )

    def __init__(self, *args, survey: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if survey:
            self.fields["diem"].choices = list(SURVEY_LABELS.items())

    def clean_y_kien(self) -> str:
        return strip_control(self.cleaned_data["y_kien"]).strip()


class Refused(Exception):
    """A vote that is not stored, with the citizen's message and the HTTP status."""

    def __init__(self, message, status: int = 400):
        super().__init__(str(message))
        self.message = message
        self.status = status


def target_page(request, page_id: int) -> tuple[Unit, Page]:
    """The live, public page `page_id` of the unit of the request's hostname that takes votes (a rated content page
    or the unit's survey); anything else is refused without saying whose page it is."""
    unit = unit_for_request(request)
    if unit is None:
        raise Refused(_("Không tìm thấy cổng thông tin của địa chỉ này."), 404)
    page = Page.objects.live().public().filter(pk=page_id).specific().first()
    if page is None or Unit.for_page(page) != unit:
        raise Refused(_("Trang này không nhận đánh giá."), 404)
    if not (is_rated(page) or isinstance(page, RatingPage)):
        raise Refused(_("Trang này không nhận đánh giá."), 400)
    return unit, page


def section_of(unit: Unit, page: Page) -> str:
    """The key of the blueprint section holding `page` (its nearest `UnitSection` ancestor, in either language)."""
    step = Page.steplen
    paths = [page.path[:end] for end in range(step, len(page.path) + 1, step)]
    keys = Page.objects.filter(path__in=paths).values("translation_key")
    section = (
        UnitSection.objects.filter(unit=unit)
        .filter(Q(page__path__in=paths) | Q(page__translation_key__in=keys))
        .order_by("-page__depth")
        .values_list("key", flat=True)
        .first()
    )
    return section or ""


def store_vote(unit: Unit, page: Page, score: int, comment: str) -> PageRating:
    """One row, nothing about the rater: a survey answer has no page (the survey is the unit's, not a page's)."""
    survey = isinstance(page, RatingPage)
    return PageRating.objects.create(
        unit=unit,
        kind=PageRating.Kind.SURVEY if survey else PageRating.Kind.PAGE,
        page=None if survey else page,
        section=section_of(unit, page),
        month=first_of_month(local_today()),
        score=score,
        comment=comment,
    )
