"""Forms for unit-owned models (kept apart from `viewsets` so models can name it without an import cycle)."""

from wagtail.admin.forms import WagtailAdminModelForm


class UnitOwnedForm(WagtailAdminModelForm):
    """Offers only the units the user writes in; with one such unit it is preselected."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("unit")
        if field is None or self.for_user is None:
            return
        from .tenancy import editable_units_for_user

        units = editable_units_for_user(self.for_user)
        field.queryset = units
        if not self.instance.pk and len(field.queryset) == 1:
            field.initial = field.queryset[0].pk
