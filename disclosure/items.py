"""Disclosure items (Law on Access to Information Art. 17, 19; Decree 43 Arts. 10–12; Law 10/2022 Art. 11): one typed
record per published plan, project, procurement notice, budget report, statistic or science programme, and the five
section pages that list them by kind, year and period."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.models import IntroBodyMixin


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
        index.FilterField("kind"),
        index.FilterField("period_year"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("issued_on"), FieldPanel("period_year"), FieldPanel("period")]),
        FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_document")]),
        InlinePanel("files", heading=_("Tệp đính kèm"), label=_("tệp")),
        MultiFieldPanel(
            [
                FieldPanel("sector"),
                FieldPanel("objective"),
                FieldRowPanel([FieldPanel("investor"), FieldPanel("location")]),
                FieldRowPanel([FieldPanel("total_capital"), FieldPanel("funding_source")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("project_status")]),
                FieldRowPanel([FieldPanel("related_project"), FieldPanel("closing_date")]),
            ],
            heading=_("Dự án, đấu thầu"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("methodology"),
                FieldRowPanel([FieldPanel("code"), FieldPanel("level"), FieldPanel("lead_organisation")]),
                FieldPanel("result"),
            ],
            heading=_("Thống kê, khoa học"),
        ),
    ]

    parent_page_types = [*DISCLOSURE_LIST_PAGES, "disclosure.DisclosurePage"]
    subpage_types: list[str] = []
    template = "disclosure/disclosure_item_page.html"

    class Meta:
        verbose_name = _("thông tin công khai")
        verbose_name_plural = _("thông tin công khai")
        indexes = [models.Index(fields=["kind", "period_year", "period"])]


class DisclosureItemFile(Orderable):
    page = ParentalKey(DisclosureItemPage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên hiển thị"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = DisclosureItemPage.objects.child_of(self).live().public().order_by("-issued_on")
        return context


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

    class Meta:
        verbose_name = _("trang ngân sách, tài chính")
        verbose_name_plural = _("trang ngân sách, tài chính")


class SciencePage(DisclosureListPage):
    section_key = "science"

    class Meta:
        verbose_name = _("trang chương trình, đề tài khoa học")
        verbose_name_plural = _("trang chương trình, đề tài khoa học")
