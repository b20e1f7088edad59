"""The document editor's form: the issuing body must be one the chooser offers the document's unit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sites.models import Unit
from sites.scoping import UnitPageForm


class LegalDocumentPageForm(UnitPageForm):
    def clean_issuing_body(self):
        body = self.cleaned_data.get("issuing_body")
        unit = Unit.for_page(self.instance if self.instance.pk else self.parent_page)
        if body is None or unit is None:
            return body
        # The model is reached through the field: `documents.models` imports this form.
        if not type(body).objects.offered_to([unit]).filter(pk=body.pk).exists():
            raise ValidationError(
                _(
                    "Cơ quan ban hành “%(name)s” thuộc đơn vị khác; hãy chọn cơ quan của đơn vị này, đơn vị cấp trên "
                    "hoặc cơ quan ngoài cổng."
                )
                % {"name": body.name}
            )
        return body
