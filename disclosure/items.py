"""Disclosure items (Law on Access to Information Art. 17, 19; Decree 43 Arts. 10–12; Law 10/2022 Art. 11): one typed
record per published plan, project, procurement notice, budget report, statistic or science programme, and the five
section pages that list them by kind, year and period."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from home.models import IntroBodyMixin
from home.params import int_param, page_param
from home.slugs import slugify_vietnamese
from sites.access import unit_for_page_on_request
from sites.models import Unit
from sites.scoping import UnitPageForm
from workdays.calendar import today as local_today

from . import due


class DisclosureKind(models.TextChoices):
    # plans (chien-luoc-quy-hoach-ke-hoach)
    STRATEGY = "strategy", _("Chiến lược")
    PLAN = "plan", _("Kế hoạch")
    PROGRAMME = "programme", _("Chương trình")
    WORK_PROGRAMME = "work_programme", _("Chương trình công tác năm")
    PLANNING = "planning", _("Quy hoạch")
    SOCIO_ECONOMIC_PLAN = "socio_economic_plan", _("Kế hoạch phát triển kinh tế – xã hội")
    LAND_USE_PLAN = "land_use_plan", _("Kế hoạch sử dụng đất")
    # projects (du-an-dau-tu-dau-thau-mua-sam-cong)
    PROJECT = "project", _("Dự án đầu tư công")
    PROCUREMENT = "procurement", _("Đấu thầu, mua sắm công")
    LAND_RECOVERY = "land_recovery", _("Thu hồi đất, bồi thường, hỗ trợ, tái định cư")
    # finance (ngan-sach-tai-chinh)
    BUDGET_ESTIMATE = "budget_estimate", _("Dự toán ngân sách")
    BUDGET_EXECUTION = "budget_execution", _("Báo cáo tình hình thực hiện dự toán ngân sách")
    BUDGET_SETTLEMENT = "budget_settlement", _("Quyết toán ngân sách")
    FINANCIAL_REPORT = "financial_report", _("Báo cáo tài chính năm")
    FUNDS = "funds", _("Thu, chi các quỹ và khoản huy động đóng góp")
    # statistics (thong-ke), science (chuong-trinh-de-tai-khoa-hoc)
    STATISTICS = "statistics", _("Số liệu thống kê")
    SCIENCE = "science", _("Chương trình, đề tài khoa học")
    # the other items Law 10/2022 Art. 11 lists for communes, on the disclosure page itself
    SOCIAL_SUPPORT = "social_support", _("Vay vốn, trợ cấp xã hội, bình xét hộ nghèo")
    FEES = "fees", _("Phí, lệ phí và các khoản thu")
    INSPECTION = "inspection", _("Kết quả thanh tra, giải quyết khiếu nại, tố cáo")


# Which kinds each blueprint section lists (the page of that section accepts only these).
SECTION_KINDS: dict[str, tuple[str, ...]] = {
    "plans": (
        DisclosureKind.STRATEGY,
        DisclosureKind.PLAN,
        DisclosureKind.PROGRAMME,
        DisclosureKind.WORK_PROGRAMME,
        DisclosureKind.PLANNING,
        DisclosureKind.SOCIO_ECONOMIC_PLAN,
        DisclosureKind.LAND_USE_PLAN,
    ),
    "projects": (DisclosureKind.PROJECT, DisclosureKind.PROCUREMENT, DisclosureKind.LAND_RECOVERY),
    "finance": (
        DisclosureKind.BUDGET_ESTIMATE,
        DisclosureKind.BUDGET_EXECUTION,
        DisclosureKind.BUDGET_SETTLEMENT,
        DisclosureKind.FINANCIAL_REPORT,
        DisclosureKind.FUNDS,
    ),
    "statistics": (DisclosureKind.STATISTICS,),
    "science": (DisclosureKind.SCIENCE,),
    "disclosure": (DisclosureKind.SOCIAL_SUPPORT, DisclosureKind.FEES, DisclosureKind.INSPECTION),
}


class Period(models.TextChoices):
    Q1 = "q1", _("Quý I")
    Q2 = "q2", _("Quý II")
    Q3 = "q3", _("Quý III")
    Q4 = "q4", _("Quý IV")
    H1 = "h1", _("6 tháng đầu năm")
    YEAR = "year", _("Cả năm")


class ProjectStatus(models.TextChoices):
    PREPARING = "preparing", _("Chuẩn bị đầu tư")
    UNDERWAY = "underway", _("Đang triển khai")
    COMPLETED = "completed", _("Đã hoàn thành")


BUDGET_KINDS = (
    DisclosureKind.BUDGET_ESTIMATE,
    DisclosureKind.BUDGET_EXECUTION,
    DisclosureKind.BUDGET_SETTLEMENT,
    DisclosureKind.FINANCIAL_REPORT,
)
# The notices that belong to a project (`related_project`).
PROJECT_NOTICE_KINDS = (DisclosureKind.PROCUREMENT, DisclosureKind.LAND_RECOVERY)
# Columns of the finance table: (kind, period) of each report of a year, in the order of the year.
FINANCE_COLUMNS = (
    (DisclosureKind.BUDGET_ESTIMATE, "", _("Dự toán")),
    (DisclosureKind.BUDGET_EXECUTION, Period.Q1, _("Quý I")),
    (DisclosureKind.BUDGET_EXECUTION, Period.Q2, _("Quý II")),
    (DisclosureKind.BUDGET_EXECUTION, Period.H1, _("6 tháng")),
    (DisclosureKind.BUDGET_EXECUTION, Period.Q3, _("Quý III")),
    (DisclosureKind.BUDGET_EXECUTION, Period.Q4, _("Quý IV")),
    (DisclosureKind.BUDGET_EXECUTION, Period.YEAR, _("Cả năm")),
    (DisclosureKind.BUDGET_SETTLEMENT, "", _("Quyết toán")),
)
PER_PAGE = 20
YEAR_PARAM, PERIOD_PARAM, KIND_PARAM = "nam", "ky", "loai"
MIN_YEAR, MAX_YEAR = 1990, 2100


def section_kinds_of(parent: Page | None) -> tuple[str, ...]:
    """The kinds an item under `parent` may have: those of its section (the disclosure page lists the rest)."""
    if parent is None:
        return ()
    parent = parent.specific
    if isinstance(parent, DisclosureListPage):
        return parent.kinds
    if parent.specific_class.__name__ == "DisclosurePage":
        return SECTION_KINDS["disclosure"]
    return ()


def item_slug(title: str) -> str:
    """The address of an item from its title, Vietnamese letters folded and “/” read as a space:
    “Báo cáo quý III/2026” → `bao-cao-quy-iii-2026`."""
    return slugify_vietnamese(title.replace("/", " "), max_length=240)


def kind_label(kind: str) -> str:
    return str(dict(DisclosureKind.choices).get(kind, kind))


class DisclosureItemForm(UnitPageForm):
    """Gives a new item its parent before validation, so `clean()` knows the section and the unit."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if parent_page is not None:
            self.instance._parent_for_clean = parent_page
        field = self.fields.get("kind")
        kinds = section_kinds_of(self.instance.get_parent() if self.instance.path else parent_page)
        if field is not None and kinds:
            # Only the kinds of this section: the rule is checked again in `clean()` for a hand-made POST.
            field.choices = [("", "---------"), *((k, kind_label(k)) for k in kinds)]


