"""The permission matrix, generated from the admin URL patterns (issue 7, item 4).

Every admin URL pattern is requested by each role of ward A (writer, board, unit admin): URL kwargs are filled with
the pk of ward B's object of the matching model (read from the view class), listings are requested as they are.
The answer must be a refusal (403/404/405/redirect) or a page that names nothing of ward B. A new admin view whose
kwargs the matrix cannot fill fails the test: teach `other_unit_value` about it rather than skipping it.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Locale, Page, Site, Task, Workflow

from sites.models import Unit, UnitOwnedMixin
from tests.sites.test_isolation import add_unit_objects

# Names that must never appear in a page shown to a ward A user (ward B's name, slug, hostname, usernames).
MARKERS = ("Hiệp Ninh", "hiepninh")

# Routes that answer before any login or do not concern unit data, with the reason.
NOT_UNIT_DATA = {
    "password_reset/confirm/": "password-reset token links are checked by Django, not per unit",
    "jsi18n/": "JavaScript translation catalogue",
    "failwhale/": "Wagtail's deliberate error page for testing error reporting",
}
# Views whose model is not a class attribute (a property computed per request): their model by URL namespace.
NAMESPACE_MODELS = {
    "sites_units": "sites.Unit",
    "news_syndication": "news.SyndicationProposal",
    "wagtailadmin_editing_sessions": "wagtailcore.Page",
    "wagtail_localize": "wagtailcore.Page",
    "wagtailimages": "wagtailimages.Image",
    "wagtaildocs": "wagtaildocs.Document",
    "wagtailusers_users": "auth.User",
    "wagtailusers_groups": "auth.Group",
    "wagtailsites": "wagtailcore.Site",
    "wagtailadmin_collections": "wagtailcore.Collection",
    "wagtailadmin_workflows:edit_task": "wagtailcore.Task",
    "wagtailadmin_workflows:disable_task": "wagtailcore.Task",
    "wagtailadmin_workflows:enable_task": "wagtailcore.Task",
    "wagtailadmin_workflows": "wagtailcore.Workflow",
    "wagtailadmin_pages": "wagtailcore.Page",
    "wagtailadmin_explore": "wagtailcore.Page",
}
ROUTE_KWARG = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass
class AdminRoute:
    route: str
    name: str
    callback: object

    @property
    def model(self):
        view_class = getattr(self.callback, "view_class", None)
        initkwargs = getattr(self.callback, "view_initkwargs", {}) or {}
        model = initkwargs.get("model") or getattr(view_class, "model", None)
        if isinstance(model, type):
            return model
        for namespace, model_name in NAMESPACE_MODELS.items():
            if self.name.startswith(namespace):
                return apps.get_model(model_name)
        return None


def admin_routes() -> list[AdminRoute]:
    found: list[AdminRoute] = []

    def walk(patterns, prefix: str, namespace: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if route.startswith("admin/") and "^" not in route:
                    found.append(AdminRoute(route, f"{namespace}{pattern.name or ''}", pattern.callback))

    walk(get_resolver().url_patterns, "", "")
    return found


class Unmapped(Exception):
    pass


def required_value(field, unit: Unit, label: str):
    """A value for a required field of a row (or page) the matrix builds for `unit`."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    if isinstance(field, models.ForeignKey):
        related = field.related_model
        if related is Locale:
            return Locale.get_default()
        if related is Unit:
            return unit.parent or unit
        if issubclass(related, Page):
            return unit_page(related, unit)
        if related is get_user_model():
            return related.objects.filter(groups__unit_role__unit=unit).first()
        if related is get_image_model():  # large enough for any minimum size a page asks of its images
            return related._default_manager.create(
                title=f"Ảnh thử {unit.name}",
                file=get_test_image_file(filename=f"ma-tran-{unit.slug}.png", size=(1600, 900)),
                collection=unit.collection,
            )
        raise Unmapped(f"cannot build a {label} for the matrix: set a value for {field.name}")
    if isinstance(field, models.FileField):
        return ContentFile(b"ma tran phan quyen", name=f"ma-tran-{unit.slug}.txt")
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.CharField | models.TextField):
        return f"Mục thử {unit.name}"[: field.max_length or 200]
    if isinstance(field, models.IntegerField | models.FloatField | models.DecimalField):
        return 1
    if isinstance(field, models.DateTimeField | models.DateField):
        return timezone.now() if isinstance(field, models.DateTimeField) else timezone.localdate()
    if isinstance(field, StreamField):
        return []
    raise Unmapped(f"cannot build a {label} for the matrix: set a value for {field.name}")


