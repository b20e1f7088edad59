"""The legal document registry (Decree 42/2022 Art. 4(1)(a)): taxonomies, the document page and its registry."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from home.slugs import slugify_vietnamese
from sites.models import HOME_DEPTH, Unit, UnitOwnedMixin, home_path, home_path_expression

from .page_forms import LegalDocumentPageForm
from .qr import qr_svg
from .search import fold_number, fold_text
from .validators import ATTACHMENT_EXTENSIONS, inspect_file

# --- Taxonomies: shared by the whole city, translatable (vi default, en) ----------------------------------------


class TaxonomyMixin(TranslatableMixin, models.Model):
    """A named, ordered term every editor chooses from and only superusers edit."""

    name = models.CharField(_("tên"), max_length=255)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=100)

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale")]

    def __str__(self) -> str:
        return self.name


class DocumentType(TaxonomyMixin):
    """Hình thức văn bản: Luật, Nghị định, Quyết định, Kế hoạch, …"""

    abbreviation = models.CharField(
        _("viết tắt trong số ký hiệu"), max_length=20, blank=True, help_text=_("Ví dụ: QĐ, KH, CV")
    )

    panels = [FieldPanel("name"), FieldPanel("abbreviation"), FieldPanel("sort_order")]

    class Meta(TaxonomyMixin.Meta):
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")


class DocumentSector(TaxonomyMixin):
    """Lĩnh vực: Cải cách hành chính, Đất đai, Giáo dục, …"""

    class Meta(TaxonomyMixin.Meta):
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")


OUTSIDE_THE_PORTAL = 1000  # ranks after any unit's own body, however deep the unit


class IssuingBodyQuerySet(models.QuerySet):
    def offered_to(self, units) -> IssuingBodyQuerySet:
        """The bodies a document of these units may name, in the order the editor is offered them: the units' own,
        their parent units' (nearest first), then the bodies outside the portal (national ones in the state's order);
        never another unit's."""
        parents = dict(Unit.objects.values_list("pk", "parent_id"))
        nearness: dict[int, int] = {}
        for unit in units:
            pk, distance = unit.pk, 0
            while pk is not None and distance < len(parents):
                nearness[pk] = min(nearness.get(pk, distance), distance)
                pk, distance = parents.get(pk), distance + 1
        return (
            self.filter(Q(unit__isnull=True) | Q(unit__in=list(nearness)))
            .annotate(
                nearness=Case(
                    *(When(unit_id=pk, then=Value(distance)) for pk, distance in nearness.items()),
                    default=Value(OUTSIDE_THE_PORTAL),
                    output_field=models.IntegerField(),
                )
            )
            .order_by("nearness", "sort_order", "name", "pk")
        )


class IssuingBody(TaxonomyMixin):
    """Cơ quan ban hành: a unit of this portal, or an outside body (Chính phủ, UBND tỉnh)."""

    unit = models.ForeignKey(
        "sites.Unit",
        verbose_name=_("đơn vị trên cổng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Để trống nếu là cơ quan ngoài cổng, ví dụ Chính phủ, UBND tỉnh."),
    )

    objects = IssuingBodyQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("unit"), FieldPanel("sort_order")]

    class Meta(TaxonomyMixin.Meta):
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")


class Signer(TranslatableMixin, UnitOwnedMixin):
    """Người ký: name and position, kept by each unit for the documents it posts."""

    name = models.CharField(_("họ và tên"), max_length=255)
    position = models.CharField(_("chức vụ"), max_length=255, help_text=_("Ví dụ: Chủ tịch UBND phường"))

    panels = [FieldPanel("unit"), FieldPanel("name"), FieldPanel("position")]

    class Meta:
        verbose_name = _("người ký")
        verbose_name_plural = _("người ký")
        ordering = ["name"]
        unique_together = [("translation_key", "locale")]

    def __str__(self) -> str:
        return f"{self.name} – {self.position}"


# --- The legal document ------------------------------------------------------------------------------------


class DocumentNature(models.TextChoices):
    NORMATIVE = "normative", _("Văn bản quy phạm pháp luật")
    ADMINISTRATIVE = "administrative", _("Văn bản hành chính")


class ValidityStatus(models.TextChoices):
    NOT_YET = "not_yet", _("Chưa có hiệu lực")
    IN_FORCE = "in_force", _("Còn hiệu lực")
    PARTLY_EXPIRED = "partly_expired", _("Hết hiệu lực một phần")
    EXPIRED = "expired", _("Hết hiệu lực")


