"""Admin views of the units: the listing and a unit's summary (superusers and the oversight office, read-only for the
latter), the superuser-only one-step “Tạo cổng thành phần” form, and the unit administrator's form for their unit's
contact details (“Thông tin liên hệ của đơn vị”)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from .access import administered_units, sees_all_units
from .blueprint import BLUEPRINT
from .forms import UnitContactForm, UnitProvisioningForm
from .models import Unit


def is_superuser(user) -> bool:
    return user.is_active and user.is_superuser


# Wagtail's own refusal: a redirect to the dashboard with “Bạn không có quyền truy cập vào khu vực này.”
superuser_required = method_decorator(user_passes_test(is_superuser), name="dispatch")
# The oversight office reads the units too; these views answer GET only (a POST gets 405), and offer no writing
# action to anyone but a superuser.
every_unit_reader_required = method_decorator(user_passes_test(sees_all_units), name="dispatch")

UNITS_BREADCRUMB = {"url": reverse_lazy("sites_units:index"), "label": gettext_lazy("Cổng thành phần")}


@every_unit_reader_required
class UnitIndexView(WagtailAdminTemplateMixin, TemplateView):
    """Every unit portal with its kind, parent, hostname and number of sections."""

    template_name = "sites/admin/unit_index.html"
    page_title = gettext_lazy("Cổng thành phần")
    header_icon = "site"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_header_buttons(self):
        if not is_superuser(self.request.user):
            return []
        return [HeaderButton(_("Tạo cổng thành phần"), url=reverse("sites_units:create"), icon_name="plus")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = is_superuser(self.request.user)
        context["units"] = (
            Unit.objects.select_related("site", "parent", "home_page")
            .annotate(section_count=Count("sections"))
            .order_by("parent__name", "kind", "name")
        )
        return context


@superuser_required
class UnitCreateView(WagtailAdminTemplateMixin, FormView):
    """One form, one call to `provision_unit`: the site, home page, sections, groups and workflow of a new unit."""

    template_name = "sites/admin/unit_create.html"
    form_class = UnitProvisioningForm
    page_title = gettext_lazy("Tạo cổng thành phần")
    header_icon = "plus"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, UNITS_BREADCRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse("sites_units:create")
        context["submit_button_label"] = _("Tạo cổng")
        context["submit_button_active_label"] = _("Đang tạo cổng…")
        return context

    def form_valid(self, form):
        result = form.provision(invited_by=self.request.user)
        if result is None:
            return self.form_invalid(form)
        unit = result.unit
        messages.success(
            self.request,
            _("Đã tạo cổng %(name)s tại %(url)s.") % {"name": unit.name, "url": unit.root_url + "/"},
        )
        if form.cleaned_data.get("first_admin_email"):
            messages.success(
                self.request,
                _("Đã gửi lời mời làm Quản trị đơn vị tới %(email)s.")
                % {"email": form.cleaned_data["first_admin_email"]},
            )
        return redirect("sites_units:detail", pk=unit.pk)

    def form_invalid(self, form):
        messages.validation_error(
            self.request, _("Chưa tạo được cổng thành phần. Vui lòng sửa các lỗi bên dưới."), form
        )
        return super().form_invalid(form)


@every_unit_reader_required
class UnitDetailView(WagtailAdminTemplateMixin, TemplateView):
    """What provisioning built for a unit: its address, its sections and the way into its page tree."""

    template_name = "sites/admin/unit_detail.html"
    header_icon = "site"

    @cached_property
    def unit(self) -> Unit:
        return get_object_or_404(
            Unit.objects.select_related("site", "parent", "home_page", "workflow"), pk=self.kwargs["pk"]
        )

    def get_page_title(self):
        return self.unit.name

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, UNITS_BREADCRUMB, {"url": "", "label": self.unit.name}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        titles = {section.key: section.title_vi for section in BLUEPRINT.sections}
        order = {key: index for index, key in enumerate(BLUEPRINT.keys)}
        sections = sorted(
            self.unit.sections.select_related("page"), key=lambda row: (order.get(row.key, len(order)), row.key)
        )
        public_url = self.unit.root_url + "/"
        home_path = self.unit.home_page.url_path
        context.update(
            unit=self.unit,
            public_url=public_url,
            explorer_url=reverse("wagtailadmin_explore", args=[self.unit.home_page_id]),
            sections=[
                {
                    "key": row.key,
                    "blueprint_title": titles.get(row.key, row.key),
                    "page": row.page,
                    "url": public_url + row.page.url_path[len(home_path) :],
                }
                for row in sections
            ],
            groups=self.unit.role_groups.select_related("group").order_by("role"),
            can_edit=is_superuser(self.request.user),
        )
        return context


# --- The unit administrator's contact details -------------------------------------------------------------------


class UnitContactUnitsView(WagtailAdminTemplateMixin, TemplateView):
    """The units whose contact details the user keeps; with one unit, straight to its form."""

    template_name = "sites/admin/unit_contact_units.html"
    page_title = gettext_lazy("Thông tin liên hệ của đơn vị")
    header_icon = "site"

    def get(self, request, *args, **kwargs):
        self.units = list(administered_units(request.user).order_by("name"))
        if not self.units:
            raise PermissionDenied
        if len(self.units) == 1:
            return redirect("unit_contact:edit", self.units[0].pk)
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "units": self.units}


class UnitContactView(WagtailAdminTemplateMixin, FormView):
    """Address, phone, fax, e-mail and responsible person of a unit the user administers (403 for any other);
    each change is written to Wagtail's log, tagged with the unit."""

    template_name = "sites/admin/unit_contact.html"
    form_class = UnitContactForm
    header_icon = "site"

    @cached_property
    def unit(self) -> Unit:
        unit = get_object_or_404(Unit.objects.select_related("site"), pk=self.kwargs["unit_id"])
        if not administered_units(self.request.user).filter(pk=unit.pk).exists():
            raise PermissionDenied
        return unit

    def dispatch(self, request, *args, **kwargs):
        self.unit  # noqa: B018 - refuse another unit before reading any form
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Thông tin liên hệ của %(unit)s") % {"unit": self.unit.name}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("unit_contact:index"), "label": _("Thông tin liên hệ của đơn vị")},
            {"url": "", "label": self.unit.name},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.unit}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            unit=self.unit,
            public_url=self.unit.root_url + "/",
            settings_url=reverse("wagtailsettings:edit", args=["sites", "portalsettings", self.unit.site_id]),
            action_url=reverse("unit_contact:edit", args=[self.unit.pk]),
            submit_button_label=_("Lưu"),
        )
        return context

    def form_valid(self, form):
        if form.has_changed():
            unit = form.save()
            log(instance=unit, action="wagtail.edit", user=self.request.user, data={"fields": form.changed_data})
            messages.success(
                self.request,
                _("Đã lưu thông tin liên hệ của %(unit)s; cổng hiển thị ngay.") % {"unit": self.unit.name},
            )
        else:
            messages.info(self.request, _("Không có thay đổi nào."))
        return redirect("unit_contact:edit", self.unit.pk)

    def form_invalid(self, form):
        messages.validation_error(
            self.request, _("Chưa lưu được thông tin liên hệ. Vui lòng sửa các lỗi bên dưới."), form
        )
        return super().form_invalid(form)