def needs_value(field, given) -> bool:
    return not (field.name in given or field.primary_key or field.has_default() or field.blank)


def unit_page(model, unit: Unit):
    """A page of `model` in the unit's tree, created under an allowed parent when the unit has none."""
    in_tree = model.objects.filter(path__startswith=unit.home_page.path)
    if in_tree.exists():
        return in_tree.first()
    parents = Page.objects.filter(path__startswith=unit.home_page.path).type(*model.allowed_parent_page_models())
    parent = parents.first()
    if parent is None:
        raise Unmapped(f"no parent for a {model.__name__} in {unit.name}")
    base = {f.name for f in Page._meta.concrete_fields}
    values = {"title": f"Trang thử {unit.name}", "slug": f"ma-tran-{model._meta.model_name}"}
    for field in model._meta.concrete_fields:
        if field.name not in base and not isinstance(field, models.OneToOneField) and needs_value(field, values):
            values[field.name] = required_value(field, unit, model.__name__)
    return parent.specific.add_child(instance=model(**values))


def make_unit_owned_row(model, unit: Unit):
    """A row of a unit-owned model for `unit`, filling required simple fields with ward B's name."""
    existing = model._default_manager.filter(unit=unit).first()
    if existing is not None:
        return existing
    values = {"unit": unit}
    for field in model._meta.concrete_fields:
        if needs_value(field, values):
            values[field.name] = required_value(field, unit, model.__name__)
    return model._default_manager.create(**values)


class OtherUnit:
    """Ward B's objects, looked up by model."""

    def __init__(self, unit: Unit, objects):
        self.unit = unit
        self.page = objects.page
        self.image = objects.image
        self.document = objects.document
        self.revision = objects.page.latest_revision

    def workflow_state_id(self) -> int:
        from wagtail.models import WorkflowState

        state = WorkflowState.objects.filter(base_content_type__model="page", object_id=str(self.page.pk)).first()
        if state is None:
            state = self.unit.workflow.start(self.page, self.page.owner or self.revision.user)
        return state.pk

    def misc_object(self, name: str) -> int:
        """Ward B's row for kwargs named after their model rather than `pk`."""
        from wagtail.contrib.redirects.models import Redirect

        if name == "doc_id":
            return self.document.pk
        if name == "redirect_id":
            redirect, _ = Redirect.objects.get_or_create(
                old_path="/hiepninh-cu", site=self.unit.site, redirect_page=self.page
            )
            return redirect.pk
        # Uploads in progress, editing sessions and translations: another user's, or none (then 404 is right).
        models_by_kwarg = {
            "uploaded_file_id": "wagtailcore.UploadedFile",
            "session_id": "wagtailadmin.EditingSession",
            "translation_id": "wagtail_localize.Translation",
            "translation_source_id": "wagtail_localize.TranslationSource",
        }
        row = apps.get_model(models_by_kwarg[name])._default_manager.first()
        return row.pk if row else 999999

    def object_for(self, model):
        from django.contrib.auth import get_user_model
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        if model is None:
            raise Unmapped("no model")
        if issubclass(model, Page):
            return model.objects.filter(path__startswith=self.unit.home_page.path).first() or self.page
        if issubclass(model, UnitOwnedMixin):
            return make_unit_owned_row(model, self.unit)
        table = {
            get_image_model(): self.image,
            get_document_model(): self.document,
            Collection: self.unit.collection,
            Site: self.unit.site,
            Group: self.unit.role_groups.get(role="writer").group,
            get_user_model(): get_user_model().objects.get(username="hiepninh-writer"),
            Workflow: self.unit.workflow,
            Unit: self.unit,
        }
        if issubclass(model, Task):
            return self.unit.workflow.tasks.first()
        for cls, obj in table.items():
            if issubclass(model, cls):
                return obj
        # A model that does not belong to any unit (locales, embeds …): any row will do.
        return model._default_manager.first()