class RelationKind(models.TextChoices):
    AMENDS = "amends", _("Sửa đổi, bổ sung")
    REPLACES = "replaces", _("Thay thế")
    GUIDES = "guides", _("Hướng dẫn")


# How the other end of a relation reads it (“Được thay thế bởi …”).
INCOMING_LABELS = {
    RelationKind.AMENDS: _("Được sửa đổi, bổ sung bởi"),
    RelationKind.REPLACES: _("Được thay thế bởi"),
    RelationKind.GUIDES: _("Được hướng dẫn bởi"),
}
OUTGOING_LABELS = {
    RelationKind.AMENDS: _("Sửa đổi, bổ sung"),
    RelationKind.REPLACES: _("Thay thế"),
    RelationKind.GUIDES: _("Hướng dẫn thi hành"),
}


def _unit_key_of(path_expression: str):
    """SQL: the translation key of the unit home above the page at `path_expression` (an outer reference); a unit's
    homes in every language share it."""
    homes = Page.objects.filter(depth=HOME_DEPTH, path=home_path_expression(OuterRef(path_expression)))
    return Subquery(homes.values("translation_key")[:1])


def same_unit_relations(relations: list[LegalDocumentRelation]) -> list[LegalDocumentRelation]:
    """The relations whose relating document and named document belong to the same unit (in any language): one
    query for the translation keys of their homes (a unit's homes in every language share it).

    A unit amends, replaces or guides only its own documents: a relation from another unit's document is void,
    shown on neither page and changing no status (the admin form refuses to store one).
    """
    if not relations:
        return []
    paths = {home_path(page) for relation in relations for page in (relation.page, relation.target)}
    keys = dict(Page.objects.filter(depth=HOME_DEPTH, path__in=paths).values_list("path", "translation_key"))
    return [
        relation for relation in relations if keys.get(home_path(relation.page)) == keys.get(home_path(relation.target))
    ]


def same_unit(relations: models.QuerySet) -> models.QuerySet:
    """`same_unit_relations` in SQL, for relations read from the database (no query of its own)."""
    return relations.annotate(page_unit=_unit_key_of("page__path"), target_unit=_unit_key_of("target__path")).filter(
        page_unit=F("target_unit")
    )


def validity_status_expression(today: datetime.date):
    """The validity status as SQL, so listings can filter and count by it in one query.

    An override wins; then dates; then a live document in force of the same unit that replaces this one (expired)
    or amends it (partly expired). Mirrors `LegalDocumentPage.status_on`. Relations count in every language: a
    translation's relations are copies of its source's, naming the Vietnamese documents.
    """
    in_force_sources = Q(page__live=True) & Q(page__effective_from__lte=today)
    relations = LegalDocumentRelation.objects.annotate(
        page_unit=_unit_key_of("page__path"), target_unit=_unit_key_of("target__path")
    ).filter(in_force_sources, page_unit=F("target_unit"))
    # The translation keys of the replaced and of the amended documents, each a subquery that does not depend on the
    # row: the database reads the (few) relations once per query and looks each row up in the result, instead of
    # running a correlated EXISTS for each of the tens of thousands of rows a facet count aggregates.
    replaced = relations.filter(kind=RelationKind.REPLACES).values("target__translation_key")
    amended = relations.filter(kind=RelationKind.AMENDS).values("target__translation_key")
    return Case(
        When(~Q(status_override=""), then=F("status_override")),
        When(effective_from__gt=today, then=Value(ValidityStatus.NOT_YET)),
        When(expiry_date__lte=today, then=Value(ValidityStatus.EXPIRED)),
        When(translation_key__in=replaced, then=Value(ValidityStatus.EXPIRED)),
        When(translation_key__in=amended, then=Value(ValidityStatus.PARTLY_EXPIRED)),
        default=Value(ValidityStatus.IN_FORCE),
        output_field=models.CharField(),
    )


