"""The issuing-body chooser of the document editor: searchable (with or without diacritics) and the editor's own
unit's body first, then its parent units', then the bodies outside the portal (national ones in the state's order).
Another unit's body is not offered, and the document form refuses it (`documents.page_forms`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm, LocaleFilterMixin
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet

from search.text import fold
from sites.access import units_for_user

from .models import IssuingBody


class IssuingBodyFilterForm(LocaleFilterMixin, BaseFilterForm):
    q = forms.CharField(
        label=_("Tìm cơ quan ban hành"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Tên cơ quan, gõ có dấu hoặc không dấu")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = " ".join((self.cleaned_data.get("q") or "").split())
        if query:
            words = fold(query).split()
            # A few hundred names at most: folded here the same way as the registry's own search.
            matching = [pk for pk, name in objects.values_list("pk", "name") if all(w in fold(name) for w in words)]
            objects = objects.filter(pk__in=matching)
            self.is_searching = True
            self.search_query = query
        return objects


class IssuingBodyChooserMixin:
    filter_form_class = IssuingBodyFilterForm
    ordering = None

    def get_object_list(self):
        return IssuingBody.objects.offered_to(units_for_user(self.request.user))

    def apply_object_list_ordering(self, objects):
        return objects  # already in the order of nearness


class IssuingBodyChooseView(IssuingBodyChooserMixin, ChooseView):
    pass


class IssuingBodyChooseResultsView(IssuingBodyChooserMixin, ChooseResultsView):
    pass


class IssuingBodyChooserViewSet(SnippetChooserViewSet):
    choose_view_class = IssuingBodyChooseView
    choose_results_view_class = IssuingBodyChooseResultsView
