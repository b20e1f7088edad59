"""Admin screens of the procedure catalogue: adopting procedures of the city's shared catalogue (a checkbox list by
field, with search) and importing a catalogue from the National Public Service Portal's CSV export (upload →
preview of every row → confirm, all or nothing).

Both act on a unit the user manages (its board or administrator; superusers every unit). The oversight office reads
catalogues through the snippet listing and manages none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.params import int_param, text_param
from participation.storage import get_private_storage
from sites.models import Unit, UnitRole
from sites.signals import unit_content_changed

from .procedure_import import ImportFileError, import_rows, preview, sample_csv
from .procedures import AdoptedProcedure, ProcedureField, adoptable_procedures

MANAGING_ROLES = (UnitRole.BOARD, UnitRole.ADMIN)
SESSION_KEY = "procedure_import"
# An uploaded catalogue waits for its confirmation in the private storage (not in the session), for this long.
IMPORT_DIR = "nhap-thu-tuc"
IMPORT_TTL = dt.timedelta(hours=1)


def _stored_name(unit: Unit) -> str:
    return f"{IMPORT_DIR}/{unit.pk}/{secrets.token_urlsafe(24)}.csv"


def _delete_stored(stored: dict | None) -> None:
    name = (stored or {}).get("name")
    if name and name.startswith(IMPORT_DIR + "/"):
        get_private_storage().delete(name)


def _delete_stale_uploads(unit: Unit) -> None:
    """Removes the unit's uploads older than `IMPORT_TTL` (previews never confirmed, sessions that ended)."""
    storage = get_private_storage()
    folder = f"{IMPORT_DIR}/{unit.pk}"
    try:
        _dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    limit = timezone.now() - IMPORT_TTL
    for name in files:
        path = f"{folder}/{name}"
        try:
            if storage.get_modified_time(path) < limit:
                storage.delete(path)
        except FileNotFoundError:
            continue


def managed_units(user) -> QuerySet[Unit]:
    """The units whose catalogue and adoptions `user` manages: superusers every unit, a unit's board and
    administrator their unit; writers and the oversight office none."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(role_groups__role__in=MANAGING_ROLES, role_groups__group__user=user).distinct()


class ManagedUnitMixin:
    """The unit of the address (`?don-vi=<id>`, or the only unit the user manages); 404 for any other unit, 403
    for a user who manages none."""

    def dispatch(self, request, *args, **kwargs):
        units = managed_units(request.user)
        first_two = list(units.order_by(F("parent_id").asc(nulls_first=True), "name")[:2])
        if not first_two:
            raise PermissionDenied
        unit_id = int_param(request.GET.get("don-vi") or request.POST.get("don-vi"))
        self.other_units = len(first_two) > 1
        self.unit = first_two[0] if unit_id is None else units.filter(pk=unit_id).first()
        if self.unit is None:
            raise Http404
        self.units = units
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unit"] = self.unit
        context["managed_units"] = (
            self.units.order_by(F("parent_id").asc(nulls_first=True), "name") if self.other_units else []
        )
        return context


class AdoptView(ManagedUnitMixin, WagtailAdminTemplateMixin, TemplateView):
    """The unit ticks the procedures of its ancestors' catalogues it handles; `?q=` narrows the list (folded)."""

    template_name = "disclosure/admin/adopt.html"
    page_title = gettext_lazy("Chọn thủ tục áp dụng")
    header_icon = "list-ul"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def candidates(self):
        procedures = adoptable_procedures(self.unit)
        self.query = text_param(self.request.GET.get("q"), 100)
        if self.query:
            procedures = procedures.matching(self.query)
        return procedures.select_related("field", "unit").order_by("field__sort_order", "field__name", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        procedures = list(self.candidates())
        adopted = set(AdoptedProcedure.objects.filter(unit=self.unit).values_list("procedure_id", flat=True))
        groups: list[tuple[ProcedureField, list]] = []
        for procedure in procedures:
            procedure.adopted = procedure.pk in adopted
            if not groups or groups[-1][0].pk != procedure.field_id:
                groups.append((procedure.field, []))
            groups[-1][1].append(procedure)
        context.update(groups=groups, query=self.query, adopted_count=len(adopted), shown=procedures)
        return context

    def post(self, request, *args, **kwargs):
        allowed = set(adoptable_procedures(self.unit).values_list("pk", flat=True))
        shown = {int_param(value) for value in request.POST.getlist("shown")}
        chosen = {int_param(value) for value in request.POST.getlist("procedure")}
        shown.discard(None)
        chosen.discard(None)
        if not chosen <= shown or not shown <= allowed:
            # An id of a sibling's, another city's or a made-up procedure: nothing is changed.
            return HttpResponseBadRequest(_("Thủ tục đã chọn không thuộc danh mục của đơn vị cấp trên."))
        with transaction.atomic():
            current = set(
                AdoptedProcedure.objects.filter(unit=self.unit, procedure__in=shown).values_list(
                    "procedure_id", flat=True
                )
            )
            removed = (shown - chosen) & current
            added = chosen - current
            AdoptedProcedure.objects.filter(unit=self.unit, procedure__in=removed).delete()
            AdoptedProcedure.objects.bulk_create([AdoptedProcedure(unit=self.unit, procedure_id=pk) for pk in added])
            if added:  # bulk_create sends no post_save: the unit's catalogue page is purged from the page cache
                unit_content_changed.send(sender=AdoptedProcedure, unit=self.unit)
        messages.success(
            request,
            _("Đã cập nhật danh mục của %(unit)s: thêm %(added)d, bỏ %(removed)d thủ tục.")
            % {"unit": self.unit.name, "added": len(added), "removed": len(removed)},
        )
        url = reverse("disclosure_procedures:adopt") + f"?don-vi={self.unit.pk}"
        return redirect(url)


class UploadForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,  # said by the import itself (“Tệp trống.”)
        label=gettext_lazy("Tệp CSV"),
        help_text=gettext_lazy("Tệp “CSV UTF-8” xuất từ Cổng Dịch vụ công quốc gia, tối đa 2 MB."),
    )