class LegalDocumentPage(Page):
    """One legal document with the metadata Decree 42/2022 Art. 4(1)(a) requires, its files and its relations."""

    number = models.CharField(_("số, ký hiệu"), max_length=100, help_text=_("Ví dụ: 123/QĐ-UBND. Không nhập chữ “số”."))
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("loại văn bản"), on_delete=models.PROTECT, related_name="+"
    )
    issuing_body = models.ForeignKey(
        IssuingBody, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    signer = models.ForeignKey(
        Signer, verbose_name=_("người ký"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issue_date = models.DateField(_("ngày ban hành"))
    effective_date = models.DateField(
        _("ngày có hiệu lực"), null=True, blank=True, help_text=_("Để trống nếu có hiệu lực kể từ ngày ban hành.")
    )
    expiry_date = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    nature = models.CharField(
        _("tính chất"), max_length=20, choices=DocumentNature.choices, default=DocumentNature.ADMINISTRATIVE
    )
    sectors = ParentalManyToManyField(DocumentSector, verbose_name=_("lĩnh vực"), blank=True, related_name="+")
    abstract = models.TextField(
        _("trích yếu"), max_length=1000, help_text=_("Ví dụ: Về cải cách hành chính năm 2026 trên địa bàn phường")
    )
    full_text = RichTextField(
        _("toàn văn"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        help_text=_("Không bắt buộc; tệp đính kèm là bản chính thức."),
    )
    status_override = models.CharField(
        _("hiệu lực (ghi đè)"),
        max_length=20,
        choices=ValidityStatus.choices,
        blank=True,
        help_text=_("Để trống để tính tự động từ ngày tháng và các văn bản liên quan."),
    )
    status_override_reason = models.CharField(_("lý do ghi đè hiệu lực"), max_length=500, blank=True)

    # Derived, filled in clean()/save(): what listings filter, sort and match on.
    effective_from = models.DateField(editable=False, null=True, db_index=True)
    number_folded = models.CharField(max_length=100, editable=False, blank=True, db_index=True)
    search_text = models.TextField(editable=False, blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("number"),
        index.SearchField("abstract"),
        index.SearchField("full_text"),
        index.FilterField("issue_date"),
    ]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("document_type")]),
                FieldRowPanel([FieldPanel("issuing_body"), FieldPanel("signer")]),
                FieldRowPanel([FieldPanel("issue_date"), FieldPanel("effective_date"), FieldPanel("expiry_date")]),
                FieldPanel("nature"),
                FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("abstract"),
            ],
            heading=_("Thông tin văn bản"),
        ),
        InlinePanel("attachments", heading=_("Tệp đính kèm"), label=_("tệp"), min_num=1),
        InlinePanel("relations", heading=_("Văn bản liên quan"), label=_("liên quan")),
        MultiFieldPanel([FieldPanel("status_override"), FieldPanel("status_override_reason")], heading=_("Hiệu lực")),
        FieldPanel("full_text"),
    ]

    base_form_class = LegalDocumentPageForm
    parent_page_types = ["documents.LegalDocumentIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")

    def full_clean(self, *args, **kwargs):
        # Wagtail's own slug drops “đ” (“quyet-inh”); the Vietnamese transliteration reads “quyet-dinh”.
        if not self.slug and self.title:
            self.slug = slugify_vietnamese(self.title, max_length=240)
        return super().full_clean(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.issue_date and self.effective_date and self.effective_date < self.issue_date:
            errors["effective_date"] = _("Ngày có hiệu lực không được trước ngày ban hành (%(date)s).") % {
                "date": self.issue_date.strftime("%d/%m/%Y")
            }
        start = self.effective_date or self.issue_date
        if start and self.expiry_date and self.expiry_date <= start:
            errors["expiry_date"] = _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
        if self.status_override and not self.status_override_reason.strip():
            errors["status_override_reason"] = _("Hãy ghi lý do khi ghi đè hiệu lực của văn bản.")
        self.fill_derived_fields()
        if self.number_folded and self.issue_date and self.issuing_body_id:
            clash = (
                LegalDocumentPage.objects.filter(
                    number_folded=self.number_folded,
                    issuing_body_id=self.issuing_body_id,
                    issue_date__year=self.issue_date.year,
                )
                .exclude(translation_key=self.translation_key)
                .first()
            )
            if clash is not None:
                errors["number"] = _(
                    "Số, ký hiệu %(number)s của %(body)s năm %(year)s đã được dùng cho văn bản “%(title)s”."
                ) % {
                    "number": self.number,
                    "body": self.issuing_body.name,
                    "year": self.issue_date.year,
                    "title": clash.title,
                }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        return super().save(*args, **kwargs)

    def fill_derived_fields(self) -> None:
        self.number = " ".join((self.number or "").split())
        self.number_folded = fold_number(self.number)
        self.effective_from = self.effective_date or self.issue_date
        parts = [self.title, self.number, self.number_folded.replace("/", " ").replace("-", " "), self.abstract]
        if self.document_type_id:
            parts.append(f"{self.document_type.name} số {self.number}")
        if self.issuing_body_id:
            parts.append(self.issuing_body.name)
        if self.signer_id:
            parts.append(f"{self.signer.name} {self.signer.position}")
        parts.extend(sector.name for sector in self.sectors.all())
        self.search_text = fold_text(" \n".join(p for p in parts if p))

    # --- Lifecycle -----------------------------------------------------------------------------------------

    def status_on(self, day: datetime.date | None = None) -> str:
        """Validity on `day` (default today), as `validity_status_expression` computes it in SQL."""
        day = day or timezone.localdate()
        if self.status_override:
            return self.status_override
        start = self.effective_date or self.issue_date
        if start > day:
            return ValidityStatus.NOT_YET
        if self.expiry_date and self.expiry_date <= day:
            return ValidityStatus.EXPIRED
        kinds = {
            relation.kind
            for relation in self.live_incoming_relations
            if relation.page.effective_from and relation.page.effective_from <= day
        }
        if RelationKind.REPLACES in kinds:
            return ValidityStatus.EXPIRED
        if RelationKind.AMENDS in kinds:
            return ValidityStatus.PARTLY_EXPIRED
        return ValidityStatus.IN_FORCE

    @property
    def status(self) -> str:
        return self.status_on()

    @property
    def status_label(self) -> str:
        return ValidityStatus(self.status).label

    @cached_property
    def live_incoming_relations(self) -> list[LegalDocumentRelation]:
        """Relations to this document in any language from documents of its own unit, one per relating document,
        in this page's language where that document has been translated."""
        relations = (
            same_unit(
                LegalDocumentRelation.objects.filter(target__translation_key=self.translation_key, page__live=True)
            )
            .select_related("page", "target")
            .order_by("page__issue_date", "pk")
        )
        chosen: dict[tuple, LegalDocumentRelation] = {}
        for relation in relations:
            key = (relation.kind, relation.page.translation_key)
            if key not in chosen or relation.page.locale_id == self.locale_id:
                chosen[key] = relation
        return list(chosen.values())

    def incoming_relation_groups(self) -> list[tuple[str, list[LegalDocumentPage]]]:
        groups: dict[str, list[LegalDocumentPage]] = {}
        for relation in self.live_incoming_relations:
            groups.setdefault(relation.kind, []).append(relation.page)
        return [(INCOMING_LABELS[kind], pages) for kind, pages in groups.items()]

    def outgoing_relation_groups(self) -> list[tuple[str, list[LegalDocumentPage]]]:
        relations = same_unit_relations(list(self.relations.select_related("target")))
        # The related documents in this page's language where they have a live translation.
        keys = [relation.target.translation_key for relation in relations]
        in_language = {}
        if keys:
            translated = LegalDocumentPage.objects.live().filter(locale_id=self.locale_id, translation_key__in=keys)
            in_language = {page.translation_key: page for page in translated}
        groups: dict[str, list[LegalDocumentPage]] = {}
        for relation in relations:
            target = in_language.get(relation.target.translation_key, relation.target)
            if target.live:
                groups.setdefault(relation.kind, []).append(target)
        return [(OUTGOING_LABELS[kind], pages) for kind, pages in groups.items()]

    def localized_sectors(self) -> list[DocumentSector]:
        """The document's sectors in its language (a translation keeps its source's Vietnamese sector rows): each
        sector's row in the page's language where it has one, its Vietnamese row otherwise, as `in_locale` reads
        them, in one query."""
        sectors = self.sectors.all()
        if isinstance(sectors, models.QuerySet):  # stored sectors: read in the same query, as a subquery
            keys = sectors.values("translation_key")
        else:  # a preview's sectors, in memory
            keys = [sector.translation_key for sector in sectors]
        rows = DocumentSector.objects.filter(translation_key__in=keys).filter(
            Q(locale__language_code=settings.LANGUAGE_CODE) | Q(locale_id=self.locale_id)
        )
        chosen: dict = {}
        for row in rows:
            if row.locale_id == self.locale_id or row.translation_key not in chosen:
                chosen[row.translation_key] = row
        return sorted(chosen.values(), key=lambda row: (row.sort_order, row.name))

    def verification_url(self, request=None) -> str:
        """The public address of this document's record in the authenticity check (encoded in its QR code)."""
        registry = self.get_parent().specific
        query = urlencode({"so": self.number, "ngay": self.issue_date.isoformat()})
        return f"{registry.get_full_url(request)}xac-minh/?{query}"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["verification_url"] = self.verification_url(request)
        context["qr_svg"] = qr_svg(context["verification_url"], title=str(_("Mã QR xác minh văn bản")))
        context["attachment_list"] = list(self.attachments.select_related("document"))
        self._load_metadata_rows()
        return context

    def _load_metadata_rows(self) -> None:
        """The type, issuing body and signer the page shows, read in one query instead of one each (a preview whose
        choices differ from the stored page reads them one by one)."""
        if self.pk is None:
            return
        stored = (
            LegalDocumentPage.objects.filter(
                pk=self.pk,
                document_type_id=self.document_type_id,
                issuing_body_id=self.issuing_body_id,
                signer_id=self.signer_id,
            )
            .select_related("document_type", "issuing_body", "signer")
            .only("pk", "document_type", "issuing_body", "signer")
            .first()
        )
        if stored is not None:
            self.document_type, self.issuing_body, self.signer = (
                stored.document_type,
                stored.issuing_body,
                stored.signer,
            )


class LegalDocumentAttachment(TranslatableMixin, Orderable):
    """A file of the document, with its size and SHA-256 so anyone can check a copy.

    Translatable so that wagtail-localize offers its display name for translation with the document."""

    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(
        _("tên hiển thị"), max_length=255, blank=True, help_text=_("Ví dụ: Phụ lục kèm theo. Để trống: tên tệp.")
    )
    extension = models.CharField(max_length=10, editable=False, blank=True)
    size = models.PositiveBigIntegerField(editable=False, default=0)
    sha256 = models.CharField(max_length=64, editable=False, blank=True, db_index=True)

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.label or self.document.title

    def inspect(self) -> None:
        """Check the chosen file by content and size and record its facts; ValidationError if it is not valid."""
        document = self.document
        with document.open_file() as handle:
            facts = inspect_file(handle, document.file.name, ATTACHMENT_EXTENSIONS)
        self.extension, self.size, self.sha256 = facts.extension, facts.size, facts.sha256

    def clean(self) -> None:
        # Runs in the page editor's inline form: a bad file makes the whole page form invalid, so nothing is saved.
        if self.document_id:
            try:
                self.inspect()
            except ValidationError as error:
                raise ValidationError({"document": error.messages}) from error

    def save(self, *args, **kwargs):
        if self.document_id and not self.sha256:
            self.inspect()
        return super().save(*args, **kwargs)


class LegalDocumentRelation(Orderable):
    """This document amends, replaces or guides another; shown on both documents."""

    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("quan hệ"), max_length=20, choices=RelationKind.choices)
    target = models.ForeignKey(
        LegalDocumentPage, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="incoming_relations"
    )

    panels = [FieldPanel("kind"), FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("văn bản liên quan")
        verbose_name_plural = _("văn bản liên quan")

    def clean(self) -> None:
        if self.page_id and self.target_id and self.page_id == self.target_id:
            raise ValidationError({"target": _("Văn bản không thể liên quan đến chính nó.")})


# --- The registry ------------------------------------------------------------------------------------------


class LegalDocumentIndexPage(RoutablePageMixin, Page):
    """Văn bản: the unit's registry with faceted search, CSV export and the authenticity check."""

    intro = models.TextField(_("lời dẫn"), blank=True, max_length=500)

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["documents.LegalDocumentPage", "home.SectionPage", "home.ContentPage", "news.NewsIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("danh mục văn bản")
        verbose_name_plural = _("danh mục văn bản")

    # The routes import their views when called: documents.views imports these models.
    @path("")
    def registry(self, request):
        from .views import registry_view

        return registry_view(request, self)

    @path("xuat-csv/")
    def export_csv(self, request):
        from .views import export_csv_view

        return export_csv_view(request, self)

    @path("xac-minh/")
    def verify(self, request):
        from .views import verify_view

        return verify_view(request, self)
