"""Unit-scoped replacements for the Wagtail admin views that no hook reaches.

`urlpatterns` here is included in `portal/urls.py` *before* Wagtail's admin, on the very same paths, so these views
answer instead of Wagtail's: the page chooser's “chosen-multiple” step, bulk actions, the reports (locked pages,
workflows, aging pages, page types, site history) and the snippet index with its per-model counts.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import redirect
from django.urls import path
from taggit.models import GenericTaggedItemBase, ItemBase, Tag, TagBase, TaggedItem
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.views.bulk_action import index as wagtail_bulk_action
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.pages.listing import GenericPageFilterSet, PageFilterSet
from wagtail.admin.views.tags import TAGS_AUTOCOMPLETE_LIMIT
from wagtail.admin.views.workflows import (
    TaskChooserCreateView,
    TaskChooserResultsView,
    TaskChooserView,
    task_chosen,
)
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.views import documents as document_views
from wagtail.documents.views.chooser import viewset as document_chooser
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.views import images as image_views
from wagtail.images.views.chooser import viewset as image_chooser
from wagtail.models import Page, Site
from wagtail.snippets.views.snippets import ModelIndexView
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import snippets_api as localize_snippets_api

from .access import (
    editable_units_for_user,
    is_admin_request,
    restrict_collection_members,
    restrict_pages,
    sees_all_units,
    units_for_user,
)
from .models import UnitOwnedMixin
from .publishing import publish_refusal


def visible_objects(model, user):
    """Rows of `model` this user may see, or None when the model is not unit-scoped."""
    if sees_all_units(user):
        return model._default_manager.all()
    if issubclass(model, Page):
        return restrict_pages(Page.objects.all(), user)
    if model in (get_image_model(), get_document_model()):
        return restrict_collection_members(model._default_manager.all(), user)
    if issubclass(model, UnitOwnedMixin):
        return model._default_manager.filter(unit__in=units_for_user(user))
    return None


def page_ids_as_text(user):
    """The ids of the user's pages as text (workflow states and log entries keep object ids in a CharField)."""
    return (
        restrict_pages(Page.objects.all(), user, with_ancestors=False)
        .annotate(pk_text=Cast("pk", CharField()))
        .values("pk_text")
    )


# --- The admin API (the sidebar explorer, choosers' previews): only the user's units' rows are listed or found -----


class ScopedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    def get_base_queryset(self):
        # The base of listings, details and the child_of/descendant_of parent lookups alike.
        return restrict_pages(super().get_base_queryset(), self.request.user)


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return restrict_collection_members(super().get_queryset(), self.request.user)


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return restrict_collection_members(super().get_queryset(), self.request.user)


def scope_admin_api(router) -> None:
    """Replaces the admin API's endpoints (registered by Wagtail's apps) with unit-scoped ones."""
    router.register_endpoint("pages", ScopedPagesAdminAPIViewSet)
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


# --- wagtail-localize's snippet API and the tag autocomplete ---------------------------------------------------------


class ScopedLocalizeSnippetAPIViewSet(localize_snippets_api.SnippetViewSet):
    """wagtail-localize's snippet listing (its snippet pickers) lists only the rows of the user's units."""

    def get_queryset(self):
        visible = visible_objects(self.get_model(), self.request.user)
        return super().get_queryset() if visible is None else visible


def visible_tags(tag_model, user):
    """Tags used on an object the user sees: pages, media and unit rows of their units, and city-wide rows. A tag
    used only by another unit (or by nothing) is not offered, so its name never reaches this user."""
    tags = tag_model.objects.all()
    if sees_all_units(user):
        return tags
    condition = Q(pk__in=[])
    for relation in tag_model._meta.related_objects:
        through = relation.related_model
        if not issubclass(through, ItemBase) or relation.field.name != "tag":
            continue
        if issubclass(through, GenericTaggedItemBase):
            for content_type_id in through.objects.order_by().values_list("content_type_id", flat=True).distinct():
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                if model is None:
                    continue
                items = through.objects.filter(content_type_id=content_type_id)
                visible = visible_objects(model, user)
                if visible is not None:
                    items = items.filter(object_id__in=visible.values("pk"))
                condition |= Q(pk__in=items.values("tag_id"))
        else:
            visible = visible_objects(through._meta.get_field("content_object").related_model, user)
            items = through.objects.all()
            if visible is not None:
                items = items.filter(content_object_id__in=visible.values("pk"))
            condition |= Q(pk__in=items.values("tag_id"))
    return tags.filter(condition)


