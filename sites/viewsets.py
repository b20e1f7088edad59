"""Admin views for unit-owned models: every listing, chooser, edit, delete and history view sees only the rows of
the user's units. Register a model that uses `UnitOwnedMixin` with
`register_snippet(MyModel, viewset=UnitScopedSnippetViewSet)` or a subclass of it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from .access import editable_units_for_user, units_for_user

READ_ACTIONS = frozenset({"view", "choose"})


class UnitOwnedPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, narrowed to the rows of the user's units (read) or their unit roles (write)."""

    def _unit_ids(self, user, action: str) -> set[int]:
        units = units_for_user(user) if action in READ_ACTIONS else editable_units_for_user(user)
        return set(units.values_list("pk", flat=True))

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action) and not (action in READ_ACTIONS and user.is_active):
            return False
        if user.is_active and user.is_superuser:
            return True
        return instance.unit_id in self._unit_ids(user, action)

    def refusal_message(self, user, action, instance) -> str | None:
        """Why `action` on this row is refused, when the user should be told (None: a plain refusal)."""
        return None

    def instances_user_has_any_permission_for(self, user, actions):
        objects = self.model._default_manager.all()
        if not user.is_active:
            return objects.none()
        if user.is_superuser:
            return objects
        allowed = set()
        for action in actions:
            if self.user_has_permission(user, action) or action in READ_ACTIONS:
                allowed |= self._unit_ids(user, action)
        return objects.filter(unit_id__in=allowed)


class UnitScopedChooserMixin:
    """Chooser views list and resolve only rows of the user's units."""

    def get_object_list(self):
        return super().get_object_list().filter(unit__in=units_for_user(self.request.user))

    def get_object(self, pk):
        return self.model_class.objects.filter(unit__in=units_for_user(self.request.user)).get(pk=pk)

    def get_objects(self, pks):
        # “chosen-multiple”: ids of another unit's rows are dropped, not answered with their titles.
        return super().get_objects(pks).filter(unit__in=units_for_user(self.request.user))


class UnitScopedChooseView(UnitScopedChooserMixin, ChooseView):
    pass


class UnitScopedChooseResultsView(UnitScopedChooserMixin, ChooseResultsView):
    pass


class UnitScopedChosenView(UnitScopedChooserMixin, SnippetChosenView):
    pass


class UnitScopedChosenMultipleView(UnitScopedChooserMixin, SnippetChosenMultipleView):
    pass


class NoCreationCreateView(SnippetCreateView):
    """The chooser's “create” step of a snippet chooser that offers no creation form: not found (Wagtail's view would
    validate a form that does not exist and answer 500). Rows are created in the snippet's own views, which check
    the unit."""

    def dispatch(self, request, *args, **kwargs):
        if self.get_creation_form_class() is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class UnitScopedChooserViewSet(SnippetChooserViewSet):
    choose_view_class = UnitScopedChooseView
    create_view_class = NoCreationCreateView
    choose_results_view_class = UnitScopedChooseResultsView
    chosen_view_class = UnitScopedChosenView
    chosen_multiple_view_class = UnitScopedChosenMultipleView


class UnitScopedObjectMixin:
    """Refuses (404) any view of a row outside the user's units before the view itself loads it.

    Mixed into every view of a `UnitScopedSnippetViewSet` (edit, delete, copy, inspect, history, usage, revisions,
    preview, lock, workflow …), so a view Wagtail adds in a later release is scoped as well.
    """

    unit_scoped_model = None

    def dispatch(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            visible = self.unit_scoped_model._default_manager.filter(unit__in=units_for_user(request.user))
            if not visible.filter(pk=unquote(str(pk))).exists():
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class RowPermissionDeleteView(DeleteView):
    """Asks the permission policy about this very row (Wagtail's delete view asks about the model only), so a row
    the policy keeps (a leader, say) is refused to everyone, superusers included, with the policy's reason."""

    def dispatch(self, request, *args, **kwargs):
        policy = self.permission_policy
        if policy is not None and not policy.user_has_permission_for_instance(request.user, "delete", self.object):
            refusal_message = getattr(policy, "refusal_message", None)
            reason = refusal_message(request.user, "delete", self.object) if refusal_message else None
            if reason is None:
                raise PermissionDenied
            messages.error(request, reason)
            return redirect(self.model.snippet_viewset.get_url_name("edit"), quote(self.object.pk))
        return super().dispatch(request, *args, **kwargs)


class UnitScopedSnippetViewSet(SnippetViewSet):
    chooser_viewset_class = UnitScopedChooserViewSet
    delete_view_class = RowPermissionDeleteView
    # The policy every view, bulk action and chooser of the model asks (registered for the model).
    permission_policy_class = UnitOwnedPermissionPolicy

    def register_permissions(self):
        # Register the unit-scoped policy for the model before Wagtail would fall back to a plain model policy.
        if not policy_registry.get_by_type(self.model, fallback=False):
            register_permission_policy(self.model, self.permission_policy_class(self.model), exact_class=True)
        super().register_permissions()

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(self.model)

    def get_queryset(self, request):
        return self.model._default_manager.filter(unit__in=units_for_user(request.user))

    def construct_view(self, view_class, **kwargs):
        scoped = type(
            f"UnitScoped{view_class.__name__}",
            (UnitScopedObjectMixin, view_class),
            {"unit_scoped_model": self.model, "__module__": __name__},
        )
        return super().construct_view(scoped, **kwargs)
