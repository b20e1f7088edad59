"""Dịch vụ công trực tuyến (Decree 224 Art. 9(1)(a); Decree 42/2022 Art. 4(1)(c)): the catalogue of administrative
procedures a unit handles.

- `ProcedureField` (lĩnh vực): reference data every install needs, loaded by a data migration.
- `Procedure`: one administrative procedure (thủ tục hành chính) of a unit's catalogue, with its national code (Mã
  TTHC) and its link on the National Public Service Portal. The city's shared catalogue is the city unit's rows; a
  unit may keep procedures of its own.
- `AdoptedProcedure`: a unit lists a procedure of an ancestor unit's catalogue (the city's shared one) without
  retyping it, with its own receiving place or note.
- `ServiceCatalogPage`: the public listing (by field, level, folded search) and one page per procedure.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Orderable, Page

from home.models import IntroBodyMixin
from home.params import page_param, text_param
from search.text import fold, query_tokens
from sites.access import unit_for_page_on_request
from sites.models import Unit, UnitOwnedMixin

PER_PAGE = 20
MAX_QUERY_LENGTH = 100

# Mã TTHC as the National Public Service Portal prints it: “1.001193”, “2.000908”; a province's local code may add
# its suffix (“1.004222.000.00.00.H56”).
# ASCII digits only (`\d` would take “１.００１１９３” in full-width digits for another code); input is NFKC-normalised
# first (`normalize_code`), so such a code typed or imported becomes the ASCII one and meets the uniqueness check.
CODE_PATTERN = r"^[1-9]\.[0-9]{6}(\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2})?\Z"
CODE_VALIDATOR = RegexValidator(
    CODE_PATTERN, _("Mã thủ tục có dạng 1.001193 hoặc 2.000908 (theo Cổng Dịch vụ công quốc gia).")
)

# The hosts a procedure's link may point to: the National Public Service Portal and the province's public-service
# portal (settings.PUBLIC_SERVICE_HOSTS adds others); never an arbitrary site.
NATIONAL_PORTAL_HOST = "dichvucong.gov.vn"


def normalize_code(value: str) -> str:
    """The code as typed or imported, NFKC-normalised (full-width digits and dots become ASCII) and stripped."""
    return unicodedata.normalize("NFKC", value or "").strip()


DEFAULT_SERVICE_HOSTS = (NATIONAL_PORTAL_HOST, "dichvucong.tayninh.gov.vn")


def service_hosts() -> tuple[str, ...]:
    return tuple(getattr(settings, "PUBLIC_SERVICE_HOSTS", DEFAULT_SERVICE_HOSTS))


def is_service_url(url: str) -> bool:
    """Whether `url` is an https address on the National Public Service Portal or the province's service host."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    if parts.scheme != "https" or parts.username or parts.password or parts.port not in (None, 443):
        return False
    return any(host == allowed or host.endswith("." + allowed) for allowed in service_hosts())


def validate_service_url(url: str) -> None:
    if url and not is_service_url(url):
        raise ValidationError(
            _(
                "Đường dẫn phải là địa chỉ https trên Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) "
                "hoặc cổng dịch vụ công của tỉnh."
            ),
            code="service_url",
        )


