"""Organisation of a unit: sub-units and officials (snippets), and the typed section pages that show them —
introduction, history, org chart, leadership, spokesperson, contacts and the leaders' weekly work schedule.

The weekly schedule is a page per ISO week (`WorkScheduleWeekPage`) under the unit's schedule section: the writer
enters the whole week in one form and submits it, and the unit's page workflow (its Ban Biên tập) approves it
before the week's entries appear on the portal or in the iCal feeds.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, override, pgettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, alt_text_error
from home.models import IntroBodyMixin
from home.params import int_param
from languages.helpers import in_locale
from sites.models import Unit, UnitOwnedMixin

from .blocks import GalleryStreamBlock, MilestoneStreamBlock, YearbookStreamBlock
from .forms import OfficialForm, SubUnitForm, WeekPageForm
from .schedule import WEEKDAY_NAMES, IsoWeek, build_calendar, plain

PHONE_HELP = _("Ví dụ: 0276 382 2170")
INTRO_PARENTS = ["home.HomePage", "home.SectionPage", "organization.IntroductionPage"]


# --- Snippets ------------------------------------------------------------------------------------------------------


class SubUnitQuerySet(models.QuerySet):
    def with_contact_details(self) -> SubUnitQuerySet:
        """Sub-units with a phone or an e-mail address (Contacts page)."""
        return self.exclude(phone="", email="")


class SubUnit(TranslatableMixin, UnitOwnedMixin, models.Model):
    """A department, division or office of a unit (nested), with its functions, duties, powers and contacts."""

    name = models.CharField(_("tên đơn vị"), max_length=255, help_text=_("Ví dụ: Phòng Tài chính – Kế hoạch"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Để trống nếu trực thuộc trực tiếp lãnh đạo đơn vị."),
    )
    functions = RichTextField(_("chức năng, nhiệm vụ, quyền hạn"), features=RICH_TEXT_FEATURES, blank=True)
    head = models.ForeignKey(
        "organization.Official",
        verbose_name=_("người đứng đầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True, help_text=PHONE_HELP)
    email = models.EmailField(_("thư điện tử công vụ"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự hiển thị"), default=0)

    objects = SubUnitQuerySet.as_manager()

    base_form_class = SubUnitForm
    panels = [
        FieldPanel("unit"),
        FieldPanel("name"),
        FieldPanel("parent"),
        FieldPanel("head"),
        FieldPanel("functions"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("address"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("đơn vị trực thuộc")
        verbose_name_plural = _("đơn vị trực thuộc")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.parent_id and self.unit_id and self.parent.unit_id != self.unit_id:
            errors["parent"] = _("Đơn vị cấp trên phải thuộc cùng đơn vị.")
        elif self.parent_id and self.pk:
            ancestor, seen = self.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == self.pk:
                    errors["parent"] = _("Một đơn vị không thể trực thuộc chính nó hoặc đơn vị cấp dưới của nó.")
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if self.head_id and self.unit_id and self.head.unit_id != self.unit_id:
            errors["head"] = _("Người đứng đầu phải là cán bộ của cùng đơn vị.")
        if errors:
            raise ValidationError(errors)


class LeaderDeletionRefused(PermissionDenied):
    """Raised for any attempt to delete a leader, current or former (Decree 224/2026 Art. 9(1)(b,c))."""

    def __init__(self, official: Official):
        super().__init__(leader_deletion_message(official))


def leader_deletion_message(official: Official) -> str:
    """Why a leader cannot be deleted, and what to do instead."""
    message = gettext(
        "Không thể xóa lãnh đạo “%(name)s”: lãnh đạo đương nhiệm và nguyên lãnh đạo đều được lưu giữ trên cổng. "
        "Hãy nhập ngày kết thúc nhiệm kỳ để chuyển người này sang danh sách nguyên lãnh đạo."
    )
    return message % {"name": official.name}


class OfficialQuerySet(models.QuerySet):
    def delete(self):
        # Bulk deletes (the admin's bulk action, code) keep leaders just as the delete view does.
        if self.filter(is_leader=True).exists():
            raise LeaderDeletionRefused(self.filter(is_leader=True).first())
        return super().delete()

    def current(self, on: dt.date | None = None) -> OfficialQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(term_end__isnull=True) | Q(term_end__gte=on)).filter(
            Q(term_start__isnull=True) | Q(term_start__lte=on)
        )

    def serving_between(self, first: dt.date, last: dt.date) -> OfficialQuerySet:
        """Officials whose term overlaps the days from `first` to `last`."""
        return self.filter(Q(term_end__isnull=True) | Q(term_end__gte=first)).filter(
            Q(term_start__isnull=True) | Q(term_start__lte=last)
        )

    def former(self, on: dt.date | None = None) -> OfficialQuerySet:
        return self.filter(term_end__lt=on or timezone.localdate())

    # What each page shows, named once: the pages and the English translation report use the same filters.
    def leaders(self) -> OfficialQuerySet:
        return self.filter(is_leader=True)

    def contacts(self) -> OfficialQuerySet:
        """The current contact officials (Contacts page)."""
        return self.current().filter(is_contact=True)


class Official(TranslatableMixin, UnitOwnedMixin, models.Model):
    """A leader or official of a unit. Former leaders keep their row (a term end date), they are never deleted."""

    name = models.CharField(_("họ và tên"), max_length=255)
    position = models.CharField(_("chức vụ"), max_length=255, help_text=_("Ví dụ: Phó Chủ tịch UBND phường"))
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("ảnh"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    biography = RichTextField(_("tiểu sử tóm tắt"), features=RICH_TEXT_FEATURES, blank=True)
    duties = RichTextField(_("nhiệm vụ được phân công"), features=RICH_TEXT_FEATURES, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True, help_text=PHONE_HELP)
    email = models.EmailField(_("thư điện tử công vụ"), blank=True)
    sub_unit = models.ForeignKey(
        SubUnit,
        verbose_name=_("thuộc đơn vị trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officials",
    )
    sort_order = models.PositiveIntegerField(_("thứ tự hiển thị"), default=0, help_text=_("Số nhỏ đứng trước."))
    is_leader = models.BooleanField(
        _("lãnh đạo đơn vị"), default=True, help_text=_("Hiển thị trong chuyên mục Lãnh đạo.")
    )
    is_contact = models.BooleanField(
        _("cán bộ đầu mối liên hệ"), default=False, help_text=_("Hiển thị trong chuyên mục Liên hệ.")
    )
    term_start = models.DateField(_("bắt đầu nhiệm kỳ / giữ chức vụ từ"), null=True, blank=True)
    term_end = models.DateField(
        _("kết thúc nhiệm kỳ / thôi giữ chức vụ"),
        null=True,
        blank=True,
        help_text=_(
            "Khi lãnh đạo thôi giữ chức vụ, nhập ngày này thay vì xóa: họ được giữ trong danh sách nguyên lãnh đạo."
        ),
    )
    is_spokesperson = models.BooleanField(_("người phát ngôn"), default=False)
    spokesperson_appointed_on = models.DateField(_("ngày quyết định chỉ định người phát ngôn"), null=True, blank=True)
    spokesperson_since = models.DateTimeField(
        _("công bố là người phát ngôn trên cổng lúc"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Ghi tự động khi đánh dấu người phát ngôn (Nghị định 244/2026: công bố trong 24 giờ)."),
    )

    objects = OfficialQuerySet.as_manager()

    base_form_class = OfficialForm
    unit_permissions = {
        # No delete: former leaders stay on the record (Decree 224/2026 Art. 9(1)(b,c)).
        "writer": ("add", "change", "view"),
        "board": ("add", "change", "view"),
        "admin": ("add", "change", "view"),
    }
    panels = [
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("position")]),
        FieldPanel("photo"),
        FieldPanel("sub_unit"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("biography"),
        FieldPanel("duties"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("term_start"), FieldPanel("term_end")]),
                FieldRowPanel([FieldPanel("is_leader"), FieldPanel("is_contact"), FieldPanel("sort_order")]),
            ],
            heading=_("Nhiệm kỳ và hiển thị"),
        ),
        MultiFieldPanel(
            [FieldPanel("is_spokesperson"), FieldPanel("spokesperson_appointed_on")],
            heading=_("Người phát ngôn"),
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("cán bộ, lãnh đạo")
        verbose_name_plural = _("cán bộ, lãnh đạo")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return f"{self.name} – {self.position}"

    def save(self, *args, **kwargs):
        # When the flag is set is what the 24-hour rule of Decree 244/2026 is checked against.
        if self.is_spokesperson and self.spokesperson_since is None:
            self.spokesperson_since = timezone.now()
        elif not self.is_spokesperson:
            self.spokesperson_since = None
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_leader or Official.objects.filter(pk=self.pk, is_leader=True).exists():
            raise LeaderDeletionRefused(self)
        return super().delete(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.term_end is None or self.term_end >= today) and (
            self.term_start is None or self.term_start <= today
        )

    def spokesperson_published_at(self, page_live_since: dt.datetime | None) -> dt.datetime | None:
        """When citizens could first read that this official is the spokesperson: when the spokesperson page went
        live, or, for a spokesperson marked on a page already live, when the mark was saved. `page_live_since` None:
        the page's first publication was not recorded (pages made live by provisioning), so the mark's time."""
        if not (self.is_spokesperson and self.spokesperson_since):
            return None
        return max(self.spokesperson_since, page_live_since or self.spokesperson_since)

    def spokesperson_published_in_time(self, page_live_since: dt.datetime | None) -> bool | None:
        """Published on the portal within 24 hours of the appointment decision (None: nothing to judge)."""
        published_at = self.spokesperson_published_at(page_live_since)
        if published_at is None or self.spokesperson_appointed_on is None:
            return None
        appointed = dt.datetime.combine(
            self.spokesperson_appointed_on, dt.time.min, tzinfo=timezone.get_current_timezone()
        )
        return published_at - appointed <= dt.timedelta(hours=24)

    def clean(self):
        super().clean()
        errors = {}
        if self.sub_unit_id and self.unit_id and self.sub_unit.unit_id != self.unit_id:
            errors["sub_unit"] = _("Đơn vị trực thuộc phải thuộc cùng đơn vị với cán bộ.")
        if self.term_start and self.term_end and self.term_end < self.term_start:
            errors["term_end"] = _("Ngày kết thúc nhiệm kỳ không thể trước ngày bắt đầu.")
        if self.is_spokesperson and self.term_end and self.term_end < timezone.localdate():
            errors["is_spokesperson"] = _("Người đã thôi giữ chức vụ không thể là người phát ngôn.")
        if errors:
            raise ValidationError(errors)


# --- Page mixins ---------------------------------------------------------------------------------------------------


class UnitPageMixin:
    """Pages that show rows owned by their unit find the unit from their place in the tree."""

    @cached_property
    def unit(self) -> Unit | None:
        return Unit.for_page(self)

    def unit_officials(self):
        unit = self.unit
        if unit is None:
            return Official.objects.none()
        return in_locale(Official.objects.filter(unit=unit), self.locale_id)

    def unit_sub_units(self):
        unit = self.unit
        if unit is None:
            return SubUnit.objects.none()
        return in_locale(SubUnit.objects.filter(unit=unit), self.locale_id)


class ShownData(NamedTuple):
    """Rows of a unit's snippets a page shows besides its own text (for the English translation report)."""

    label: str
    rows: QuerySet  # across all units and languages; the report narrows it


