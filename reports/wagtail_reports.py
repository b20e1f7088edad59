"""Wagtail's own reports (locked pages, workflows, site history, aging pages, page types) limited to the units of the
user; their URLs come before Wagtail's admin URLs (portal/urls.py)."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports.aging_pages import AgingPagesReportFilterSet, AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.models import Task, Workflow, get_default_page_content_type
from wagtail.users.utils import get_deleted_user_display_name

from sites.access import restrict_pages, sees_all_units, unit_home_paths, units_for_user
from sites.admin_scoping import page_ids_as_text
from sites.models import Unit

from .activity import UnitLogEntriesMixin, unit_choices


def narrow_filters(filterset, user) -> None:
    """Offer in a listing's filters only the workflows, tasks and people of the user's units."""
    if sees_all_units(user):
        return
    units = units_for_user(user)
    workflows = Workflow.objects.filter(pk__in=units.values("workflow"))
    narrowed = {
        Workflow: workflows,
        Task: Task.objects.filter(workflow_tasks__workflow__in=workflows).distinct(),
        get_user_model(): get_user_model().objects.filter(groups__unit_role__unit__in=units).distinct(),
    }
    form = filterset.form
    for name, item in filterset.filters.items():
        queryset = item.extra.get("queryset")
        model = getattr(queryset, "model", None)
        if model is None and callable(queryset) and name in {"requested_by", "user", "owner", "locked_by"}:
            model = get_user_model()
        for cls, allowed in narrowed.items():
            if model is not None and issubclass(model, cls):
                item.extra["queryset"] = allowed
                if name in form.fields:
                    form.fields[name].queryset = allowed


class ScopedFiltersMixin:
    @cached_property
    def filters(self):
        filters = super().filters
        if filters is not None:
            narrow_filters(filters, self.request.user)
        return filters


class ScopedLockedPagesView(LockedPagesView):
    def get_queryset(self):
        return restrict_pages(super().get_queryset(), self.request.user, with_ancestors=False)


class UnitAgingPagesFilterSet(AgingPagesReportFilterSet):
    # Only the user's units are offered; another unit's id in the address is not a valid choice and is ignored.
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=unit_choices, method="filter_unit", empty_label=_("Tất cả đơn vị của tôi")
    )

    class Meta(AgingPagesReportFilterSet.Meta):
        fields = ["unit", *AgingPagesReportFilterSet.Meta.fields]

    def filter_unit(self, queryset, name, value):
        if not value:
            return queryset
        condition = Q(pk__in=[])
        for home in unit_home_paths(Unit.objects.filter(pk=value.pk)):
            condition |= Q(path__startswith=home)
        return queryset.filter(condition)


class ScopedAgingPagesView(AgingPagesView):
    """Aging pages of the user's units, with each page's unit (a column and a filter) and its last publisher's name."""

    filterset_class = UnitAgingPagesFilterSet
    results_template_name = "reports/aging_pages_results.html"

    def get_queryset(self):
        return restrict_pages(super().get_queryset(), self.request.user, with_ancestors=False)

    def decorate_paginated_queryset(self, queryset):
        pages = list(queryset)
        publishers = {
            user.pk: user
            for user in self.user_model.objects.filter(pk__in={page.last_published_by for page in pages} - {None})
        }
        units = Unit.objects.for_pages(pages)
        for page in pages:
            publisher = publishers.get(page.last_published_by)
            if publisher is not None:
                page.last_published_by_user = publisher.get_full_name().strip() or publisher.get_username()
            elif page.last_published_by is not None:
                page.last_published_by_user = get_deleted_user_display_name(user_id=page.last_published_by)
            else:
                page.last_published_by_user = ""
            page.publisher = publisher
            page.unit = units.get(page.pk)
        return pages


def on_users_pages(queryset, user, state: str = ""):
    """Workflow states (or the rows whose workflow state is `state`) of the pages of the user's units."""
    if sees_all_units(user):
        return queryset
    return queryset.filter(
        **{
            f"{state}base_content_type_id": get_default_page_content_type().id,
            f"{state}object_id__in": page_ids_as_text(user),
        }
    )


class ScopedWorkflowView(ScopedFiltersMixin, WorkflowView):
    def get_queryset(self):
        return on_users_pages(super().get_queryset(), self.request.user)


class ScopedWorkflowTasksView(ScopedFiltersMixin, WorkflowTasksView):
    def get_queryset(self):
        return on_users_pages(super().get_queryset(), self.request.user, state="workflow_state__")


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """Counts pages of every unit at once, so only those who see every unit may open it."""

    def dispatch(self, request, *args, **kwargs):
        if not sees_all_units(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedLogEntriesView(ScopedFiltersMixin, UnitLogEntriesMixin, LogEntriesView):
    """Site history: the log entries of the user's units only (pages, unit-owned rows, their media)."""


# Each report's page and its results-only fragment (what the filters reload), in place of Wagtail's own.
SCOPED_REPORTS = {
    "locked": ScopedLockedPagesView,
    "workflow": ScopedWorkflowView,
    "workflow_tasks": ScopedWorkflowTasksView,
    "site-history": ScopedLogEntriesView,
    "aging-pages": ScopedAgingPagesView,
    "page-types-usage": ScopedPageTypesUsageReportView,
}

urlpatterns = [
    path(f"reports/{name}/{suffix}", view.as_view(results_only=bool(suffix)))
    for name, view in SCOPED_REPORTS.items()
    for suffix in ("", "results/")
]
