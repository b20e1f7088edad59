"""The unit home page and the generic pages every unit tree starts with."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from languages.helpers import is_alias, without_aliases
from sites.access import unit_for_request
from sites.models import Unit, kind_order
from sites.request_memo import once_per_request

from .blocks import BodyStreamBlock

# Typed pages of the organization app that replace generic sections (under the home page or a generic “Giới thiệu”).
ORGANIZATION_INTRO_SECTIONS = [
    "organization.HistoryPage",
    "organization.OrgChartPage",
    "organization.LeadershipPage",
    "organization.SpokespersonPage",
    "organization.IntroductionTopicPage",
]
# The disclosure app's section pages that sit under “Công khai thông tin” (or a generic section in its place).
DISCLOSURE_SECTIONS = [
    "disclosure.PlansPage",
    "disclosure.ProjectsPage",
    "disclosure.StatisticsPage",
    "disclosure.FinancePage",
    "disclosure.SciencePage",
]
ORGANIZATION_SECTIONS = [
    "organization.IntroductionPage",
    "organization.ContactsPage",
    "organization.WorkSchedulePage",
    *ORGANIZATION_INTRO_SECTIONS[:4],
]


class IntroBodyMixin(models.Model):
    """A summary line and a structured body, with their panels and search fields."""

    intro = models.TextField(
        _("tóm tắt"), blank=True, max_length=500, help_text=_("Một hoặc hai câu giới thiệu nội dung trang.")
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("nội dung"), blank=True)

    search_fields = [index.SearchField("intro"), index.SearchField("body")]
    content_panels = [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        abstract = True


class HomePage(Page):
    """The root of one unit's site."""

    intro = models.TextField(
        _("lời giới thiệu"),
        blank=True,
        max_length=500,
        help_text=_("Hiển thị dưới tên đơn vị trên trang chủ."),
    )

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.SectionPage",
        "home.ContentPage",
        "home.SitemapPage",
        "news.NewsIndexPage",
        "documents.LegalDocumentIndexPage",
        "participation.QuestionIndexPage",
        "participation.ConsultationIndexPage",
        *ORGANIZATION_SECTIONS,
        "participation.RatingPage",
        "disclosure.ServiceCatalogPage",
        "disclosure.DisclosurePage",
    ]

    class Meta:
        verbose_name = _("trang chủ đơn vị")
        verbose_name_plural = _("trang chủ đơn vị")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        unit = unit_for_request(request)
        if unit is not None and unit.has_children:
            context["child_units"] = [child for child in units_at_and_below(unit) if child.parent_id == unit.pk]
        sections = without_aliases(self.get_children().live().public()).in_menu().order_by("path")
        context["section_pages"] = with_intros(list(sections))
        return context


def units_at_and_below(unit: Unit) -> list[Unit]:
    """The unit and every unit below it with their sites and homes, in directory order (kind, then name), read once
    per request: the city home's unit directory and its open consultations across units both list them."""
    return once_per_request(
        ("units_at_and_below", unit.pk),
        lambda: list(unit.with_descendants().select_related("home_page", "site").order_by(kind_order(), "name")),
    )


def with_intros(pages: list[Page]) -> list[Page]:
    """These pages, each with the `intro` its type carries ("" where it has none), read in one query for every type
    (a UNION) instead of making each page specific, which costs a query per page type."""
    ids_by_model: dict[type[Page], list[int]] = {}
    for page in pages:
        model = page.specific_class
        if model is not None and any(field.name == "intro" for field in model._meta.concrete_fields):
            ids_by_model.setdefault(model, []).append(page.pk)
    parts = [
        model._default_manager.filter(pk__in=ids).order_by().values_list("pk", "intro")
        for model, ids in ids_by_model.items()
    ]
    intros = dict(parts[0].union(*parts[1:], all=True)) if parts else {}
    for page in pages:
        page.intro = intros.get(page.pk, "")
    return pages


class SectionPage(IntroBodyMixin, Page):
    """A blueprint section that has no typed page yet: an introduction followed by its child pages."""

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels]

    parent_page_types = [
        "home.HomePage",
        "home.SectionPage",
        "documents.LegalDocumentIndexPage",
        "participation.QuestionIndexPage",
    ]
    subpage_types = [
        "home.SectionPage",
        "home.ContentPage",
        "news.NewsIndexPage",
        *ORGANIZATION_INTRO_SECTIONS,
        "participation.RatingPage",
        "participation.ConsultationIndexPage",
        *DISCLOSURE_SECTIONS,
    ]

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = self.get_children().live().public().specific().order_by("path")
        return context


class ContentPage(IntroBodyMixin, Page):
    """A plain content page inside a section (e.g. “Điều kiện tự nhiên” under “Giới thiệu”)."""

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels]

    parent_page_types = [
        "home.HomePage",
        "home.SectionPage",
        "home.ContentPage",
        "documents.LegalDocumentIndexPage",
        "organization.IntroductionPage",
        "participation.QuestionIndexPage",
        "disclosure.ServiceCatalogPage",
        "disclosure.DisclosurePage",
    ]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("trang nội dung")
        verbose_name_plural = _("trang nội dung")


class SitemapPage(Page):
    """The human-readable site map (“Sơ đồ cổng”, Circular 32/2017): the unit's page tree."""

    intro = models.TextField(_("lời dẫn"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("sơ đồ cổng")
        verbose_name_plural = _("sơ đồ cổng")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site_root = self.get_parent()
        context["site_root"] = site_root
        context["tree"] = build_page_tree(site_root)
        return context


def build_page_tree(root: Page, max_depth: int = 4) -> list[dict]:
    """Nest the live public descendants of `root` (in one query) as [{page, children}] for the site map.

    A page whose parent is hidden (draft or private) is left out with it.
    """
    pages = root.get_descendants().live().public().filter(depth__lte=root.depth + max_depth).order_by("path")
    top: list[dict] = []
    stack: list[tuple[Page, list[dict]]] = [(root, top)]
    for page in pages:
        while len(stack) > 1 and not page.path.startswith(stack[-1][0].path):
            stack.pop()
        if page.depth != stack[-1][0].depth + 1:
            continue
        if is_alias(page):
            # An untranslated parent copied into the English tree mirrors Vietnamese text: its children move up.
            stack.append((page, stack[-1][1]))
            continue
        node = {"page": page, "children": []}
        stack[-1][1].append(node)
        stack.append((page, node["children"]))
    return top