class SectionPageMixin(UnitPageMixin, IntroBodyMixin):
    """A typed blueprint section: summary and body, one per parent page."""

    max_count_per_parent = 1

    class Meta:
        abstract = True


# --- Introduction and history --------------------------------------------------------------------------------------


class IntroductionPage(SectionPageMixin, Page):
    """“Giới thiệu”: overview, vision and mission, the boundary map, yearbooks, and the pages on nature, culture,
    relics, history… Every unit has one (the blueprint's `intro`); each part shows only once it is filled."""

    vision = models.TextField(
        _("tầm nhìn"),
        blank=True,
        max_length=2000,
        help_text=_(
            "Để trống nếu đơn vị chưa công bố tầm nhìn. Ví dụ: “Đến năm 2030, trở thành phường đô thị thông minh…”"
        ),
    )
    mission = models.TextField(
        _("sứ mệnh"),
        blank=True,
        max_length=2000,
        help_text=_("Để trống nếu đơn vị chưa công bố sứ mệnh."),
    )

    boundary_map = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("bản đồ địa giới hành chính"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    boundary_map_alt = models.CharField(
        _("mô tả bản đồ cho người khiếm thị"),
        max_length=500,
        blank=True,
        help_text=_("Ví dụ: “Bản đồ phường Ninh Sơn: phía bắc giáp xã Tân Bình, phía nam giáp phường Hiệp Ninh…”"),
    )
    yearbooks = StreamField(YearbookStreamBlock(), verbose_name=_("niên giám, tài liệu tải về"), blank=True)

    search_fields = [
        *Page.search_fields,
        *IntroBodyMixin.search_fields,
        index.SearchField("vision"),
        index.SearchField("mission"),
    ]
    content_panels = [
        *Page.content_panels,
        *IntroBodyMixin.content_panels,
        MultiFieldPanel([FieldPanel("vision"), FieldPanel("mission")], heading=_("Tầm nhìn và sứ mệnh")),
        MultiFieldPanel([FieldPanel("boundary_map"), FieldPanel("boundary_map_alt")], heading=_("Bản đồ địa giới")),
        FieldPanel("yearbooks"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "organization.IntroductionTopicPage",
        "organization.HistoryPage",
        "organization.OrgChartPage",
        "organization.LeadershipPage",
        "organization.SpokespersonPage",
        "home.SectionPage",
        "home.ContentPage",
    ]

    class Meta:
        verbose_name = _("trang giới thiệu")
        verbose_name_plural = _("trang giới thiệu")

    def clean(self):
        super().clean()
        if self.boundary_map_id and not self.boundary_map_alt.strip():
            raise ValidationError({"boundary_map_alt": _("Nhập mô tả bản đồ cho người khiếm thị.")})
        if alt_error := alt_text_error(self.boundary_map_alt, self.boundary_map):
            raise ValidationError({"boundary_map_alt": alt_error})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = with_intro(self.get_children().live().public().order_by("path"), self.subpage_types)
        return context


def with_intro(pages: QuerySet, page_types: list[str]) -> QuerySet:
    """`pages` (not specific) with the `intro` of those of `page_types` that have one, read in the same query
    (one subquery per type) instead of one query per type for `.specific()`."""
    from django.apps import apps

    intros = [
        Subquery(model._default_manager.filter(pk=OuterRef("pk")).values("intro")[:1])
        for model in (apps.get_model(label) for label in page_types)
        if issubclass(model, IntroBodyMixin)
    ]
    return pages.annotate(intro=Coalesce(*intros, Value(""), output_field=models.TextField()))


class IntroductionTopicPage(UnitPageMixin, IntroBodyMixin, Page):
    """A page under “Giới thiệu” — natural conditions, culture, relics, scenic sites — with a photo gallery."""

    gallery = StreamField(GalleryStreamBlock(), verbose_name=_("bộ sưu tập ảnh"), blank=True)

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels, FieldPanel("gallery")]

    parent_page_types = ["organization.IntroductionPage", "home.SectionPage"]
    subpage_types = ["organization.IntroductionTopicPage"]

    class Meta:
        verbose_name = _("trang chủ đề giới thiệu")
        verbose_name_plural = _("trang chủ đề giới thiệu")


class HistoryPage(SectionPageMixin, Page):
    """“Lịch sử hình thành và phát triển”: a narrative and a timeline of milestones."""

    milestones = StreamField(MilestoneStreamBlock(), verbose_name=_("các mốc lịch sử"), blank=True)

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields, index.SearchField("milestones")]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels, FieldPanel("milestones")]

    parent_page_types = INTRO_PARENTS
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("trang lịch sử")
        verbose_name_plural = _("trang lịch sử")