DISCLOSURE_LIST_PAGES = [
    "disclosure.PlansPage",
    "disclosure.ProjectsPage",
    "disclosure.StatisticsPage",
    "disclosure.FinancePage",
    "disclosure.SciencePage",
]


class DisclosureItemPage(Page):
    """One disclosed item: its kind, period or date, issuing decision, files and, for projects, the project data."""

    kind = models.CharField(_("loại thông tin"), max_length=32, choices=DisclosureKind.choices)
    summary = models.TextField(_("tóm tắt"), blank=True)
    issued_on = models.DateField(
        _("ngày ban hành, phê duyệt"),
        help_text=_("Ngày quyết định được ký hoặc số liệu được phát hành; dùng để tính thời hạn công khai."),
    )
    period_year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    period = models.CharField(_("kỳ"), max_length=8, choices=Period.choices, blank=True)
    decision_number = models.CharField(_("số, ký hiệu quyết định"), max_length=100, blank=True)
    decision_document = models.ForeignKey(
        "documents.LegalDocumentPage",
        verbose_name=_("văn bản trong cơ sở dữ liệu văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Projects (and the procurement notices and land recovery of a project)
    sector = models.CharField(_("lĩnh vực"), max_length=120, blank=True)
    objective = models.TextField(_("mục tiêu"), blank=True)
    investor = models.CharField(_("chủ đầu tư"), max_length=255, blank=True)
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    total_capital = models.DecimalField(
        _("tổng mức đầu tư (đồng)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    funding_source = models.CharField(_("nguồn vốn"), max_length=255, blank=True)
    start_date = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    project_status = models.CharField(_("tình trạng dự án"), max_length=16, choices=ProjectStatus.choices, blank=True)
    related_project = models.ForeignKey(
        "disclosure.DisclosureItemPage",
        verbose_name=_("thuộc dự án"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="related_items",
    )
    closing_date = models.DateField(_("hạn nộp hồ sơ dự thầu"), null=True, blank=True)
    # Statistics and science programmes
    methodology = models.TextField(_("phương pháp thống kê"), blank=True)
    code = models.CharField(_("mã số"), max_length=60, blank=True)
    level = models.CharField(_("cấp quản lý"), max_length=120, blank=True)
    lead_organisation = models.CharField(_("cơ quan chủ trì"), max_length=255, blank=True)
    result = models.TextField(_("kết quả"), blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("decision_number"),
        index.SearchField("investor"),
        index.SearchField("location"),
        index.SearchField("objective"),
        index.SearchField("code"),
        index.SearchField("lead_organisation"),
        index.SearchField("result"),
        index.FilterField("kind"),
        index.FilterField("period_year"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel(
            "kind",
            help_text=_(
                "Chỉ các loại của chuyên mục này. Dự án, thông báo đấu thầu và thu hồi đất nằm ở chuyên mục "
                "“Dự án – Đầu tư – Đấu thầu”; dự toán, báo cáo thực hiện và quyết toán ở “Ngân sách – Tài chính”."
            ),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("issued_on"),
                        FieldPanel(
                            "period_year",
                            help_text=_("Bắt buộc với dự toán, báo cáo thực hiện, quyết toán và báo cáo tài chính."),
                        ),
                        FieldPanel(
                            "period",
                            help_text=_("Bắt buộc với báo cáo tình hình thực hiện dự toán: quý, 6 tháng hay cả năm."),
                        ),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel(
                            "decision_number",
                            help_text=_("Ví dụ: 125/QĐ-UBND. Ghi cả khi văn bản do cơ quan khác ban hành."),
                        ),
                        FieldPanel(
                            "decision_document",
                            help_text=_("Văn bản của chính đơn vị trong cơ sở dữ liệu văn bản, nếu đã đăng."),
                        ),
                    ]
                ),
            ],
            heading=_("Kỳ báo cáo và quyết định ban hành"),
        ),
        InlinePanel("files", heading=_("Tệp đính kèm"), label=_("tệp")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("sector"), FieldPanel("project_status")]),
                FieldPanel("objective"),
                FieldRowPanel([FieldPanel("investor"), FieldPanel("location")]),
                FieldRowPanel([FieldPanel("total_capital"), FieldPanel("funding_source")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel(
                    [
                        FieldPanel(
                            "related_project",
                            help_text=_("Với thông báo đấu thầu và thu hồi đất: dự án đầu tư công của đơn vị."),
                        ),
                        FieldPanel("closing_date", help_text=_("Chỉ với thông báo mời thầu.")),
                    ]
                ),
            ],
            heading=_("Dự án đầu tư công, đấu thầu, thu hồi đất (chỉ điền cho các loại này)"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                FieldPanel("methodology"),
                FieldRowPanel([FieldPanel("code"), FieldPanel("level"), FieldPanel("lead_organisation")]),
                FieldPanel("result"),
            ],
            heading=_("Thống kê, chương trình khoa học (chỉ điền cho các loại này)"),
            classname="collapsed",
        ),
    ]

    base_form_class = DisclosureItemForm
    parent_page_types = [*DISCLOSURE_LIST_PAGES, "disclosure.DisclosurePage"]
    subpage_types: list[str] = []
    template = "disclosure/disclosure_item_page.html"

    class Meta:
        verbose_name = _("thông tin công khai")
        verbose_name_plural = _("thông tin công khai")
        indexes = [models.Index(fields=["kind", "period_year", "period"])]

    def full_clean(self, *args, **kwargs):
        # Wagtail's own slug drops “đ” (“bao-cao-quy-iii” stays, “quyet-inh” would not); fold Vietnamese first.
        if not self.slug and self.title:
            self.slug = item_slug(self.title)
        return super().full_clean(*args, **kwargs)

    def parent_for_clean(self) -> Page | None:
        if self.path:
            return self.get_parent()
        return getattr(self, "_parent_for_clean", None)

    def owning_unit(self) -> Unit | None:
        if not hasattr(self, "_owning_unit"):
            parent = self.parent_for_clean()
            self._owning_unit = Unit.for_page(self if self.path else parent) if (self.path or parent) else None
        return self._owning_unit

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        kinds = section_kinds_of(self.parent_for_clean())
        if self.kind and kinds and self.kind not in kinds:
            errors["kind"] = _("Chuyên mục này không đăng loại “%(kind)s”; chỉ đăng: %(kinds)s.") % {
                "kind": kind_label(self.kind),
                "kinds": ", ".join(kind_label(k) for k in kinds),
            }
        if self.period and not self.period_year:
            errors["period_year"] = _("Hãy ghi năm của kỳ báo cáo.")
        if self.kind in BUDGET_KINDS and not self.period_year:
            errors["period_year"] = _("Dự toán, báo cáo và quyết toán ngân sách phải ghi năm ngân sách.")
        if self.kind == DisclosureKind.BUDGET_EXECUTION and not self.period:
            errors["period"] = _("Báo cáo tình hình thực hiện dự toán phải ghi kỳ: quý, 6 tháng hay cả năm.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
        if self.total_capital is not None and self.total_capital < 0:
            errors["total_capital"] = _("Tổng mức đầu tư không được âm.")
        unit = self.owning_unit()
        if self.related_project_id:
            project = DisclosureItemPage.objects.filter(pk=self.related_project_id).first()
            if project is None or project.kind != DisclosureKind.PROJECT or project.pk == self.pk:
                errors["related_project"] = _("Hãy chọn một dự án đầu tư công (không phải thông báo hay báo cáo).")
            elif unit is not None and Unit.for_page(project) != unit:
                errors["related_project"] = _("Dự án đã chọn thuộc đơn vị khác; hãy chọn dự án của %(unit)s.") % {
                    "unit": unit.name
                }
        if self.decision_document_id and unit is not None:
            document = Page.objects.filter(pk=self.decision_document_id).first()
            # The unit's own registry only: a decision of the city or another body is cited by its number.
            if document is None or Unit.for_page(document) != unit:
                errors["decision_document"] = _(
                    "Văn bản đã chọn không thuộc cơ sở dữ liệu văn bản của %(unit)s; văn bản của cơ quan khác "
                    "hãy ghi số, ký hiệu."
                ) % {"unit": unit.name}
        if errors:
            raise ValidationError(errors)

    # What the public pages show

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()

    @property
    def period_label(self) -> str:
        """“Quý III/2026”, “6 tháng đầu năm 2026”, “Năm 2026” (empty without a year)."""
        if not self.period_year:
            return ""
        if self.period in (Period.Q1, Period.Q2, Period.Q3, Period.Q4):
            return f"{self.get_period_display()}/{self.period_year}"
        if self.period == Period.H1:
            return f"{self.get_period_display()} {self.period_year}"
        return str(_("Năm %(year)s") % {"year": self.period_year})

    @property
    def is_project(self) -> bool:
        return self.kind == DisclosureKind.PROJECT

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["files"] = list(self.files.select_related("document"))
        context["decision"] = (
            self.decision_document if self.decision_document_id and self.decision_document.live else None
        )
        context["project"] = self.related_project if self.related_project_id and self.related_project.live else None
        context["related"] = (
            list(self.related_items.live().public().order_by("issued_on", "pk")) if self.is_project else []
        )
        context["dc_type"] = kind_label(self.kind)
        context["dc_identifier"] = self.decision_number or None
        return context


class DisclosureItemFile(TranslatableMixin, Orderable):
    """A file of an item; translatable so that wagtail-localize offers its display name with the item."""

    page = ParentalKey(DisclosureItemPage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên hiển thị"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def size(self) -> int | None:
        """The file's size in bytes: Wagtail's stored size, else the storage's (no write on a public page)."""
        if self.document.file_size is not None:
            return self.document.file_size
        try:
            return self.document.file.size
        except (OSError, ValueError):
            return None

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")


class DisclosureListPage(IntroBodyMixin, Page):
    """A section that lists the disclosure items of its kinds (`SECTION_KINDS[section_key]`)."""

    section_key = ""

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels]

    parent_page_types = ["disclosure.DisclosurePage", "home.SectionPage"]
    subpage_types = ["disclosure.DisclosureItemPage"]
    max_count_per_parent = 1
    template = "disclosure/disclosure_list_page.html"

    class Meta:
        abstract = True

    @property
    def kinds(self) -> tuple[str, ...]:
        return SECTION_KINDS[self.section_key]

    def get_template(self, request, *args, **kwargs):
        # Wagtail names a template per subclass (`finance_page.html`); the five sections share one.
        return "disclosure/disclosure_list_page.html"

    def items(self):
        return DisclosureItemPage.objects.child_of(self).live().public()

    def listed_items(self, request):
        """`items()`, the view restrictions read once per request."""
        return DisclosureItemPage.objects.child_of(self).live().public()

    def filters_from(self, request) -> dict:
        """Year, period and kind as typed in the address; a value that cannot be read is ignored."""
        period = request.GET.get(PERIOD_PARAM)
        kind = request.GET.get(KIND_PARAM)
        return {
            "year": int_param(request.GET.get(YEAR_PARAM), minimum=MIN_YEAR, maximum=MAX_YEAR),
            "period": period if period in Period.values else None,
            "kind": kind if kind in self.kinds else None,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listed = self.listed_items(request)
        items = listed
        filters = self.filters_from(request)
        if year := filters["year"]:
            items = items.filter(models.Q(period_year=year) | models.Q(period_year__isnull=True, issued_on__year=year))
        if filters["period"]:
            items = items.filter(period=filters["period"])
        if filters["kind"]:
            items = items.filter(kind=filters["kind"])
        items = items.select_related("related_project").order_by("-issued_on", "-pk")
        page_obj = Paginator(items, PER_PAGE).get_page(page_param(request.GET.get("page")))
        attach_visible_projects(page_obj.object_list, request)
        # The years of the filter, from the reporting periods and the issue dates, in one query.
        pairs = listed.order_by().values_list("period_year", ExtractYear("issued_on")).distinct()
        years = sorted({year for pair in pairs for year in pair if year}, reverse=True)
        context.update(
            items=page_obj.object_list,
            page_obj=page_obj,
            filters={key: value for key, value in filters.items() if value},
            filter_year=filters["year"],
            filter_period=filters["period"] or "",
            filter_kind=filters["kind"] or "",
            years=years,
            periods=Period.choices,
            kind_choices=[(k, kind_label(k)) for k in self.kinds],
        )
        return context


def attach_visible_projects(items, request=None) -> None:
    """Sets `visible_project` on each item: its project when that is live and public, None otherwise (a draft or
    restricted project's title is not shown). One query for the page of items, the projects being select_related."""
    ids = {item.related_project_id for item in items if item.related_project_id}
    visible = set()
    if ids:  # no query (not even for the view restrictions) for a page of items without a project
        projects = DisclosureItemPage.objects.filter(pk__in=ids).live().public()
        visible = set(projects.values_list("pk", flat=True))
    for item in items:
        item.visible_project = item.related_project if item.related_project_id in visible else None


class PlansPage(DisclosureListPage):
    section_key = "plans"

    class Meta:
        verbose_name = _("trang chiến lược, quy hoạch, kế hoạch")
        verbose_name_plural = _("trang chiến lược, quy hoạch, kế hoạch")


class ProjectsPage(DisclosureListPage):
    section_key = "projects"

    class Meta:
        verbose_name = _("trang dự án, đầu tư, đấu thầu")
        verbose_name_plural = _("trang dự án, đầu tư, đấu thầu")


class StatisticsPage(DisclosureListPage):
    section_key = "statistics"

    class Meta:
        verbose_name = _("trang thống kê")
        verbose_name_plural = _("trang thống kê")


class FinancePage(DisclosureListPage):
    section_key = "finance"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        published = list(
            self.listed_items(request)
            .filter(kind__in=BUDGET_KINDS)
            .order_by("period_year", "issued_on", "pk")
            .only("title", "slug", "url_path", "kind", "period_year", "period", "issued_on")
        )
        context["finance_table"] = finance_table(published, context["filter_year"])
        context["finance_columns"] = [label for _kind, _period, label in FINANCE_COLUMNS]
        unit = unit_for_page_on_request(request, self)
        triples = [(item.kind, item.period_year, item.period) for item in published]
        context["missing_reports"] = due.missing_reports(unit.kind, local_today(), triples) if unit else []
        context["due_basis"] = due.BASIS
        context["due_has_expected"] = any(report.expected for report in context["missing_reports"])
        return context

    class Meta:
        verbose_name = _("trang ngân sách, tài chính")
        verbose_name_plural = _("trang ngân sách, tài chính")


class SciencePage(DisclosureListPage):
    section_key = "science"

    class Meta:
        verbose_name = _("trang chương trình, đề tài khoa học")
        verbose_name_plural = _("trang chương trình, đề tài khoa học")


def finance_table(published: list, year: int | None) -> list[dict]:
    """Rows of the finance table, newest year first: for each year, one cell per `FINANCE_COLUMNS` entry holding
    the items published for it."""
    cells: dict[tuple[int, str, str], list] = {}
    for item in published:
        if not item.period_year or (year and item.period_year != year):
            continue
        column_period = item.period if item.kind == DisclosureKind.BUDGET_EXECUTION else ""
        cells.setdefault((item.period_year, item.kind, column_period), []).append(item)
    years = sorted({key[0] for key in cells}, reverse=True)
    return [
        {"year": y, "cells": [cells.get((y, kind, period), []) for kind, period, _label in FINANCE_COLUMNS]}
        for y in years
    ]
