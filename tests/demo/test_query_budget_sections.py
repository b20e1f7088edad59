"""Query budgets of the section pages (issue 18, item 3): the registry and its documents, the organisation pages,
participation and disclosure, measured on the seeded demo (a ward's portal, anonymous, uncached).

Each page runs at most `PAGE_BUDGET` queries in all; its own part — its queries less those of a `HistoryPage` at the
same depth, which runs only the chrome every page pays — stays within `SECTION_BUDGET`; and neither grows when the
ward gets more documents, officials, schedule entries, answered questions, consultations and disclosure items, when
another ward is added, or when the new items are translated into English.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from django.utils import timezone
from wagtail.models import Locale, Page

from tests.conftest import make_unit
from tests.query_budget import PAGE_BUDGET, demo_host, queries, seeded_demo

SECTION_BUDGET = 8
WARD = "ninhson"
CITY = "tayninh"

# Page types measured at the first live Vietnamese page of that type in the ward's tree (the city's when the ward has
# none: only the city publishes science programmes).
PAGE_TYPES = (
    "documents.LegalDocumentIndexPage",
    "documents.LegalDocumentPage",
    "organization.IntroductionPage",
    "organization.IntroductionTopicPage",
    "organization.OrgChartPage",
    "organization.LeadershipPage",
    "organization.SpokespersonPage",
    "organization.ContactsPage",
    "organization.WorkSchedulePage",
    "organization.WorkScheduleWeekPage",
    "participation.QuestionIndexPage",
    "participation.ConsultationIndexPage",
    "participation.ConsultationPage",
    "participation.RatingPage",
    "disclosure.DisclosurePage",
    "disclosure.PlansPage",
    "disclosure.ProjectsPage",
    "disclosure.FinancePage",
    "disclosure.StatisticsPage",
    "disclosure.SciencePage",
    "disclosure.DisclosureItemPage",
    "disclosure.ServiceCatalogPage",
)
# Routes below a page: (name, page type, what follows the page's URL).
SUB_ROUTES = (
    ("registry search", "documents.LegalDocumentIndexPage", "?q=ke+hoach&status=in_force&sort=oldest"),
    ("registry filtered", "documents.LegalDocumentIndexPage", "?year=2026&page=1"),
    ("procedure", "disclosure.ServiceCatalogPage", "1-001193/"),
    ("answered question", "participation.QuestionIndexPage", None),  # the ward's first published question
)


@dataclass(frozen=True)
class Measurable:
    path: str
    depth: int  # of the page that serves the path: Wagtail's routing runs a query per level
    unit: str

    @property
    def host(self) -> str:
        return demo_host(self.unit)


def _first_page(label: str, slug: str) -> Page | None:
    from django.apps import apps

    from sites.models import Unit

    root = Unit.objects.get(slug=slug).home_page
    model = apps.get_model(label)
    return model.objects.live().public().descendant_of(root).filter(locale__language_code="vi").first()


def _pages() -> dict[str, Measurable]:
    """Every measured page of the ward (or the city), and the HistoryPage of both as the baseline."""
    from participation.models import Question

    pages: dict[str, Measurable] = {}
    for slug in (WARD, CITY):
        history = _first_page("organization.HistoryPage", slug)
        pages[f"HistoryPage {slug}"] = Measurable(history.get_url_parts()[2], history.depth, slug)
    for label in PAGE_TYPES:
        slug = WARD if _first_page(label, WARD) else CITY
        page = _first_page(label, slug)
        assert page is not None, f"the demo has no {label}"
        pages[label.split(".")[1]] = Measurable(page.get_url_parts()[2], page.depth, slug)
    for name, label, suffix in SUB_ROUTES:
        page = _first_page(label, WARD)
        if suffix is None:
            question = Question.objects.filter(unit__slug=WARD, status="published").order_by("pk").first()
            suffix = f"{question.pk}/"
        pages[name] = Measurable(page.get_url_parts()[2] + suffix, page.depth, WARD)
    return pages


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with seeded_demo(django_db_blocker, tmp_path_factory), django_db_blocker.unblock():
        yield _pages()


MEASURED = (*(label.split(".")[1] for label in PAGE_TYPES), *(name for name, _label, _suffix in SUB_ROUTES))


@pytest.mark.django_db
@pytest.mark.parametrize("name", MEASURED)
def test_section_part_of_each_page_is_small(demo, name):
    page = demo[name]
    history = demo[f"HistoryPage {page.unit}"]
    baseline = queries(history.path, history.host)
    measured = queries(page.path, page.host)
    assert measured.status == 200, page.path
    own = measured.count - (baseline.count + page.depth - history.depth)
    assert own <= SECTION_BUDGET, f"{page.path}: {own} of its own, {baseline.count} for the HistoryPage\n" + (
        measured.explain()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", MEASURED)
def test_each_page_type_within_the_page_budget(demo, name):
    page = demo[name]
    measured = queries(page.path, page.host)
    assert measured.status == 200
    assert measured.count <= PAGE_BUDGET, measured.explain()


def _copy(page: Page) -> Page:
    suffix = uuid.uuid4().hex[:8]
    attrs = {"slug": f"{page.slug}-{suffix}", "title": f"{page.title} {suffix}"}
    if hasattr(page, "number"):  # a legal document's number is unique in its unit and year
        attrs["number"] = f"{suffix}/KH-UBND"
    return page.copy(update_attrs=attrs)


def _grow_ward() -> None:
    """More of everything the section pages list, another ward, and English translations of some new pages."""
    from disclosure.items import DisclosureItemPage, DisclosureListPage
    from documents.models import LegalDocumentPage
    from organization.models import Official, ScheduleEntry
    from participation.models import ConsultationPage, Question
    from sites.models import Unit

    ward = Unit.objects.get(slug=WARD)
    new_pages = []
    for slug in (WARD, CITY):
        root = Unit.objects.get(slug=slug).home_page
        for model in (LegalDocumentPage, ConsultationPage):
            pages = model.objects.live().descendant_of(root).filter(locale=root.locale)
            new_pages += [_copy(page) for page in pages[:3]]
    for model in DisclosureListPage.__subclasses__():  # two more items in each list of every unit
        for listing in model.objects.live():
            items = DisclosureItemPage.objects.live().child_of(listing).filter(locale=listing.locale)
            new_pages += [_copy(item) for item in items[:2]]
    english = Locale.objects.get(language_code="en")
    for page in new_pages[:: max(1, len(new_pages) // 3)]:  # a few of them in English too
        page.copy_for_translation(english, copy_parents=True).save_revision().publish()

    # Twice as many officials, schedule entries (every week's) and published answers as the demo has.
    for official in list(Official.objects.filter(unit=ward, locale__language_code="vi")):
        official.pk = None
        official.translation_key = uuid.uuid4()
        official.save()
    for entry in list(ScheduleEntry.objects.filter(page__in=Page.objects.descendant_of(ward.home_page))):
        leaders = list(entry.leaders.all())
        entry.pk = None
        entry.translation_key = uuid.uuid4()
        entry.save()
        entry.leaders.set(leaders)
    for question in list(Question.objects.filter(unit=ward, status="published")):
        question.pk = None
        question.tracking_code = f"HD-{uuid.uuid4().hex[:8].upper()}"
        question.published_at = timezone.now()
        question.save()

    make_unit("ward", "Phường Long Hoa", "longhoa", "tayninh")


@pytest.mark.django_db
def test_queries_do_not_grow_with_items_units_and_languages(demo):
    before = {name: queries(demo[name].path, demo[name].host).count for name in MEASURED}
    _grow_ward()
    after = {name: queries(demo[name].path, demo[name].host).count for name in MEASURED}
    assert after == before