# --- Organisation, leaders, spokesperson, contacts -----------------------------------------------------------------


def build_sub_unit_tree(sub_units) -> list[dict]:
    """[{unit, children}] from a flat list (its rows' parents selected with them), in list order. Parents are
    matched by translation key: on an English page an untranslated row hangs under its parent's English row."""
    nodes = {s.translation_key: {"unit": s, "children": []} for s in sub_units}
    roots = []
    for sub_unit in sub_units:
        parent = nodes.get(sub_unit.parent.translation_key) if sub_unit.parent_id else None
        (parent["children"] if parent else roots).append(nodes[sub_unit.translation_key])
    return roots


class OrgChartPage(SectionPageMixin, Page):
    """“Cơ cấu tổ chức”: a visual chart of the unit's sub-units and a text outline of their functions and contacts."""

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels]

    parent_page_types = INTRO_PARENTS
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("trang cơ cấu tổ chức")
        verbose_name_plural = _("trang cơ cấu tổ chức")

    @classmethod
    def shown_data(cls) -> list[ShownData]:
        return [
            ShownData(pgettext("báo cáo bản dịch", "đơn vị trực thuộc"), SubUnit.objects.all()),
            ShownData(pgettext("báo cáo bản dịch", "lãnh đạo"), Official.objects.current().leaders()),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sub_units = list(self.unit_sub_units().select_related("head", "parent"))
        context["tree"] = build_sub_unit_tree(sub_units)
        context["leaders"] = list(self.unit_officials().current().leaders())
        return context


class LeadershipPage(RoutablePageMixin, SectionPageMixin, Page):
    """“Lãnh đạo”: current leaders in order, each with a profile; former leaders listed apart."""

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels]

    parent_page_types = INTRO_PARENTS
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("trang lãnh đạo")
        verbose_name_plural = _("trang lãnh đạo")

    def leaders(self):
        return self.unit_officials().leaders().select_related("photo", "sub_unit")

    @classmethod
    def shown_data(cls) -> list[ShownData]:
        return [ShownData(pgettext("báo cáo bản dịch", "lãnh đạo"), Official.objects.leaders())]

    @path("")
    def index_route(self, request):
        leaders = self.leaders()
        return self.render(
            request,
            context_overrides={"current_leaders": list(leaders.current()), "former_leaders": list(leaders.former())},
        )

    @path("<int:official_id>/")
    def profile(self, request, official_id: int):
        official = self.leaders().filter(pk=official_id).first()
        if official is None:
            raise Http404(gettext("Không tìm thấy lãnh đạo này."))
        return self.render(
            request,
            context_overrides={"official": official},
            template="organization/leader_profile_page.html",
        )


