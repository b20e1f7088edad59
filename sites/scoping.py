"""Forms for unit-owned models and unit pages (kept apart from `viewsets` so models can name it without an import
cycle): every object a form chooses must belong to the form's unit.

`sites.models` imports this module to name its forms, so `sites.models` and `sites.access` (which imports
`sites.models`) are imported inside the functions that use them.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.models import Page, get_page_models

FOREIGN_REFERENCE_MESSAGE = _(
    "Đối tượng đã chọn không thuộc %(unit)s: chỉ được chọn ảnh, tệp, trang và dữ liệu của chính đơn vị."
)


def chosen_references(form) -> Iterator[tuple[object, str, type[Model], object]]:
    """(form, field name, model, pk) of every object a cleaned form chooses: foreign keys, many-to-many fields,
    StreamField blocks and rich text (images, documents, pages, snippets, at any depth), and the same in each of its
    inline forms that is not being deleted."""
    model = form._meta.model
    for name, value in form.cleaned_data.items():
        if name not in form.fields or value is None:
            continue
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            model_field = None
        if hasattr(model_field, "extract_references"):  # StreamField, RichTextField: Wagtail's own reference walk
            for referenced_model, pk, *_path in model_field.extract_references(value):
                yield form, name, referenced_model, pk
            continue
        items = value if isinstance(value, QuerySet | list | tuple | set) else [value]
        for item in items:
            if isinstance(item, Model):
                yield form, name, type(item), item.pk
    for formset in getattr(form, "formsets", {}).values():
        formset.is_valid()  # cleans the inline forms (cached: the view's own check reuses it)
        for child in formset.forms:
            if not hasattr(child, "cleaned_data") or (formset.can_delete and formset._should_delete_form(child)):
                continue
            yield from chosen_references(child)


def refuse_foreign_references(form, unit) -> None:
    """Adds an error on every field (of the form or of an inline form) that chooses another unit's object."""
    from .access import foreign_references

    chosen = list(chosen_references(form))
    foreign = foreign_references(unit, ((model, pk) for _form, _name, model, pk in chosen))
    refused = set()
    for field_form, name, model, pk in chosen:
        if (model, str(pk)) not in foreign:
            continue
        if (id(field_form), name) not in refused:
            refused.add((id(field_form), name))
            field_form.add_error(name, FOREIGN_REFERENCE_MESSAGE % {"unit": unit.name})
        forget_posted_value(field_form, name, str(pk))


def forget_posted_value(form, name: str, pk: str | None) -> None:
    """Drops a refused id (every posted value when `pk` is None) from what the form shows again, so its chooser
    does not print the other unit's object (title, thumbnail) back. Content fields (StreamField, rich text) keep
    what was typed: the error says where."""
    try:
        if hasattr(form._meta.model._meta.get_field(name), "extract_references"):
            return
    except FieldDoesNotExist:
        pass
    key = form.add_prefix(name)
    if not hasattr(form.data, "getlist"):
        form.data = {**form.data, key: [v for v in _as_list(form.data.get(key)) if pk is not None and str(v) != pk]}
        return
    data = form.data.copy()
    data.setlist(key, [v for v in form.data.getlist(key) if pk is not None and v != pk])
    form.data = data


def _as_list(value) -> list:
    return list(value) if isinstance(value, list | tuple) else ([] if value is None else [value])


class UnitReferencesMixin:
    """Validates server-side, on save and on preview, that every chosen object belongs to the form's unit: the
    choosers only hide other units' objects, a hand-made POST can still name them by id."""

    def reference_unit(self):
        """The unit whose objects this form may choose (None: no unit, nothing to check)."""
        return None

    def clean(self):
        cleaned_data = super().clean()
        unit = self.reference_unit()
        if unit is not None:
            refuse_foreign_references(self, unit)
        for name, field in self.fields.items():
            # A choice the field refused (another unit's row, among others): its widget would print that row back.
            if name in self.errors and isinstance(field, ModelChoiceField):
                forget_posted_value(self, name, None)
        return cleaned_data


class UnitPageForm(UnitReferencesMixin, WagtailAdminPageForm):
    """The base form of every page model (set in `SitesConfig.ready`): a page chooses only its unit's objects."""

    def reference_unit(self):
        from .models import Unit

        return Unit.for_page(self.instance if self.instance.path else self.parent_page)


class UnitOwnedForm(UnitReferencesMixin, WagtailAdminModelForm):
    """Offers only the units the user writes in; with one such unit it is preselected. The row chooses only its
    unit's objects."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("unit")
        if field is None or self.for_user is None:
            return
        from .access import editable_units_for_user

        units = editable_units_for_user(self.for_user)
        field.queryset = units
        if not self.instance.pk and len(field.queryset) == 1:
            field.initial = field.queryset[0].pk

    def reference_unit(self):
        # The chosen unit; when none valid was posted (another unit's id), the row's own unit or the user's only one,
        # so the other fields are still checked and print nothing of another unit back.
        if "unit" in self.fields and self.cleaned_data.get("unit") is not None:
            return self.cleaned_data["unit"]
        if self.instance.unit_id:
            return self.instance.unit
        if self.for_user is not None:
            from .access import editable_units_for_user

            units = list(editable_units_for_user(self.for_user)[:2])
            if len(units) == 1:
                return units[0]
        return None


class PortalSettingsForm(UnitReferencesMixin, WagtailAdminModelForm):
    """A unit's portal settings choose only its own images (the logo)."""

    def reference_unit(self):
        from .models import Unit

        return Unit.objects.filter(site_id=self.instance.site_id).first() if self.instance.site_id else None


def use_unit_page_form() -> None:
    """Every page model without a form of its own gets `UnitPageForm`, so each page checks what it chooses.

    Set per model: Wagtail sets `Page.base_form_class` itself, in an app that is ready after this one.
    """
    for model in get_page_models():
        if not any("base_form_class" in vars(cls) for cls in model.__mro__ if cls is not Page):
            model.base_form_class = UnitPageForm


def page_forms_check_unit_references(app_configs, **kwargs):
    """A page model's own form must extend `UnitPageForm`, or its pages could choose another unit's objects."""
    return [
        checks.Error(
            f"{model._meta.label}.base_form_class does not extend sites.scoping.UnitPageForm",
            hint="Derive the page form from UnitPageForm: it refuses images, documents, pages and snippets of "
            "another unit.",
            obj=model,
            id="sites.E001",
        )
        for model in get_page_models()
        if model.__module__.split(".")[0] != "wagtail"
        and not issubclass(getattr(model, "base_form_class", UnitPageForm), UnitPageForm)
    ]