def scoped_tag_autocomplete(request, app_name=None, model_name=None):
    """Wagtail's tag autocomplete, offering only the tags of what the user sees (`visible_tags`)."""
    tag_model = Tag
    if app_name and model_name:
        try:
            tag_model = ContentType.objects.get_by_natural_key(app_name, model_name).model_class()
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        if tag_model is None or not issubclass(tag_model, TagBase):
            raise Http404
    term = request.GET.get("term", "")
    names = []
    if term:
        tags = visible_tags(tag_model, request.user).filter(name__istartswith=term).order_by("name")
        names = list(tags.values_list("name", flat=True)[:TAGS_AUTOCOMPLETE_LIMIT])
    return JsonResponse(names, safe=False)


class ScopedChosenMultipleView(ChosenMultipleView):
    """Refuses ids of pages outside the user's units instead of returning their titles and edit URLs."""

    def get(self, request):
        pks = request.GET.getlist("id")
        if not all(pk.isdigit() for pk in pks):
            raise Http404
        visible = restrict_pages(Page.objects.filter(pk__in=pks), request.user)
        if visible.count() != len(set(pks)):
            raise Http404
        return super().get(request)


def scoped_bulk_action(request, app_label, model_name, action):
    """Bulk actions on ids of another unit's pages, media or snippets answer 404 (no titles in the confirmation)."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    visible = visible_objects(model, request.user)
    if visible is not None:
        ids = request.GET.getlist("id")
        if "all" in ids:
            parent_id = request.GET.get("childOf")
            if issubclass(model, Page) and not (parent_id and visible.filter(pk=parent_id).exists()):
                raise Http404
            if not issubclass(model, Page):
                # Wagtail would select every row of the model; select those of the user's units instead.
                query = request.GET.copy()
                query.setlist("id", [str(pk) for pk in visible.values_list("pk", flat=True)])
                request.GET = QueryDict(query.urlencode())
        elif ids and (not all(pk.isdigit() for pk in ids) or visible.filter(pk__in=ids).count() != len(set(ids))):
            raise Http404
    return wagtail_bulk_action(request, app_label, model_name, action)


# URL kwargs that name a page in Wagtail's admin (and in views added later that follow its naming).
PAGE_KWARGS = frozenset({"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk"})
# Posted fields of Wagtail's admin forms that name a page (copy, move, “choose a parent”): their error messages would
# print another unit's page title back.
PAGE_POST_FIELDS = frozenset({"new_parent_page", "parent_page"})
# Routes that already answer for another unit's page in their own way (the chooser hook refuses): see
# sites.wagtail_hooks. The explorer itself sends the editor back to their own unit (below).
PAGE_ROUTES_WITH_OWN_REFUSAL = frozenset({"wagtailadmin_choose_page_child"})


# wagtail-localize's views that name a snippet by app label, model and key, or a translation (source): they check the
# model permission only, so another unit's row is refused here.
LOCALIZE_SNIPPET_ROUTES = frozenset(
    {"wagtail_localize:submit_snippet_translation", "wagtail_localize:snippets_api_detail"}
)
LOCALIZE_GLOBAL_REPORTS = frozenset(
    {"wagtail_localize:translations_report", "wagtail_localize:translations_report_results"}
)


def _translated_object(view_kwargs):
    """The page or snippet a wagtail-localize route works on (None when the route names none)."""
    source = None
    if "translation_id" in view_kwargs:
        translation = Translation.objects.select_related("source").filter(pk=view_kwargs["translation_id"]).first()
        source = translation.source if translation else None
    elif "translation_source_id" in view_kwargs:
        source = TranslationSource.objects.filter(pk=view_kwargs["translation_source_id"]).first()
    if source is None:
        return None
    try:
        return source.get_source_instance()
    except Exception:  # the source object was deleted: wagtail-localize answers for it itself
        return None


def _outside_users_units(obj, user, editable: bool) -> bool:
    if isinstance(obj, Page):
        return not restrict_pages(Page.objects.filter(pk=obj.pk), user).exists()
    if isinstance(obj, UnitOwnedMixin):
        units = editable_units_for_user(user) if editable else units_for_user(user)
        return not units.filter(pk=obj.unit_id).exists()
    return False  # city-wide rows (document types, fields…): wagtail-localize's model permission decides


def localize_refusal(request, match, view_kwargs) -> bool:
    """Whether a wagtail-localize admin view would let this user reach another unit's page or snippet."""
    name = match.view_name
    if not name.startswith("wagtail_localize:"):
        return False
    if name in LOCALIZE_GLOBAL_REPORTS:
        return True  # lists every unit's translations; the unit report is reports.translation_status
    if name in LOCALIZE_SNIPPET_ROUTES:
        try:
            model = apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
            obj = model.objects.filter(pk=view_kwargs["pk"]).first()
        except (LookupError, ValueError, KeyError):
            return False
        return obj is not None and _outside_users_units(obj, request.user, editable=name.endswith("translation"))
    obj = _translated_object(view_kwargs)
    return obj is not None and _outside_users_units(obj, request.user, editable=True)


