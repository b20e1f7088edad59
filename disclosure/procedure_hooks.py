"""Admin registration of the procedure catalogue: the unit-scoped snippets (procedures, adoptions), the reference
fields, and the adoption and CSV import screens, gathered under “Dịch vụ công” in the menu."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from sites.viewsets import UnitScopedSnippetViewSet

from . import procedure_admin
from .procedures import AdoptedProcedure, Procedure, ProcedureField


class ProcedureViewSet(UnitScopedSnippetViewSet):
    model = Procedure
    icon = "list-ul"
    menu_label = _("Thủ tục hành chính")
    list_display = ["code", "name", "field", "level", "unit"]
    list_filter = ["field", "level"]
    search_fields = ["name", "code"]
    search_backend_name = None
    ordering = ["unit", "field__sort_order", "name"]


class AdoptionCreateView(CreateView):
    """Adoptions are made on the “Chọn thủ tục áp dụng” screen (a checkbox list), not one by one."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("disclosure_procedures:adopt")


class AdoptedProcedureViewSet(UnitScopedSnippetViewSet):
    model = AdoptedProcedure
    icon = "tick"
    menu_label = _("Thủ tục đơn vị áp dụng")
    add_view_class = AdoptionCreateView
    list_display = ["procedure", "unit", "local_receiving_place", "adopted_at"]


class ProcedureFieldViewSet(SnippetViewSet):
    model = ProcedureField
    icon = "folder-open-1"
    menu_label = _("Lĩnh vực thủ tục")
    list_display = ["name", "name_en", "slug", "sort_order"]


class ManagerMenuItem(MenuItem):
    """Shown to the units' boards and administrators (and superusers) only."""

    def is_shown(self, request):
        return procedure_admin.managed_units(request.user).exists()


class ProcedureGroup(SnippetViewSetGroup):
    menu_label = _("Dịch vụ công")
    menu_icon = "list-ul"
    menu_name = "dich-vu-cong"
    menu_order = 260
    items = (ProcedureViewSet, AdoptedProcedureViewSet, ProcedureFieldViewSet)

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            ManagerMenuItem(
                _("Chọn thủ tục áp dụng"), reverse_lazy("disclosure_procedures:adopt"), icon_name="tick", order=900
            ),
            ManagerMenuItem(
                _("Nhập từ tệp CSV"), reverse_lazy("disclosure_procedures:import"), icon_name="upload", order=910
            ),
        ]


register_snippet(ProcedureGroup)


procedure_urls = (
    [
        path("ap-dung/", procedure_admin.AdoptView.as_view(), name="adopt"),
        path("nhap/", procedure_admin.ImportView.as_view(), name="import"),
        path("nhap/mau.csv", procedure_admin.SampleView.as_view(), name="sample"),
    ],
    "disclosure_procedures",
)


@hooks.register("register_admin_urls")
def register_procedure_urls():
    return [path("thu-tuc/", include(procedure_urls, namespace="disclosure_procedures"))]