class ImportView(ManagedUnitMixin, WagtailAdminTemplateMixin, TemplateView):
    """Upload → preview (every row, every refused row with its line and reasons) → confirm."""

    template_name = "disclosure/admin/import.html"
    page_title = gettext_lazy("Nhập danh mục thủ tục từ tệp CSV")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UploadForm())
        return context

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        data = upload.read(2 * 1024 * 1024 + 1)
        # A new upload supersedes the one waiting for confirmation (whatever its unit).
        _delete_stored(request.session.pop(SESSION_KEY, None))
        _delete_stale_uploads(self.unit)
        try:
            result = preview(data, self.unit)
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        token = ""
        if result.valid:
            # The bytes wait in the private storage under a random name; the session holds the token, the name,
            # the file's hash and the unit.
            token = secrets.token_urlsafe(16)
            name = get_private_storage().save(_stored_name(self.unit), ContentFile(data))
            request.session[SESSION_KEY] = {
                "token": token,
                "unit": self.unit.pk,
                "name": name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "stored_at": timezone.now().isoformat(),
            }
        return self.render_to_response(self.get_context_data(form=form, result=result, token=token))

    def _stored_data(self, stored: dict) -> bytes | None:
        """The uploaded bytes waiting for confirmation, or None when they expired, are missing or changed."""
        try:
            stored_at = dt.datetime.fromisoformat(stored["stored_at"])
        except (KeyError, TypeError, ValueError):
            return None
        if timezone.now() - stored_at > IMPORT_TTL:
            return None
        name = stored.get("name") or ""
        if not name.startswith(f"{IMPORT_DIR}/{self.unit.pk}/"):
            return None
        try:
            with get_private_storage().open(name, "rb") as file:
                data = file.read()
        except FileNotFoundError:
            return None
        return data if hashlib.sha256(data).hexdigest() == stored.get("sha256") else None

    def confirm(self, request):
        stored = request.session.get(SESSION_KEY) or {}
        again = reverse("disclosure_procedures:import") + f"?don-vi={self.unit.pk}"
        if stored.get("token") != request.POST.get("token") or stored.get("unit") != self.unit.pk:
            messages.error(request, _("Phiên nhập đã hết hạn. Hãy tải tệp lên lại."))
            return redirect(again)
        data = self._stored_data(stored)
        if data is None:
            _delete_stored(request.session.pop(SESSION_KEY, None))
            messages.error(
                request,
                _(
                    "Tệp đã tải lên không còn trên máy chủ (quá 1 giờ hoặc đã bị xóa). "
                    "Chưa nhập thủ tục nào: hãy tải tệp lên lại."
                ),
            )
            return redirect(again)
        # Used once, whatever the outcome: the file and the token go.
        _delete_stored(request.session.pop(SESSION_KEY, None))
        try:
            result = import_rows(data, self.unit)
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect(again)
        if not result.valid:  # the catalogue changed meanwhile (a field removed …): show why, nothing written
            return self.render_to_response(self.get_context_data(result=result, token=""))
        messages.success(
            request,
            _("Đã nhập %(created)d thủ tục mới và cập nhật %(updated)d thủ tục của %(unit)s.")
            % {"created": result.created_count, "updated": result.updated_count, "unit": self.unit.name},
        )
        return redirect(reverse("wagtailsnippets_disclosure_procedure:list"))


class SampleView(View):
    """The sample CSV in the national portal's layout, for the units' managers."""

    def dispatch(self, request, *args, **kwargs):
        if not managed_units(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        response = HttpResponse(sample_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="mau-danh-muc-thu-tuc.csv"'
        return response