class AdminUnitBoundaryMiddleware:
    """Refuses (403) any admin URL that names a page outside the user's units, whatever view answers it.

    A second line behind the per-view scoping: a page view Wagtail adds in a later release is bounded too. Then
    the routes that publish without asking for the publish right are answered (sites.publishing).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_admin_request(request) or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name == "wagtailadmin_explore_root" and not sees_all_units(request.user):
            # Editors of one unit open on its Vietnamese home (its English home is a language switch away), not on
            # the tree root where Wagtail warns that pages would have no address.
            home_ids = list(units_for_user(request.user).values_list("home_page_id", flat=True)[:2])
            if len(home_ids) == 1:
                return redirect("wagtailadmin_explore", home_ids[0])
        if match is not None and not sees_all_units(request.user) and localize_refusal(request, match, view_kwargs):
            raise PermissionDenied
        page_ids = {value for name, value in view_kwargs.items() if name in PAGE_KWARGS}
        if request.method == "POST":
            page_ids |= {
                int(value)
                for name in PAGE_POST_FIELDS
                for value in request.POST.getlist(name)
                if value.isascii() and value.isdigit() and len(value) < 10
            }
        if page_ids and not sees_all_units(request.user):
            visible = restrict_pages(Page.objects.filter(pk__in=page_ids), request.user)
            if visible.count() != len(page_ids):
                if match is not None and match.view_name == "wagtailadmin_explore":
                    # Back to the user's own unit.
                    home_id = units_for_user(request.user).values_list("home_page_id", flat=True).first()
                    return redirect("wagtailadmin_explore", home_id) if home_id else redirect("wagtailadmin_home")
                if match is not None and match.view_name in PAGE_ROUTES_WITH_OWN_REFUSAL:
                    return None
                raise PermissionDenied
        return publish_refusal(request, match, view_kwargs)


class ScopedSnippetModelIndexView(ModelIndexView):
    """The snippet index counts only the rows the user can open (a unit-scoped viewset's queryset)."""

    def _get_snippet_types(self):
        types = super()._get_snippet_types()
        for item in types:
            queryset = item["model"].snippet_viewset.get_queryset(self.request)
            if queryset is not None:
                item["count"] = queryset.count()
        return types


def for_those_who_see_every_unit(view):
    """Views that show every unit at once (counts or rows across all trees): superusers and oversight only."""

    def guarded(request, *args, **kwargs):
        if not sees_all_units(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def for_workflow_administrators(view):
    """Wagtail's task chooser lists every unit's approval tasks; only those who edit workflows may open it."""

    def guarded(request, *args, **kwargs):
        user = request.user
        if not (user.has_perm("wagtailcore.add_workflow") or user.has_perm("wagtailcore.change_workflow")):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def _page_type_usage_view(name: str):
    return page_viewset_registry.as_view(
        name, app_label_kwarg="content_type_app_name", model_name_kwarg="content_type_model_name"
    )


def sites_for_request(request):
    """The explorer's “Site” filter: only the sites of the user's units (callable queryset, evaluated per request)."""
    if request is None or sees_all_units(request.user):
        return Site.objects.all()
    return Site.objects.filter(unit__in=units_for_user(request.user))


def scope_explorer_site_filter() -> None:
    """Wagtail's page listing filter offers every Site; no hook reaches it, so its queryset is made per-request."""
    for filterset in (PageFilterSet, GenericPageFilterSet):
        site_filter = filterset.base_filters.get("site")
        if site_filter is not None:
            site_filter.queryset = sites_for_request


scope_explorer_site_filter()


class CollectionScopedChosenMixin:
    """The image and document choosers' “chosen” steps answer only files of the user's units' collections, whatever
    collection permissions a group holds (a grant on the root collection included)."""

    def get_object(self, pk):
        model = getattr(self, "model_class", None) or self.model  # the format step has no model lookup
        try:
            visible = restrict_collection_members(model.objects.filter(pk=pk), self.request.user).exists()
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404
        return super().get_object(pk)

    def get_objects(self, pks):
        return restrict_collection_members(super().get_objects(pks), self.request.user)


def visible_popular_tags(model, user, count: int = 10):
    """Wagtail's `popular_tags_for_model`, counted over the rows of `model` the user sees."""
    items = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model))
    visible = visible_objects(model, user)
    if visible is not None:
        items = items.filter(object_id__in=visible.values("pk"))
    return (
        Tag.objects.filter(taggit_taggeditem_items__in=items)
        .annotate(item_count=Count("taggit_taggeditem_items"))
        .order_by("-item_count", "name")[:count]
    )


