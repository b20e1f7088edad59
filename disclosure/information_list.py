"""The unit's list of the information it discloses (Law on Access to Information 2016 Arts. 17, 19; Decree 13/2018
Art. 6), generated from what exists: for each category of the blueprint that the law asks the unit to disclose, its
legal basis, where it is published on the unit's portal (its own section page), how many items there are and the
date of the latest, and the form and timing of disclosure. Built in a bounded number of queries, whatever the
number of sections or items."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from search.text import fold
from sites.blueprint import BLUEPRINT
from sites.models import Unit, UnitSection

from .items import SECTION_KINDS, DisclosureItemPage, DisclosureKind
from .procedures import Procedure

PAGE = "page"  # the section page itself is the information (organisation, leaders, contacts)
ITEMS = "items"  # the information is the pages published under the section

ON_PORTAL = pgettext_lazy("hình thức công khai", "Đăng trên cổng thông tin điện tử")
ON_PORTAL_WITH_FILES = pgettext_lazy("hình thức công khai", "Đăng trên cổng thông tin điện tử, kèm tệp văn bản")


@dataclass(frozen=True)
class Category:
    """A category of information the law asks to disclose, and the blueprint section that publishes it."""

    section_key: str
    description: str
    lati: str  # the clause of the Law on Access to Information it falls under ("" when another law asks it)
    measure: str
    form: str


# In the order of Law on Access to Information Art. 17(1); each row names the blueprint section that holds it.
CATEGORIES: tuple[Category, ...] = (
    Category(
        "documents",
        _("Văn bản quy phạm pháp luật, văn bản hành chính có giá trị áp dụng chung"),
        "Luật TCTT Đ17(1), Đ19(1)",
        ITEMS,
        ON_PORTAL_WITH_FILES,
    ),
    Category("services", _("Thủ tục hành chính, quy trình giải quyết công việc"), "Luật TCTT Đ17(1)", ITEMS, ON_PORTAL),
    Category(
        "propaganda",
        _("Thông tin phổ biến, hướng dẫn thực hiện pháp luật, chế độ, chính sách"),
        "Luật TCTT Đ17(1), Đ19(1)",
        ITEMS,
        ON_PORTAL,
    ),
    Category("consultation", _("Dự thảo văn bản lấy ý kiến nhân dân"), "Luật TCTT Đ17(1)", ITEMS, ON_PORTAL_WITH_FILES),
    Category(
        "plans",
        _("Chiến lược, chương trình, đề án, kế hoạch, quy hoạch phát triển kinh tế – xã hội"),
        "Luật TCTT Đ17(1), Đ19(1)",
        ITEMS,
        ON_PORTAL_WITH_FILES,
    ),
    Category(
        "finance",
        _("Dự toán, tình hình thực hiện, quyết toán ngân sách; báo cáo tài chính"),
        "Luật TCTT Đ17(1), Đ19(1)",
        ITEMS,
        ON_PORTAL_WITH_FILES,
    ),
    Category(
        "projects",
        _("Danh mục dự án, chương trình đầu tư công, đấu thầu, mua sắm công"),
        "Luật TCTT Đ17(1), Đ19(1)",
        ITEMS,
        ON_PORTAL_WITH_FILES,
    ),
    Category(
        "org",
        _("Cơ cấu tổ chức, chức năng, nhiệm vụ, quyền hạn của cơ quan và các đơn vị trực thuộc"),
        "Luật TCTT Đ17(1)",
        PAGE,
        ON_PORTAL,
    ),
    Category(
        "leaders",
        _("Lãnh đạo: họ tên, chức vụ, nhiệm vụ được phân công, điện thoại, thư điện tử công vụ"),
        "",
        PAGE,
        ON_PORTAL,
    ),
    Category(
        "statistics",
        _("Thông tin thống kê về kinh tế – xã hội"),
        "Luật TCTT Đ17(1), Đ19(1)",
        ITEMS,
        ON_PORTAL_WITH_FILES,
    ),
    Category("science", _("Chương trình, đề tài khoa học"), "", ITEMS, ON_PORTAL_WITH_FILES),
    Category("recruitment", _("Thông tin tuyển dụng"), "Luật TCTT Đ17(1)", ITEMS, ON_PORTAL),
    Category(
        "contacts",
        _("Tên, địa chỉ, điện thoại, thư điện tử của cơ quan và của người làm đầu mối tiếp nhận yêu cầu"),
        "Luật TCTT Đ17(1)",
        PAGE,
        ON_PORTAL,
    ),
)
ITEM_KIND_SECTIONS = frozenset(key for key in SECTION_KINDS if key != "disclosure")


@dataclass
class DisclosureRow:
    key: str
    title: str
    description: str
    basis: str
    measure: str
    form: str
    timing: str
    url: str | None = None
    count: int | None = None
    latest: dt.date | None = None

    @property
    def published(self) -> bool:
        return self.url is not None

    @property
    def has_gap(self) -> bool:
        """Nothing to read where the law asks for something: no page, or a list with no item."""
        return self.url is None or (self.measure == ITEMS and not self.count)


def _basis(category: Category, section_basis: str) -> str:
    if not category.lati or "TCTT" in section_basis:
        return section_basis
    return f"{category.lati}; {section_basis}"


# The blueprint writes its legal references in Vietnamese abbreviations; the English page reads them through this
# list (longest phrases first), then `fold` takes off any mark left so no Vietnamese letter reaches the page.
BASIS_IN_ENGLISH = (
    (
        "Chỉ đạo của Thành phố về Cổng thông tin điện tử, mục 4 (các cơ quan, tổ chức cùng cung cấp tin)",
        "City's direction on the e-portal, item 4 (contributing bodies and organisations)",
    ),
    ("(cấp tỉnh, cấp xã)", "(provinces, communes)"),
    ("(cơ quan chuyên môn)", "(departments)"),
    ("(cấp xã)", "(communes)"),
    ("(cấp tỉnh)", "(provinces)"),
    ("Luật TCTT", "LATI"),
    ("Luật ", "Law "),
    ("Nghị định ", "Decree "),
    ("/NĐ-CP", "/ND-CP"),
    ("thay thế", "replacing"),
    (" từ ", " from "),
    ("(đ)", "(dd)"),
)


def basis_in_english(basis: str) -> str:
    """“NĐ42 Đ4(1)(đ); Luật TCTT Đ19” → “Decree 42 Art. 4(1)(dd); LATI Art. 19”."""
    text = basis
    for vietnamese, english in BASIS_IN_ENGLISH:
        text = text.replace(vietnamese, english)
    text = re.sub(r"NĐ(\d)", r"Decree \1", text)
    text = re.sub(r"TT(\d)", r"Circular \1", text)
    text = re.sub(r"Đ(\d)", r"Art. \1", text)
    return fold(text, keep_case=True)


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def section_pages(unit: Unit, locale_id: int) -> dict[str, Page]:
    """{section key: the unit's page of that section in the locale (its Vietnamese page where it has no
    translation)}, for every section of the unit: two queries."""
    vietnamese = {row.key: row.page for row in UnitSection.objects.filter(unit=unit).select_related("page")}
    pages = dict(vietnamese)
    if vietnamese and any(page.locale_id != locale_id for page in vietnamese.values()):
        translated = {
            page.translation_key: page
            for page in Page.objects.filter(
                translation_key__in=[p.translation_key for p in vietnamese.values()], locale_id=locale_id
            )
        }
        for key, page in vietnamese.items():
            pages[key] = translated.get(page.translation_key, page)
    return pages


# The page types that are the items of a section (a section's page may hold other sections and their items: the
# registry holds the legal dissemination news). A section not named here counts every page below it that is not a
# section page itself.
ITEM_TYPES: dict[str, tuple[str, ...]] = {
    "documents": ("documents.LegalDocumentPage",),
    "propaganda": ("news.NewsArticlePage",),
    "recruitment": ("news.NewsArticlePage",),
    "consultation": ("participation.ConsultationPage",),
    **dict.fromkeys(ITEM_KIND_SECTIONS, ("disclosure.DisclosureItemPage",)),
}


@dataclass
class Figures:
    count: int = 0
    latest_published: object = None
    latest_issued: object = None


def _content_type_ids(labels: tuple[str, ...]) -> set[int]:
    ids = set()
    for label in labels:
        try:
            ids.add(ContentType.objects.get_for_model(apps.get_model(label)).pk)  # cached by Django after the first
        except LookupError:
            continue
    return ids


def descendant_figures(pages: dict[str, Page], all_section_ids: set[int], request=None) -> dict[str, Figures]:
    """{section key: how many live public item pages are below its page, the latest `last_published_at` of them,
    the latest `issued_on` of its disclosure items}: two grouped queries (one part per distinct depth of the section
    pages, joined in a UNION), whatever the number of items and sections."""
    figures = {key: Figures() for key in pages}
    by_depth: dict[int, dict[str, list[str]]] = {}
    for key, page in pages.items():
        by_depth.setdefault(page.depth, {}).setdefault(page.path, []).append(key)
    if not by_depth:
        return figures
    keys_by_path = {path: keys for paths in by_depth.values() for path, keys in paths.items()}
    below_parts, issued_parts = [], []
    for depth, paths in by_depth.items():
        prefix = Substr("path", 1, depth * Page.steplen)
        below = (
            Page.objects.live()
            .public()
            .filter(depth__gt=depth)
            .exclude(pk__in=all_section_ids)
            .annotate(prefix=prefix)
            .filter(prefix__in=list(paths))
        )
        below_parts.append(
            below.order_by()
            .values("prefix", "content_type_id")
            .annotate(n=Count("pk"), latest=Max("last_published_at"))
            .values_list("prefix", "content_type_id", "n", "latest")
        )
        issued = (
            DisclosureItemPage.objects.live()
            .public()
            .filter(depth__gt=depth)
            .annotate(prefix=prefix)
            .filter(prefix__in=list(paths))
        )
        issued_parts.append(
            issued.order_by().values("prefix").annotate(latest=Max("issued_on")).values_list("prefix", "latest")
        )
    for prefix, content_type_id, n, latest in below_parts[0].union(*below_parts[1:], all=True):
        for key in keys_by_path[prefix]:
            labels = ITEM_TYPES.get(key)
            if labels is not None and content_type_id not in _content_type_ids(labels):
                continue
            figure = figures[key]
            figure.count += n
            if latest and (figure.latest_published is None or latest > figure.latest_published):
                figure.latest_published = latest
    for prefix, latest in issued_parts[0].union(*issued_parts[1:], all=True):
        for key in keys_by_path[prefix]:
            figures[key].latest_issued = latest
    return figures


def procedure_figures(unit: Unit) -> Figures:
    """The administrative procedures the unit lists (its own and those it adopted: `Procedure.objects.listed_by`,
    not pages) and the latest date one of them was changed or adopted: one query."""
    figures = Procedure.objects.listed_by(unit).aggregate(
        n=Count("pk", distinct=True),
        updated=Max("updated_at"),
        adopted=Max("adoptions__adopted_at", filter=Q(adoptions__unit=unit)),
    )
    dates = [value for value in (figures["updated"], figures["adopted"]) if value is not None]
    return Figures(count=figures["n"], latest_published=max(dates) if dates else None)


SERVICES = "services"  # the section whose items are the unit's procedures, not pages


def disclosure_rows(
    unit: Unit, locale_id: int, request=None, in_english: bool = False, every_page: dict[str, Page] | None = None
) -> list[DisclosureRow]:
    """The unit's disclosure list: the categories its kind of unit must publish (`BLUEPRINT.for_kind`), each linked
    to the unit's own section page, with how many items it holds and the date of the latest. `every_page`: the
    unit's `section_pages` when the caller has read them."""
    sections = {section.key: section for section in BLUEPRINT.for_kind(unit.kind)}
    categories = [category for category in CATEGORIES if category.section_key in sections]
    every_page = section_pages(unit, locale_id) if every_page is None else every_page
    pages = {c.section_key: every_page[c.section_key] for c in categories if c.section_key in every_page}
    live_pages = {key: page for key, page in pages.items() if page.live and key != SERVICES}
    figures = descendant_figures(live_pages, {page.pk for page in every_page.values()}, request)
    rows = []
    for category in categories:
        section = sections[category.section_key]
        page = pages.get(category.section_key)
        row = DisclosureRow(
            key=category.section_key,
            title=section.title_en if in_english else section.title_vi,
            description=str(category.description),
            basis=basis_in_english(_basis(category, section.basis)) if in_english else _basis(category, section.basis),
            measure=category.measure,
            form=str(category.form),
            timing="" if in_english else section.freshness.text,  # the blueprint's rule is written in Vietnamese
        )
        if page is not None and page.live:
            row.url = page.get_url(request)
            figure = procedure_figures(unit) if category.section_key == SERVICES else figures[category.section_key]
            if category.measure == ITEMS:
                row.count = figure.count
                in_kind_section = category.section_key in ITEM_KIND_SECTIONS
                row.latest = _as_date(figure.latest_issued if in_kind_section else figure.latest_published)
            else:
                row.latest = _as_date(page.last_published_at or page.first_published_at)
        rows.append(row)
    return rows


@dataclass
class OwnItemGroup:
    kind: str
    label: str
    items: list


def own_items(page: Page, expect_every_kind: bool, request=None) -> list[OwnItemGroup]:
    """The disclosure page's own items (Law 10/2022 Art. 11 for communes: social support, fees, inspection results)
    grouped by kind; every kind is listed for a commune or ward (an empty one shows the gap), only those with items
    otherwise. One query for the items, one for their files."""
    kinds = SECTION_KINDS["disclosure"]
    items = (
        DisclosureItemPage.objects.child_of(page)
        .live()
        .public()
        .filter(kind__in=kinds)
        .prefetch_related("files")
        .order_by("-issued_on", "-pk")
    )
    grouped: dict[str, list] = {kind: [] for kind in kinds}
    for item in items:
        grouped[item.kind].append(item)
    labels = dict(DisclosureKind.choices)
    return [
        OwnItemGroup(kind=kind, label=str(labels[kind]), items=grouped[kind])
        for kind in kinds
        if grouped[kind] or expect_every_kind
    ]
