"""Who created, published, unpublished or deleted what in which unit, and when.

Every log entry Wagtail writes for a page, a unit-owned row, an image or a document is tagged with its unit
(`data["unit"]`) when it is written, so the unit's activity survives the deletion of the page or row it is about.
`log_entries_for_user` is the one query all log listings (site history, page history, the activity page) use.
"""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Q, QuerySet, Value
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Collection, ModelLogEntry, Page, PageLogEntry

from sites.access import sees_all_units, unit_home_paths, unit_of_collection, units_for_user
from sites.models import Unit

# The actions the activity page offers to filter by (Wagtail's own action names).
ACTIVITY_ACTIONS = [
    ("wagtail.create", _("Tạo mới")),
    ("wagtail.edit", _("Lưu bản nháp")),
    ("wagtail.publish", _("Xuất bản")),
    ("wagtail.publish.scheduled", _("Hẹn giờ xuất bản")),
    ("wagtail.unpublish", _("Gỡ xuất bản")),
    ("wagtail.delete", _("Xoá")),
    ("wagtail.workflow.start", _("Gửi duyệt")),
    ("wagtail.workflow.approve", _("Phê duyệt")),
    ("wagtail.workflow.reject", _("Từ chối")),
    ("wagtail.move", _("Di chuyển")),
]


def unit_id_for_instance(instance) -> int | None:
    """The unit a logged object belongs to: by page tree, by `unit` column or by media collection."""
    if isinstance(instance, Page):
        unit = Unit.for_page(instance)
        return unit.pk if unit else None
    unit_id = getattr(instance, "unit_id", None)
    if unit_id is not None:
        return unit_id
    collection_id = getattr(instance, "collection_id", None)
    if collection_id is not None:
        unit = unit_of_collection(Collection.objects.filter(pk=collection_id).first())
        return unit.pk if unit else None
    return None


def _tag_with_unit(entry, instance) -> None:
    if entry.pk is not None or instance is None:
        return
    unit_id = unit_id_for_instance(instance)
    if unit_id is not None:
        entry.data = {**(entry.data or {}), "unit": unit_id}


@receiver(pre_save, sender=PageLogEntry)
def tag_page_log_entry(sender, instance: PageLogEntry, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    _tag_with_unit(instance, page)


@receiver(pre_save, sender=ModelLogEntry)
def tag_model_log_entry(sender, instance: ModelLogEntry, **kwargs) -> None:
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is None:
        return
    _tag_with_unit(instance, model._default_manager.filter(pk=instance.object_id).first())


def log_entries_for_user(log_model, user, unit_ids: list[int] | None = None) -> QuerySet:
    """Log entries of the units this user sees (optionally narrowed to `unit_ids`)."""
    entries = log_model.objects.all()
    visible = None if sees_all_units(user) else set(units_for_user(user).values_list("pk", flat=True))
    if unit_ids is not None:
        visible = set(unit_ids) if visible is None else visible & set(unit_ids)
    if visible is None:
        return entries
    condition = Q(data__unit__in=list(visible))
    if issubclass(log_model, PageLogEntry):
        # Entries written before the unit tag existed: by the page's current place in the tree.
        homes = unit_home_paths(Unit.objects.filter(pk__in=visible))
        pages = Q(pk__in=[])
        for home in homes:
            pages |= Q(path__startswith=home)
        condition |= Q(page_id__in=Page.objects.filter(pages).values("pk"))
    return entries.filter(condition)


def unit_choices(request) -> QuerySet[Unit]:
    return units_for_user(request.user) if request is not None else Unit.objects.none()


class UnitActivityFilterSet(WagtailFilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=unit_choices, method="filter_unit", empty_label=_("Tất cả đơn vị của tôi")
    )
    action = django_filters.ChoiceFilter(label=_("Thao tác"), choices=ACTIVITY_ACTIONS)
    user = django_filters.ModelChoiceFilter(label=_("Người thực hiện"), queryset=None, method="filter_user")
    timestamp = django_filters.DateFromToRangeFilter(label=_("Thời gian"), widget=DateRangePickerWidget)

    class Meta:
        model = PageLogEntry
        fields = ["unit", "action", "user", "timestamp"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        units = unit_choices(request)
        # Only people who belong to one of these units (or who acted in them) are offered.
        self.filters["user"].queryset = (
            get_user_model()
            .objects.filter(Q(groups__unit_role__unit__in=units) | Q(is_superuser=True))
            .distinct()
            .order_by("username")
        )

    def filter_unit(self, queryset, name, value):
        return queryset.filter(data__unit=value.pk) if value else queryset

    def filter_user(self, queryset, name, value):
        return queryset.filter(user=value) if value else queryset


class UnitLogEntriesMixin:
    """For Wagtail's LogEntriesView and its subclasses: the union, newest first, of the filtered entries of each log
    model that the user's units see, in the (pk, timestamp, log_model_index) rows Wagtail's view decorates."""

    def get_log_models(self) -> list:
        return list(log_action_registry.get_log_entry_models())

    def get_filtered_queryset(self):
        self.log_models = self.get_log_models()
        queryset = None
        for index, log_model in enumerate(self.log_models):
            rows = (
                log_entries_for_user(log_model, self.request.user)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            rows = self.filter_queryset(rows).order_by()
            queryset = rows if queryset is None else queryset.union(rows, all=True)
        return queryset.order_by("-timestamp")


class UnitActivityView(UnitLogEntriesMixin, LogEntriesView):
    """Nhật ký hoạt động: the activity of the user's units, filterable and exportable as CSV or XLSX."""

    page_title = _("Nhật ký hoạt động đơn vị")
    header_icon = "history"
    filterset_class = UnitActivityFilterSet
    index_url_name = "reports_activity:index"
    results_template_name = "reports/activity/results.html"
    index_results_url_name = "reports_activity:results"
    any_permission_required = None
    export_headings = {
        "unit_name": _("Đơn vị"),
        "timestamp": _("Thời gian"),
        "user_display_name": _("Người thực hiện"),
        "action": _("Thao tác"),
        "label": _("Nội dung"),
        "content_type": _("Loại"),
        "object_id": _("Mã"),
    }
    list_export = ["unit_name", "timestamp", "user_display_name", "action", "label", "content_type", "object_id"]

    def user_has_permission(self, permission):
        return self.request.user.is_active and units_for_user(self.request.user).exists()

    def dispatch(self, request, *args, **kwargs):
        # No permission is named for this view, so Wagtail's own check never runs: refuse users of no unit here.
        if not self.user_has_permission("view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return "nhat-ky-hoat-dong"

    def get_log_models(self) -> list:
        return [PageLogEntry, ModelLogEntry]

    def decorate_paginated_queryset(self, queryset):
        entries = super().decorate_paginated_queryset(queryset)
        names = dict(Unit.objects.values_list("pk", "name"))
        for entry in entries:
            unit_id = (entry.data or {}).get("unit")
            if unit_id is None and getattr(entry, "page_id", None):
                # Written before the unit tag existed, or tagged before the page was placed: by its tree.
                page = Page.objects.filter(pk=entry.page_id).first()
                unit = Unit.for_page(page) if page is not None else None
                unit_id = unit.pk if unit else None
            entry.unit_name = names.get(unit_id, "")
        return entries

    def get_action_label(self, action):
        return str(log_action_registry.get_action_label(action))
