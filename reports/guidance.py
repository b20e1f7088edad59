"""Guidance and training material the oversight office publishes to every unit (shown on each unit's dashboard
until read)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from home.blocks import RICH_TEXT_FEATURES
from sites.access import sees_all_units, units_for_user


class Guidance(models.Model):
    title = models.CharField(_("tiêu đề"), max_length=255)
    summary = models.TextField(_("tóm tắt"), max_length=1000, blank=True)
    body = RichTextField(_("nội dung"), features=RICH_TEXT_FEATURES, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tài liệu kèm theo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("ngày phát hành"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("document"),
        FieldPanel("published_at"),
    ]

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("hướng dẫn nghiệp vụ")
        verbose_name_plural = _("hướng dẫn nghiệp vụ")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()


class GuidanceRead(models.Model):
    guidance = models.ForeignKey(Guidance, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["guidance", "user"], name="reports_unique_guidance_read")]


# ---------------------------------------------------------------------------------------------------------------
# Who writes, who reads, what is shown


def writes_guidance(user) -> bool:
    """The oversight office and superusers write guidance (`sites.access.sees_all_units`: both, active only)."""
    return sees_all_units(user)


def reads_guidance(user) -> bool:
    """Unit members read it (every role), and those who write it."""
    return writes_guidance(user) or (
        getattr(user, "is_authenticated", False) and user.is_active and units_for_user(user).exists()
    )


def is_member_of_a_unit(user) -> bool:
    """In one of a unit's editorial groups (the office and superusers are not, by their rank alone)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.groups.filter(unit_role__isnull=False).exists()


def published_guidance(now=None) -> QuerySet[Guidance]:
    """Guidance whose publication time has come (a draft has none; a future time is scheduled), newest first."""
    return Guidance.objects.filter(published_at__isnull=False, published_at__lte=now or timezone.now()).order_by(
        "-published_at", "-pk"
    )


def unread_guidance(user, limit: int = 10) -> list[Guidance]:
    """The published guidance this user has not marked read, newest first; one query."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(published_guidance().exclude(reads__user=user).select_related("document")[:limit])


def mark_read(guidance: Guidance, user) -> bool:
    """Mark `guidance` read by `user` (only published guidance); True when it was unread. Race-safe."""
    if guidance.published_at is None or guidance.published_at > timezone.now():
        return False
    _read, created = GuidanceRead.objects.get_or_create(guidance=guidance, user=user)
    return created


def guidance_collections() -> QuerySet:
    """Where an attached document may come from: the city's collection (the unit without a parent) and the
    collections below it. Unit collections elsewhere are the units' own."""
    from wagtail.models import Collection

    from sites.models import Unit

    city = Unit.objects.filter(parent__isnull=True).select_related("collection").order_by("pk").first()
    if city is None:
        return Collection.objects.none()
    return Collection.objects.filter(path__startswith=city.collection.path)


def guidance_documents() -> QuerySet:
    from wagtail.documents import get_document_model

    return get_document_model().objects.filter(collection__in=guidance_collections()).order_by("title")


class GuidanceForm(WagtailAdminModelForm):
    """The attached document is chosen among the city's documents only, checked on the server."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        field.queryset = guidance_documents()
        field.widget = forms.Select()
        field.widget.choices = field.choices
        field.help_text = _("Tài liệu trong thư mục ảnh và tài liệu của thành phố.")
        field.error_messages["invalid_choice"] = _("Chỉ chọn được tài liệu trong thư mục của thành phố.")
        self.fields["published_at"].help_text = _(
            "Để trống là bản nháp, chưa đơn vị nào thấy. Đặt thời điểm (hoặc bây giờ) để phát hành."
        )


Guidance.base_form_class = GuidanceForm