def other_unit_value(route: AdminRoute, converter: str | None, name: str, other: OtherUnit) -> str:
    if name in {"app_label", "app_name", "content_type_app_name"}:
        return "sites" if "settings" in route.name else ("home" if "pages" in route.name else "wagtailcore")
    if name in {"model_name", "content_type_model_name"}:
        if "settings" in route.name:
            return "portalsettings"
        return "contentpage" if "pages" in route.name else "page"
    if name == "action":
        return "delete"
    if name in {"action_name"}:
        return "approve"
    if name in {"task_id", "task_state_id"}:
        task = other.unit.workflow.tasks.first()
        return str(task.pk if name == "task_id" else task.task_states.values_list("pk", flat=True).first() or 999999)
    if name == "unit_id":
        return str(other.unit.pk)
    if name == "user_id" and route.name.startswith("sites_accounts"):
        return str(get_user_model().objects.get(username="hiepninh-writer").pk)
    if name in {"workflow_pk"}:
        return str(other.unit.workflow.pk)
    if name in {"workflow_state_id"}:
        return str(other.workflow_state_id())
    if name in {"doc_id", "uploaded_file_id", "redirect_id", "session_id", "translation_id", "translation_source_id"}:
        return str(other.misc_object(name))
    if "revision" in name:
        return str(other.revision.pk)
    if "page" in name or name in {"destination_id", "target_id", "parent_id"}:
        return str(other.page.pk)
    if name in {"image_id"}:
        return str(other.image.pk)
    if name in {"document_id"}:
        return str(other.document.pk)
    if name in {"pk", "id", "object_id", "instance_id", "site_pk", "group_id", "user_id", "collection_id"}:
        if route.name.startswith("wagtailsettings"):
            return str(other.unit.site.pk)
        try:
            obj = other.object_for(route.model)
        except Unmapped as error:
            raise Unmapped(f"{route.route} ({route.name}): which model does <{name}> name?") from error
        if obj is None:
            return "999999"
        return str(obj.pk)
    if name in {"string_segment_id", "overridable_segment_id"}:
        # Segments are reached through their translation (ward B's or none), which the view loads first.
        return "999999"
    if name == "mode":
        return "desktop"
    if name in {"filter_spec"}:
        return "original"
    if name in {"signature"}:
        return "x"
    raise Unmapped(f"{route.route} ({route.name}): the matrix does not know how to fill <{name}>")


def fill(route: AdminRoute, other: OtherUnit) -> str:
    return "/" + ROUTE_KWARG.sub(
        lambda m: other_unit_value(route, m.group("converter"), m.group("name"), other), route.route
    )


def leaked_text(response) -> str:
    content = response.content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        with contextlib.suppress(ValueError):
            content = json.dumps(json.loads(content), ensure_ascii=False)
    return next((marker for marker in MARKERS if marker in content), "")


@pytest.fixture
def other_unit(two_units):
    add_unit_objects(two_units.ward_a, two_units.writer_a, "Ninh Sơn")
    objects = add_unit_objects(two_units.ward_b, two_units.writer_b, "Hiệp Ninh")
    return OtherUnit(two_units.ward_b, objects)


def test_matrix_covers_the_admin(two_units):
    routes = admin_routes()
    assert len(routes) > 150
    names = {route.name for route in routes}
    for expected in ("wagtailadmin_pages:edit", "wagtailimages:edit", "wagtailadmin_choose_page_chosen_multiple"):
        assert expected in names


@pytest.mark.parametrize("role", ["writer", "board", "admin"])
def test_no_admin_view_shows_another_units_objects(client, two_units, other_unit, role):
    user = {"writer": two_units.writer_a, "board": two_units.board_a, "admin": two_units.admin_a}[role]
    client.force_login(user)
    problems: list[str] = []
    checked = 0
    for route in admin_routes():
        if any(route.route.startswith("admin/" + skipped) for skipped in NOT_UNIT_DATA):
            continue
        try:
            url = fill(route, other_unit)
        except Unmapped as error:
            problems.append(str(error))
            continue
        query = {"id": other_unit.page.pk} if "chosen" in route.route else {}
        if route.route.startswith("admin/bulk/"):
            query = {"id": other_unit.page.pk}
        try:
            response = client.get(url, query)
        except Exception as error:  # a crash on foreign ids is a failure too, reported with the URL
            problems.append(f"{url}: {type(error).__name__}: {error}")
            continue
        checked += 1
        if response.status_code in (400, 403, 404, 405, 410):
            continue
        if response.status_code in (301, 302):
            location = response["Location"]
            if location.startswith("/admin/") and "/login/" not in location:
                followed = client.get(location)
                marker = leaked_text(followed) if followed.status_code == 200 else ""
                if marker:
                    problems.append(f"{url} → {location}: shows “{marker}”")
            continue
        marker = leaked_text(response)
        if marker:
            problems.append(f"{url} [{response.status_code}]: shows “{marker}”")
    assert checked > 150
    assert not problems, "\n".join(problems)