class SpokespersonPage(SectionPageMixin, Page):
    """“Người phát ngôn”: officials marked spokesperson, with phone, email and since when (Decree 244/2026)."""

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels]

    parent_page_types = INTRO_PARENTS
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("trang người phát ngôn")
        verbose_name_plural = _("trang người phát ngôn")

    def live_since(self) -> dt.datetime | None:
        """When this page first went live, in any of its languages (None: never published)."""
        return Page.objects.filter(translation_key=self.translation_key).aggregate(
            first=models.Min("first_published_at")
        )["first"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        live_since = self.live_since()
        spokespersons = list(self.unit_officials().current().filter(is_spokesperson=True).select_related("photo"))
        # A translated row was saved after its Vietnamese source; the statement went public with the first of them.
        marked = dict(
            Official.objects.filter(
                translation_key__in=[o.translation_key for o in spokespersons], is_spokesperson=True
            )
            .values_list("translation_key")
            .annotate(first=models.Min("spokesperson_since"))
        )
        for official in spokespersons:
            official.spokesperson_since = marked.get(official.translation_key) or official.spokesperson_since
            official.published_at = official.spokesperson_published_at(live_since)
        context["spokespersons"] = spokespersons
        return context


class ContactsPage(SectionPageMixin, Page):
    """“Liên hệ”: the unit's address, phone, fax, email, office hours, a location map, contact officials and the
    person responsible for the portal's content."""

    office_hours = models.TextField(
        _("giờ làm việc"),
        blank=True,
        help_text=_("Ví dụ: Sáng 7 giờ – 11 giờ 30, chiều 13 giờ 30 – 17 giờ, từ thứ Hai đến thứ Sáu."),
    )
    location_map = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("sơ đồ vị trí trụ sở"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Ảnh sơ đồ đường đến trụ sở (không dùng bản đồ trực tuyến bên ngoài)."),
    )
    location_map_alt = models.CharField(_("mô tả sơ đồ cho người khiếm thị"), max_length=500, blank=True)

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [
        *Page.content_panels,
        *IntroBodyMixin.content_panels,
        FieldPanel("office_hours"),
        MultiFieldPanel([FieldPanel("location_map"), FieldPanel("location_map_alt")], heading=_("Sơ đồ vị trí")),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("trang liên hệ")
        verbose_name_plural = _("trang liên hệ")

    def clean(self):
        super().clean()
        if self.location_map_id and not self.location_map_alt.strip():
            raise ValidationError({"location_map_alt": _("Nhập mô tả sơ đồ cho người khiếm thị.")})
        if alt_error := alt_text_error(self.location_map_alt, self.location_map):
            raise ValidationError({"location_map_alt": alt_error})

    @classmethod
    def shown_data(cls) -> list[ShownData]:
        return [
            ShownData(
                pgettext("báo cáo bản dịch", "cán bộ đầu mối liên hệ"),
                Official.objects.contacts(),
            ),
            ShownData(
                pgettext("báo cáo bản dịch", "đơn vị trực thuộc có số liên hệ"),
                SubUnit.objects.with_contact_details(),
            ),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contact_officials"] = list(self.unit_officials().contacts().select_related("sub_unit"))
        context["sub_units"] = list(self.unit_sub_units().with_contact_details())
        context["contact_unit"] = self.unit
        return context


# --- Weekly work schedule ------------------------------------------------------------------------------------------


class WorkSchedulePage(RoutablePageMixin, SectionPageMixin, Page):
    """“Lịch công tác”: the week view at ISO-week addresses (`…/2026-w48/`), a print view and iCal feeds.

    Only weeks whose page is published — approved by the unit's Ban Biên tập — are shown.
    """

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["organization.WorkScheduleWeekPage"]

    class Meta:
        verbose_name = _("trang lịch công tác")
        verbose_name_plural = _("trang lịch công tác")

    def week_url(self, week: IsoWeek, request=None, suffix: str = "") -> str:
        return (
            self.get_url(request)
            + self.reverse_subpage("week", kwargs={"year": week.year, "week": f"{week.week:02d}"})
            + suffix
        )

    def published_weeks(self):
        return WorkScheduleWeekPage.objects.child_of(self).live().public()

    def published_entries(self):
        return ScheduleEntry.objects.filter(page__in=self.published_weeks().values("pk")).select_related("page")

    def week_context(self, request, week: IsoWeek, entries: list | None = None, published: bool | None = None) -> dict:
        """Everything the week view shows; `entries` given (a draft being previewed) replaces the published ones."""
        if entries is None:
            weeks = list(self.published_weeks().filter(week_start=week.monday))
            published = bool(weeks)
            entries = list(
                ScheduleEntry.objects.filter(page__in=weeks).select_related("page").prefetch_related("leaders")
            )
        # By translation key: an English week's entries name the Vietnamese rows of their leaders.
        leaders = {o.translation_key: o for o in self.unit_officials().current().leaders()}
        others = {o.translation_key for entry in entries for o in entry.leaders.all()} - leaders.keys()
        if others:
            leaders.update((o.translation_key, o) for o in self.unit_officials().filter(translation_key__in=others))
        leader_options = {o.pk: o for o in leaders.values()}
        selected = None
        leader_id = int_param(request.GET.get("lanh-dao"))
        if leader_id in leader_options:
            selected = leader_options[leader_id]
            key = selected.translation_key
            entries = [e for e in entries if any(o.translation_key == key for o in e.leaders.all())]
        today = timezone.localdate()
        days = []
        for weekday, day in enumerate(week.days):
            day_entries = sorted(
                (e for e in entries if e.weekday == weekday), key=lambda e: (e.start_time, e.sort_order or 0)
            )
            days.append({"date": day, "name": WEEKDAY_NAMES[weekday], "entries": day_entries, "is_today": day == today})
        leader_query = f"?lanh-dao={selected.pk}" if selected else ""
        base_url = self.get_url(request)
        return {
            "week": week,
            "days": days,
            "published": bool(published),
            "is_current_week": week == IsoWeek.current(),
            # What an empty week says: “tuần này” is this week only; a past week had none, a future one is not out.
            "week_tense": "past" if week < IsoWeek.current() else "future" if week > IsoWeek.current() else "current",
            "previous_url": self.week_url(week.previous, request) + leader_query,
            "next_url": self.week_url(week.next, request) + leader_query,
            "current_url": self.week_url(IsoWeek.current(), request) + leader_query,
            "back_url": self.week_url(week, request) + leader_query,
            "print_url": self.week_url(week, request, "ban-in/") + leader_query,
            "leader_options": sorted(leader_options.values(), key=lambda o: (o.sort_order, o.name)),
            "selected_leader": selected,
            "ical_url": base_url + self.reverse_subpage("unit_ical"),
            "leader_ical_url": (
                base_url + self.reverse_subpage("leader_ical", kwargs={"official_id": selected.pk}) if selected else ""
            ),
        }

    @path("")
    def current_week(self, request):
        return self.week(request, *IsoWeek.current().slug.split("-w"))

    @re_path(r"^(?P<year>\d{4})-w(?P<week>\d{1,2})/$")
    def week(self, request, year, week):
        iso_week = IsoWeek.parse(year, week)
        if iso_week is None:
            raise Http404(gettext("Tuần này không có trong lịch."))
        if week != f"{iso_week.week:02d}" and request.path.endswith(f"-w{week}/"):
            return redirect(self.week_url(iso_week, request), permanent=True)
        return self.render(request, context_overrides=self.week_context(request, iso_week))

    @re_path(r"^(?P<year>\d{4})-w(?P<week>\d{1,2})/ban-in/$")
    def week_print(self, request, year, week):
        iso_week = IsoWeek.parse(year, week)
        if iso_week is None:
            raise Http404(gettext("Tuần này không có trong lịch."))
        context = self.get_context(request)
        context.update(self.week_context(request, iso_week))
        return TemplateResponse(request, "organization/work_schedule_print.html", context)

    @path("ical/")
    def unit_ical(self, request):
        unit = self.unit
        name = gettext("Lịch công tác – %(unit)s") % {"unit": unit.name if unit else self.title}
        return self._ical_response(request, name, self.published_entries().prefetch_related("leaders"), "")

    @path("ical/lanh-dao/<int:official_id>/")
    def leader_ical(self, request, official_id: int):
        official = self.unit_officials().filter(pk=official_id).first()
        if official is None:
            raise Http404(gettext("Không tìm thấy lãnh đạo này."))
        entries = self.published_entries().filter(leaders__translation_key=official.translation_key)
        entries = entries.prefetch_related("leaders")
        name = gettext("Lịch công tác – %(name)s, %(position)s") % {
            "name": official.name,
            "position": official.position,
        }
        return self._ical_response(request, name, entries, f"-{official.pk}")

    def _ical_response(self, request, name: str, entries, suffix: str) -> HttpResponse:
        # Recent and future weeks only: a feed that grows forever slows every calendar client down.
        since = timezone.localdate() - dt.timedelta(weeks=8)
        entries = list(entries.filter(page__week_start__gte=since - dt.timedelta(days=6)))
        body = build_calendar(name, entries, request.get_host().split(":")[0], self.get_full_url(request))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        slug = self.unit.slug if self.unit else "lich"
        response["Content-Disposition"] = f'inline; filename="lich-cong-tac-{slug}{suffix}.ics"'
        return response


class WorkScheduleWeekPage(Page):
    """One ISO week of the leaders' schedule. Its title and address follow from the week; its entries are
    published together once the Ban Biên tập approves the page."""

    week_start = models.DateField(
        _("tuần"), help_text=_("Chọn một ngày bất kỳ trong tuần; lịch được lưu theo tuần ISO (thứ Hai đến Chủ nhật).")
    )

    base_form_class = WeekPageForm
    content_panels = [
        FieldPanel("week_start"),
        InlinePanel("entries", heading=_("Các mục lịch trong tuần"), label=_("mục lịch")),
    ]
    promote_panels: list = []

    parent_page_types = ["organization.WorkSchedulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lịch công tác tuần")
        verbose_name_plural = _("lịch công tác tuần")

    @property
    def iso_week(self) -> IsoWeek:
        return IsoWeek.of(self.week_start)

    def _set_week_identity(self) -> None:
        if self.week_start:
            week = IsoWeek.of(self.week_start)
            self.week_start = week.monday
            # In the page's language, whatever the language of the editor's admin.
            with override(self.locale.language_code if self.locale_id else settings.LANGUAGE_CODE):
                self.title = gettext("Lịch công tác tuần %(week)s (từ %(start)s đến %(end)s)") % {
                    "week": week,
                    "start": f"{week.monday.day}/{week.monday.month}",
                    "end": f"{week.sunday.day}/{week.sunday.month}/{week.sunday.year}",
                }
            self.slug = week.slug

    def full_clean(self, *args, **kwargs):
        self._set_week_identity()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self._set_week_identity()
        super().minimal_clean()

    def clean(self):
        parent = self.get_parent() if self.path else None
        if parent is not None and self.week_start:
            others = WorkScheduleWeekPage.objects.child_of(parent).filter(week_start=self.week_start)
            if self.pk:
                others = others.exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {
                        "week_start": _("Tuần %(week)s đã có lịch công tác; hãy sửa lịch của tuần đó.")
                        % {"week": self.iso_week}
                    }
                )
        super().clean()

    def serve(self, request, *args, **kwargs):
        # The week is shown by its schedule page, which merges, filters and prints it.
        if IsoWeek.parse(*self.iso_week.slug.split("-w")) is None:  # a row from before years were checked
            raise Http404(gettext("Tuần này không có trong lịch."))
        return redirect(self.get_parent().specific.week_url(self.iso_week, request))

    def serve_preview(self, request, mode_name):
        """The board reviews the draft week exactly as citizens will see it once approved."""
        schedule = self.get_parent().specific
        context = schedule.get_context(request)
        context.update(schedule.week_context(request, self.iso_week, entries=list(self.entries.all()), published=True))
        context["page"] = schedule
        return TemplateResponse(request, "organization/work_schedule_page.html", context)

    def copy_recurring_entries_from(self, previous: WorkScheduleWeekPage) -> int:
        """Copy the entries marked recurring in `previous` to the same weekday and time of this week."""
        copied = 0
        for entry in previous.entries.all():
            if not entry.recurring or entry.status == ScheduleEntry.Status.CANCELLED:
                continue
            copy = ScheduleEntry(
                weekday=entry.weekday,
                start_time=entry.start_time,
                end_time=entry.end_time,
                content=entry.content,
                chair=entry.chair,
                location=entry.location,
                participants=entry.participants,
                preparing_unit=entry.preparing_unit,
                note=entry.note,
                recurring=True,
            )
            copy.leaders = list(entry.leaders.all())
            self.entries.add(copy)
            copied += 1
        return copied


class ScheduleEntry(TranslatableMixin, ClusterableModel, Orderable):
    """One line of the weekly schedule: when, what, which leaders, where, who chairs, attends and prepares.

    Translatable so that wagtail-localize offers its text for translation with the week page (an English week
    lists English entries); its locale follows its week page."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Theo kế hoạch")
        CHANGED = "changed", _("Điều chỉnh")
        POSTPONED = "postponed", _("Hoãn")
        CANCELLED = "cancelled", _("Hủy")

    page = ParentalKey(WorkScheduleWeekPage, on_delete=models.CASCADE, related_name="entries")
    weekday = models.PositiveSmallIntegerField(
        _("ngày"), choices=[(i, name) for i, name in enumerate(WEEKDAY_NAMES)], default=0
    )
    start_time = models.TimeField(_("bắt đầu"), help_text=_("Giờ Việt Nam, ví dụ 07:30"))
    end_time = models.TimeField(_("kết thúc"), null=True, blank=True)
    content = models.TextField(_("nội dung"), max_length=1000)
    leaders = ParentalManyToManyField(
        Official, verbose_name=_("lãnh đạo dự"), blank=True, related_name="schedule_entries"
    )
    chair = models.CharField(_("chủ trì"), max_length=255, blank=True)
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    participants = models.TextField(_("thành phần"), max_length=1000, blank=True)
    preparing_unit = models.CharField(_("đơn vị chuẩn bị"), max_length=255, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=Status.choices,
        default=Status.PLANNED,
        help_text=_(
            "“Điều chỉnh”: đổi giờ, địa điểm hay nội dung; “Hoãn”: dời sang thời gian chưa định; “Hủy”: không diễn ra."
        ),
    )
    status_changed_at = models.DateTimeField(_("thời điểm điều chỉnh"), null=True, blank=True, editable=False)
    recurring = models.BooleanField(
        _("lặp lại hằng tuần"), default=False, help_text=_("Được sao chép sang tuần sau khi tạo lịch tuần mới.")
    )

    panels = [
        # Three short fields share a row; the status and its help text get a row of their own (at 1280 px a fourth
        # column is too narrow for the select and spills out of the inline form).
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("status"),
        FieldPanel("content"),
        FieldPanel("leaders", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("chair"), FieldPanel("location")]),
        FieldRowPanel([FieldPanel("participants"), FieldPanel("preparing_unit")]),
        FieldRowPanel([FieldPanel("note"), FieldPanel("recurring")]),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("mục lịch công tác")
        verbose_name_plural = _("mục lịch công tác")

    def __str__(self) -> str:
        return f"{WEEKDAY_NAMES[self.weekday]} {self.start_time:%H:%M} – {self.content[:60]}"

    @property
    def date(self) -> dt.date:
        return self.page.week_start + dt.timedelta(days=self.weekday)

    @property
    def is_changed(self) -> bool:
        return self.status == self.Status.CHANGED

    @property
    def is_postponed(self) -> bool:
        return self.status == self.Status.POSTPONED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def clean(self):
        super().clean()
        if self.end_time and self.start_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Giờ kết thúc phải sau giờ bắt đầu.")})
        if self.status == self.Status.PLANNED:
            self.status_changed_at = None
        elif self.status_changed_at is None:
            self.status_changed_at = timezone.now()

    def save(self, *args, **kwargs):
        # Entries written outside the admin form (imports, copies) get their change time too.
        if self.status != self.Status.PLANNED and self.status_changed_at is None:
            self.status_changed_at = timezone.now()
        super().save(*args, **kwargs)

    def ical_description(self) -> str:
        lines = []
        leaders = ", ".join(f"{o.name} ({o.position})" for o in self.leaders.all())
        for label, value in (
            (gettext("Lãnh đạo"), leaders),
            (gettext("Chủ trì"), self.chair),
            (gettext("Thành phần"), self.participants),
            (gettext("Chuẩn bị"), self.preparing_unit),
            (gettext("Ghi chú"), self.note),
        ):
            if value:
                lines.append(f"{label}: {plain(value)}")
        if self.status != self.Status.PLANNED:
            lines.append(str(self.Status(self.status).label))
        return "\n".join(lines)
