"""Admin registration: the city-wide taxonomies (superusers edit, every editor chooses) and each unit's signers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from sites.viewsets import UnitScopedSnippetViewSet

from .choosers import IssuingBodyChooserViewSet
from .models import DocumentSector, DocumentType, IssuingBody, Signer


class DocumentTypeViewSet(SnippetViewSet):
    model = DocumentType
    icon = "doc-full"
    list_display = ["name", "abbreviation", "sort_order", "locale"]
    search_fields = ["name", "abbreviation"]
    ordering = ["sort_order", "name"]


class DocumentSectorViewSet(SnippetViewSet):
    model = DocumentSector
    icon = "tag"
    list_display = ["name", "sort_order", "locale"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class IssuingBodyViewSet(SnippetViewSet):
    model = IssuingBody
    icon = "group"
    chooser_viewset_class = IssuingBodyChooserViewSet
    list_display = ["name", "unit", "sort_order", "locale"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class SignerViewSet(UnitScopedSnippetViewSet):
    model = Signer
    icon = "user"
    list_display = ["name", "position", "unit"]
    search_fields = ["name", "position"]


class LegalDocumentSnippets(SnippetViewSetGroup):
    menu_label = _("Văn bản")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (DocumentTypeViewSet, DocumentSectorViewSet, IssuingBodyViewSet, SignerViewSet)


register_snippet(LegalDocumentSnippets)