class ScopedPopularTagsMixin:
    """The image chooser's “popular tags” are those of the user's units' images."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "popular_tags" in context:
            context["popular_tags"] = visible_popular_tags(self.model_class, self.request.user)
        return context


def _subclass(view_class, mixin):
    if issubclass(view_class, mixin):
        return view_class
    return type(f"UnitScoped{view_class.__name__}", (mixin, view_class), {"__module__": __name__})


def scope_media_choosers() -> None:
    """Wagtail's image and document chooser viewsets build their views from these classes when the admin URLs are
    made; unit-scoped subclasses are put in their place before that."""
    scoping = {
        "chosen_view_class": CollectionScopedChosenMixin,
        "chosen_multiple_view_class": CollectionScopedChosenMixin,
        "select_format_view_class": CollectionScopedChosenMixin,
        "choose_view_class": ScopedPopularTagsMixin,
        "choose_results_view_class": ScopedPopularTagsMixin,
    }
    for viewset in (image_chooser, document_chooser):
        for attribute, mixin in scoping.items():
            view_class = getattr(viewset, attribute, None)
            if view_class is not None:
                setattr(viewset, attribute, _subclass(view_class, mixin))


def scoped_media_filterset(filterset_class):
    """The media listings' tag filter offers the popular tags of the user's units' files only."""

    class ScopedMediaFilterSet(filterset_class):
        def __init__(self, *args, request=None, **kwargs):
            super().__init__(*args, request=request, **kwargs)
            if "tag" not in self.filters or request is None:
                return
            names = [tag.name for tag in visible_popular_tags(self._meta.model, request.user)]
            if names:
                self.filters["tag"].extra["choices"] = [(name, name) for name in names]
            else:
                del self.filters["tag"]

    ScopedMediaFilterSet.__name__ = f"UnitScoped{filterset_class.__name__}"
    return ScopedMediaFilterSet


def scope_media_listings() -> None:
    for index_view in (image_views.IndexView, document_views.IndexView):
        if not index_view.filterset_class.__name__.startswith("UnitScoped"):
            index_view.filterset_class = scoped_media_filterset(index_view.filterset_class)


scope_media_choosers()
scope_media_listings()


urlpatterns = [
    path(
        "pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/",
        for_those_who_see_every_unit(_page_type_usage_view("content_type_use")),
    ),
    path(
        "pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/",
        for_those_who_see_every_unit(_page_type_usage_view("content_type_use_results")),
    ),
    path("workflows/task_chooser/", for_workflow_administrators(TaskChooserView.as_view())),
    path("workflows/task_chooser/results/", for_workflow_administrators(TaskChooserResultsView.as_view())),
    path("workflows/task_chooser/create/", for_workflow_administrators(TaskChooserCreateView.as_view())),
    path("workflows/task_chooser/<int:task_id>/", for_workflow_administrators(task_chosen)),
    path("choose-page/chosen-multiple/", ScopedChosenMultipleView.as_view()),
    path("bulk/<str:app_label>/<str:model_name>/<str:action>/", scoped_bulk_action),
    path("snippets/", ScopedSnippetModelIndexView.as_view()),
    path(
        "localize/api/snippets/<slug:app_label>/<slug:model_name>/",
        ScopedLocalizeSnippetAPIViewSet.as_view({"get": "list"}),
    ),
    path("tag-autocomplete/", scoped_tag_autocomplete),
    path("tag-autocomplete/<slug:app_name>/<slug:model_name>/", scoped_tag_autocomplete),
]