class ProcedureField(models.Model):
    """Lĩnh vực of administrative procedures (Hộ tịch, Chứng thực, Đất đai …): shared by every unit."""

    name = models.CharField(_("tên lĩnh vực"), max_length=150, unique=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    slug = models.SlugField(_("mã định danh"), max_length=80, unique=True, allow_unicode=False)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("lĩnh vực thủ tục hành chính")
        verbose_name_plural = _("lĩnh vực thủ tục hành chính")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def localized_name(self) -> str:
        return self.name_en if self.name_en and get_language() == "en" else self.name


class ProcedureLevel(models.TextChoices):
    FULL = "full", _("Dịch vụ công trực tuyến toàn trình")
    PARTIAL = "partial", _("Dịch vụ công trực tuyến một phần")
    OFFLINE = "offline", _("Chưa cung cấp trực tuyến")


LEVEL_SLUGS = {
    "toan-trinh": ProcedureLevel.FULL,
    "mot-phan": ProcedureLevel.PARTIAL,
    "truc-tiep": ProcedureLevel.OFFLINE,
}
SLUG_OF_LEVEL = {value: slug for slug, value in LEVEL_SLUGS.items()}


class ProcedureQuerySet(models.QuerySet):
    def listed_by(self, unit: Unit) -> ProcedureQuerySet:
        """The procedures `unit`'s site lists: its own and those it adopted (from an ancestor's catalogue), except an
        adopted one whose code the unit also owns: its own copy wins (one address per code, as on the detail page)."""
        own_codes = Procedure.objects.filter(unit=unit).values("code")
        adopted = (
            AdoptedProcedure.objects.filter(unit=unit).exclude(procedure__code__in=own_codes).values("procedure_id")
        )
        return self.filter(Q(unit=unit) | Q(pk__in=adopted))

    def matching(self, query: str) -> ProcedureQuerySet:
        """Every folded word of `query` in the name, code or field (“dang ky khai sinh” finds “Đăng ký khai sinh”)."""
        queryset = self
        for token in query_tokens(query):
            queryset = queryset.filter(search_text__contains=token)
        return queryset


class Procedure(UnitOwnedMixin, ClusterableModel):
    """One administrative procedure of a unit's catalogue (the city's: the catalogue its units adopt)."""

    code = models.CharField(
        _("mã thủ tục"),
        max_length=30,
        validators=[CODE_VALIDATOR],
        help_text=_("Mã TTHC trên Cổng Dịch vụ công quốc gia, ví dụ: 1.001193"),
    )
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(
        ProcedureField, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures"
    )
    level = models.CharField(_("mức độ"), max_length=10, choices=ProcedureLevel.choices, default=ProcedureLevel.PARTIAL)
    implementing_level = models.CharField(
        _("cấp thực hiện"), max_length=100, blank=True, help_text=_("Ví dụ: Cấp xã; Cấp tỉnh")
    )
    processing_time = models.CharField(
        _("thời hạn giải quyết"), max_length=500, blank=True, help_text=_("Ví dụ: Ngay trong ngày làm việc")
    )
    fees = models.TextField(_("phí, lệ phí"), blank=True, help_text=_("Ví dụ: Miễn lệ phí; 8.000 đồng/lần"))
    agency = models.CharField(_("cơ quan thực hiện"), max_length=500, blank=True)
    receiving_place = models.TextField(_("địa điểm tiếp nhận"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    portal_url = models.URLField(
        _("đường dẫn trên Cổng Dịch vụ công"),
        max_length=500,
        blank=True,
        validators=[validate_service_url],
        help_text=_("Địa chỉ https của thủ tục trên dichvucong.gov.vn hoặc cổng dịch vụ công của tỉnh."),
    )
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    unit_permissions = {
        "writer": ("view",),
        "board": ("add", "change", "delete", "view"),
        "admin": ("add", "change", "delete", "view"),
    }

    panels = [
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("field")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("implementing_level")]),
        FieldPanel("processing_time"),
        FieldPanel("fees"),
        MultiFieldPanel([FieldPanel("agency"), FieldPanel("receiving_place")], heading=_("Nơi thực hiện")),
        FieldPanel("legal_basis"),
        FieldPanel("portal_url"),
        InlinePanel("forms", label=_("Mẫu đơn, tờ khai")),
    ]

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["field__sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="procedure_code_unique_per_unit")]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def clean_fields(self, exclude=None):
        self.code = normalize_code(self.code)
        super().clean_fields(exclude)

    def save(self, *args, **kwargs):
        self.code = normalize_code(self.code)
        self.search_text = self.folded_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def folded_text(self) -> str:
        field_name = self.field.name if self.field_id else ""
        return " ".join(fold(part) for part in (self.code, self.name, field_name) if part)

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        if self.unit_id and self.code:
            others = Procedure.objects.filter(unit_id=self.unit_id, code=self.code).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError({"code": _("Đơn vị đã có thủ tục mang mã này.")})

    @property
    def url_code(self) -> str:
        """The code as the last segment of the procedure's address (“1.001193” → “1-001193”)."""
        return self.code.replace(".", "-")

    @property
    def is_online(self) -> bool:
        return self.level in (ProcedureLevel.FULL, ProcedureLevel.PARTIAL)


class ProcedureForm(Orderable):
    """A form (mẫu đơn, tờ khai) citizens download: a document of the procedure's unit."""

    procedure = ParentalKey(Procedure, on_delete=models.CASCADE, related_name="forms")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tệp mẫu"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(
        _("tên mẫu"),
        max_length=255,
        blank=True,
        help_text=_("Để trống thì dùng tên của tệp, ví dụ: Tờ khai đăng ký khai sinh"),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("mẫu đơn, tờ khai")
        verbose_name_plural = _("mẫu đơn, tờ khai")

    @property
    def label(self) -> str:
        return self.title or self.document.title


def ancestor_ids(unit: Unit) -> list[int]:
    """The ids of the units above `unit`, nearest first (a few queries: the tree is shallow)."""
    ids: list[int] = []
    parent_id = unit.parent_id
    while parent_id and parent_id not in ids:
        ids.append(parent_id)
        parent_id = Unit.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return ids


def adoptable_procedures(unit: Unit):
    """The procedures `unit` may list without retyping: those of its ancestors' catalogues (never a sibling's or
    another city's)."""
    return Procedure.objects.filter(unit_id__in=ancestor_ids(unit))


class AdoptedProcedure(UnitOwnedMixin):
    """A unit handles a procedure of an ancestor unit's catalogue: listed on its site with its own receiving place."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="adoptions"
    )
    local_receiving_place = models.TextField(
        _("địa điểm tiếp nhận tại đơn vị"),
        blank=True,
        help_text=_("Để trống thì dùng địa điểm của danh mục chung. Ví dụ: Bộ phận Một cửa UBND phường Ninh Sơn"),
    )
    note = models.TextField(_("ghi chú của đơn vị"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    adopted_at = models.DateTimeField(auto_now_add=True)

    unit_permissions = {
        "writer": ("view",),
        "board": ("add", "change", "delete", "view"),
        "admin": ("add", "change", "delete", "view"),
    }

    panels = [FieldPanel("local_receiving_place"), FieldPanel("note"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("thủ tục đơn vị áp dụng")
        verbose_name_plural = _("thủ tục đơn vị áp dụng")
        ordering = ["sort_order", "procedure__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "procedure"], name="adopted_procedure_once_per_unit")]

    def __str__(self) -> str:
        return str(self.procedure) if self.procedure_id else ""

    def clean(self):
        super().clean()
        if self.unit_id and self.procedure_id and self.procedure.unit_id not in ancestor_ids(self.unit):
            raise ValidationError({"procedure": _("Chỉ được áp dụng thủ tục trong danh mục của đơn vị cấp trên.")})


class ServiceCatalogPage(RoutablePageMixin, IntroBodyMixin, Page):
    """The unit's online public services: the procedures it handles, by field, searchable without diacritics."""

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage"]
    max_count_per_parent = 1
    template = "disclosure/service_catalog_page.html"

    class Meta:
        verbose_name = _("trang dịch vụ công trực tuyến")
        verbose_name_plural = _("trang dịch vụ công trực tuyến")

    def catalogue_unit(self, request=None) -> Unit | None:
        if not hasattr(self, "_catalogue_unit"):
            self._catalogue_unit = unit_for_page_on_request(request, self)
        return self._catalogue_unit

    def procedures(self, request=None):
        unit = self.catalogue_unit(request)
        if unit is None:
            return Procedure.objects.none()
        return Procedure.objects.listed_by(unit)

    @path("")
    def index_route(self, request):
        unit = self.catalogue_unit(request)
        listed = self.procedures()
        query = text_param(request.GET.get("q"), MAX_QUERY_LENGTH)
        field_slug = text_param(request.GET.get("linh-vuc"), 80)
        level_slug = text_param(request.GET.get("muc-do"), 20)
        level = LEVEL_SLUGS.get(level_slug)
        searched = listed.matching(query) if query else listed
        if level:
            searched = searched.filter(level=level)
        # Counts per field of what the search and level filter leave (one query), before the field filter.
        counts = dict(searched.order_by().values_list("field_id").annotate(count=Count("pk")))
        fields = list(ProcedureField.objects.filter(pk__in=counts.keys()))
        for field in fields:
            field.count = counts[field.pk]
        chosen_field = next((field for field in fields if field.slug == field_slug), None)
        kept = {key: value for key, value in (("q", query), ("muc-do", SLUG_OF_LEVEL.get(level, ""))) if value}
        for field in fields:
            field.link = "?" + urlencode({**kept, "linh-vuc": field.slug})
        all_fields_link = "?" + urlencode(kept) if kept else self.get_url(request)
        results = searched.filter(field=chosen_field) if chosen_field else searched
        results = results.select_related("field").order_by("field__sort_order", "field__name", "name", "pk")
        page_obj = Paginator(results, PER_PAGE).get_page(page_param(request.GET.get("page")))
        procedures = list(page_obj.object_list)
        attach_local_details(procedures, unit)
        return self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "procedures": procedures,
                "fields": fields,
                "chosen_field": chosen_field,
                "query": query,
                "level": SLUG_OF_LEVEL.get(level, ""),
                "level_choices": [(slug, ProcedureLevel(value).label) for slug, value in LEVEL_SLUGS.items()],
                "result_count": page_obj.paginator.count,
                "total_count": sum(counts.values()),  # what the search and level leave, in every field
                "searched": bool(query or level or chosen_field),
                "listing_url": self.get_url(request),
                "all_fields_link": all_fields_link,
            },
        )

    # Wagtail serves only paths of letters, digits and “-”: “1.001193” is addressed as “1-001193/”.
    @re_path(r"^(?P<slug>[1-9]-[0-9]{6}(?:-[0-9]{3}-[0-9]{2}-[0-9]{2}-[A-Z][0-9]{2})?)/$")
    def procedure_route(self, request, slug: str):
        code = slug.replace("-", ".")
        unit = self.catalogue_unit(request)
        procedure = (
            self.procedures()
            .filter(code=code)
            .select_related("field", "unit")
            .order_by(models.Case(models.When(unit=unit, then=0), default=1))  # the unit's own before an ancestor's
            .first()
        )
        if procedure is None:
            raise Http404
        attach_local_details([procedure], unit)
        forms = list(procedure.forms.select_related("document").order_by("sort_order"))
        return self.render(
            request,
            context_overrides={
                "procedure": procedure,
                "procedure_forms": forms,
                "meta_title": procedure.name,
                "dc_identifier": procedure.code,
                "dc_type": "Service",
                "canonical_url": f"{self.get_full_url(request)}{procedure.url_code}/",
                "listing_url": self.get_url(request),
            },
            template="disclosure/procedure_detail.html",
        )


def attach_local_details(procedures: list[Procedure], unit: Unit | None) -> None:
    """Sets `local_place` and `local_note` on each procedure from the unit's adoption (one query for the list)."""
    adoptions = {}
    if unit is not None and procedures:
        adoptions = {
            adoption.procedure_id: adoption
            for adoption in AdoptedProcedure.objects.filter(unit=unit, procedure__in=[p.pk for p in procedures])
        }
    for procedure in procedures:
        adoption = adoptions.get(procedure.pk)
        procedure.local_place = (adoption.local_receiving_place if adoption else "") or procedure.receiving_place
        procedure.local_note = adoption.note if adoption else ""
