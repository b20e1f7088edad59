"""Guidance in the admin: the office writes it (a ModelViewSet nobody else reaches), unit members read it (a list,
a reading page that marks it read, a "mark as read" POST) and see what they have not read on their dashboard."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from sites.access import OVERSIGHT_PERMISSION

from .guidance import (
    Guidance,
    GuidanceRead,
    is_member_of_a_unit,
    mark_read,
    published_guidance,
    reads_guidance,
    unread_guidance,
    writes_guidance,
)


class OfficeOnlyPolicy(BasePermissionPolicy):
    """Every action on guidance belongs to the oversight office and superusers; everyone else holds none."""

    def user_has_permission(self, user, action):
        return writes_guidance(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        holders = User.objects.with_perm(OVERSIGHT_PERMISSION, backend="django.contrib.auth.backends.ModelBackend")
        return holders.filter(is_active=True)


register_permission_policy(Guidance, OfficeOnlyPolicy(Guidance))


class GuidanceViewSet(ModelViewSet):
    model = Guidance
    icon = "help"
    url_prefix = "quan-ly-huong-dan"
    url_namespace = "reports_guidance_admin"
    add_to_admin_menu = False
    menu_label = _("Soạn hướng dẫn nghiệp vụ")
    list_display = ["title", "published_at"]
    search_fields = None

    def get_form_class(self, for_update=False):
        return self.get_edit_handler().get_form_class()


guidance_viewset = GuidanceViewSet("reports_guidance_admin")


@hooks.register("register_admin_viewset")
def register_guidance_viewset():
    return guidance_viewset


# ---------------------------------------------------------------------------------------------------------------
# Reading


class ReaderMixin:
    def dispatch(self, request, *args, **kwargs):
        if not reads_guidance(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


LIST_BREADCRUMB = {"url": "reports_guidance:index", "label": _("Hướng dẫn nghiệp vụ")}


class GuidanceListView(ReaderMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/guidance/index.html"
    page_title = _("Hướng dẫn nghiệp vụ")
    header_icon = "help"
    http_method_names = ["get", "head", "options"]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": LIST_BREADCRUMB["label"]}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = list(published_guidance().select_related("document")[:200])
        read = set(
            GuidanceRead.objects.filter(user=self.request.user, guidance__in=items).values_list(
                "guidance_id", flat=True
            )
        )
        context["items"] = [(item, item.pk in read) for item in items]
        context["writes"] = writes_guidance(self.request.user)
        return context


class GuidanceDetailView(ReaderMixin, WagtailAdminTemplateMixin, TemplateView):
    """Reading the guidance marks it read; the office may open its drafts here to see them as units will."""

    template_name = "reports/guidance/detail.html"
    header_icon = "help"
    http_method_names = ["get", "head", "options"]

    def get_object(self) -> Guidance:
        if not hasattr(self, "guidance"):
            queryset = Guidance.objects.all() if writes_guidance(self.request.user) else published_guidance()
            self.guidance = get_object_or_404(queryset.select_related("document"), pk=self.kwargs["pk"])
        return self.guidance

    def get_page_title(self):
        return self.get_object().title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(LIST_BREADCRUMB["url"]), "label": LIST_BREADCRUMB["label"]},
            {"url": "", "label": self.get_object().title},
        ]

    def get(self, request, *args, **kwargs):
        mark_read(self.get_object(), request.user)  # a draft the office previews is not marked
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["guidance"] = self.get_object()
        context["writes"] = writes_guidance(self.request.user)
        return context


class MarkReadView(ReaderMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        guidance = get_object_or_404(published_guidance(), pk=pk)
        mark_read(guidance, request.user)
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
            target = reverse("wagtailadmin_home")
        return redirect(target)


guidance_urls = (
    [
        path("", GuidanceListView.as_view(), name="index"),
        path("<int:pk>/", GuidanceDetailView.as_view(), name="detail"),
        path("<int:pk>/da-doc/", MarkReadView.as_view(), name="mark_read"),
    ],
    "reports_guidance",
)


@hooks.register("register_admin_urls")
def register_guidance_urls():
    return [path("huong-dan-nghiep-vu/", include(guidance_urls, namespace="reports_guidance"))]


class GuidanceReaderMenuItem(MenuItem):
    def is_shown(self, request):
        return reads_guidance(request.user)


class GuidanceWriterMenuItem(MenuItem):
    def is_shown(self, request):
        return writes_guidance(request.user)


@hooks.register("register_admin_menu_item")
def register_guidance_menu_item():
    return GuidanceReaderMenuItem(
        _("Hướng dẫn nghiệp vụ"), reverse("reports_guidance:index"), icon_name="help", name="guidance", order=850
    )


@hooks.register("register_settings_menu_item")
def register_guidance_writer_menu_item():
    return GuidanceWriterMenuItem(
        _("Soạn hướng dẫn nghiệp vụ"),
        reverse("reports_guidance_admin:index"),
        icon_name="edit",
        name="guidance-editor",
        order=850,
    )


class UnreadGuidancePanel(Component):
    template_name = "reports/panels/unread_guidance.html"
    order = 30

    def __init__(self, items):
        self.items = items

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["items"] = self.items
        context["request"] = parent_context.get("request")
        context["csrf_token"] = parent_context.get("csrf_token")
        return context


@hooks.register("construct_homepage_panels")
def add_unread_guidance_panel(request, panels):
    if not is_member_of_a_unit(request.user):  # the office writes guidance; unit members are shown it
        return
    items = unread_guidance(request.user)
    if items:
        panels.append(UnreadGuidancePanel(items))
