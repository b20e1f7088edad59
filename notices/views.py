"""The admin of planned suspensions (superusers) and alerts (the city's board): list, add, change, delete.
Everyone else gets 403 before any form is read. Times are entered and shown in Việt Nam's time, whatever time zone
the user chose in the admin."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from workdays.calendar import local_zone

from .forms import AlertForm, MaintenanceWindowForm
from .models import Alert, MaintenanceWindow
from .permissions import issues_alerts, schedules_maintenance, visible_alerts
from .schedule import notice_starts_at

PER_PAGE = 30  # windows and alerts accumulate over the years: newest first, a page at a time


class Kind:
    """What differs between the two admins."""

    def __init__(self, model, form_class, namespace, allowed, title, add_label, icon):
        self.model, self.form_class, self.namespace = model, form_class, namespace
        self.allowed, self.title, self.add_label, self.icon = allowed, title, add_label, icon

    def url(self, name: str, *args) -> str:
        return reverse(f"{self.namespace}:{name}", args=args)

    def rows(self, user):
        """What this user may list, change and delete (alerts: within their own tree)."""
        rows = self.model.objects.all()
        return visible_alerts(user, rows) if self.model is Alert else rows


MAINTENANCE = Kind(
    MaintenanceWindow,
    MaintenanceWindowForm,
    "notices_maintenance",
    schedules_maintenance,
    lambda: _("Lịch tạm ngừng cổng"),
    lambda: _("Lên lịch tạm ngừng"),
    "time",
)
ALERTS = Kind(
    Alert,
    AlertForm,
    "notices_alerts",
    issues_alerts,
    lambda: _("Cảnh báo trên các cổng"),
    lambda: _("Phát cảnh báo"),
    "warning",
)


class NoticesAdminMixin(WagtailAdminTemplateMixin):
    kind: Kind

    def dispatch(self, request, *args, **kwargs):
        if not self.kind.allowed(request.user):
            raise PermissionDenied
        with timezone.override(local_zone()):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return response

    @property
    def header_icon(self):
        return self.kind.icon

    def index_crumb(self):
        return {"url": self.kind.url("index"), "label": self.kind.title()}


class NoticesIndexView(NoticesAdminMixin, TemplateView):
    template_name = "notices/admin/index.html"

    def get_page_title(self):
        return self.kind.title()

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_header_buttons(self):
        return [HeaderButton(self.kind.add_label(), url=self.kind.url("add"), icon_name="plus")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ordering = ("-starts_at", "-pk") if self.kind is MAINTENANCE else ("-valid_from", "-pk")
        rows = self.kind.rows(self.request.user).prefetch_related("units").order_by(*ordering)
        page = WagtailPaginator(rows, PER_PAGE).get_page(self.request.GET.get("p"))
        rows = list(page.object_list)
        context.update(page_obj=page, elided_page_range=page.paginator.get_elided_page_range(page.number))
        if self.kind is MAINTENANCE:
            for row in rows:
                row.notice_from = notice_starts_at(row.starts_at)
        context.update(rows=rows, is_maintenance=self.kind is MAINTENANCE, now=timezone.now(), kind=self.kind)
        return context


class NoticesFormView(NoticesAdminMixin, FormView):
    template_name = "notices/admin/form.html"

    @cached_property
    def object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.kind.rows(self.request.user), pk=self.kwargs["pk"])

    def get_form_class(self):
        return self.kind.form_class

    def get_page_title(self):
        return self.kind.add_label() if self.object is None else _("Sửa: %(name)s") % {"name": self.object}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, self.index_crumb(), {"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "instance": self.object}
        if self.kind is ALERTS:
            kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if self.object is None and self.kind is ALERTS:
            initial["valid_from"] = timezone.localtime(timezone.now(), local_zone()).replace(second=0, microsecond=0)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object is None:
            context["action_url"] = self.kind.url("add")
        else:
            context["action_url"] = self.kind.url("edit", self.object.pk)
            context["delete_url"] = self.kind.url("delete", self.object.pk)
        context.update(submit_button_label=_("Lưu"), is_maintenance=self.kind is MAINTENANCE)
        return context

    def form_valid(self, form):
        row = form.save(commit=False)
        if row.pk is None:
            if self.kind is MAINTENANCE:
                row.created_by = self.request.user
            else:
                row.issued_by = self.request.user
        row.save()
        form.save_m2m()
        messages.success(self.request, _("Đã lưu “%(name)s”.") % {"name": row})
        return redirect(self.kind.url("index"))


class NoticesDeleteView(NoticesAdminMixin, TemplateView):
    template_name = "notices/admin/confirm_delete.html"
    http_method_names = ["get", "post"]

    @cached_property
    def object(self):
        return get_object_or_404(self.kind.rows(self.request.user), pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Xóa: %(name)s") % {"name": self.object}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, self.index_crumb(), {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(row=self.object, cancel_url=self.kind.url("index"))
        return context

    def post(self, request, *args, **kwargs):
        row = self.object
        name = str(row)
        row.delete()
        messages.success(request, _("Đã xóa “%(name)s”.") % {"name": name})
        return redirect(self.kind.url("index"))


def views_for(kind: Kind):
    """The index, form and delete views of one kind (`model` named on each, as on Wagtail's generic views)."""
    return tuple(
        type(f"{view.__name__}For{kind.namespace}", (view,), {"kind": kind, "model": kind.model})
        for view in (NoticesIndexView, NoticesFormView, NoticesDeleteView)
    )
