"""The permission matrix, generated from the URL resolver.

Every admin URL pattern — path and regex routes alike (the admin API, revision comparison) — is requested by every
role: the writer, board and unit administrator of ward A, the city's oversight group with and without a verified
second factor, and a superuser without one; the writer also behind a `SCRIPT_NAME` prefix (“/cong”).

- GET: URL kwargs name ward B's object of the right model (read from the view), query strings carry ward B's ids
  (`id`, `collection_id`, a search for ward B's titles). The answer must be a refusal or a page that shows nothing of
  ward B: not its name, not the titles or file names of its objects, not a link to any of its objects.
- POST: the same URLs, with a body built from the route's form (read on ward A's own object) whose every chooser
  field holds ward B's object of that field's model. Nothing may be written. On ward A's own URL the form must refuse
  every one of those fields.
- Escalation: a writer publishes by no route; a unit administrator grants nobody a role outside the unit, nor
  superuser; the oversight group writes nothing.
- Two-step sign-in: oversight and superusers who have not entered a code reach no admin view.

A new admin route whose kwargs the matrix cannot fill, or whose name `ROUTE_RULES` does not know, fails
`test_every_admin_route_is_mapped`: teach the matrix about it rather than skipping it. Failures caused by known leaks
not yet fixed are listed in `KNOWN_OPEN` (empty when none is open) and run as strict xfails: when a fix
lands the xfail passes, the test fails, and the entry must be removed.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection, models
from django.forms import BaseForm, ModelChoiceField, ModelMultipleChoiceField
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, set_script_prefix
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Locale, Page, Site, Task, Workflow

from accounts.security import UNVERIFIED_VIEW_NAMES
from home.models import ContentPage
from participation.models import PageRating, Question
from sites.models import Unit, UnitOwnedMixin
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import PASSWORD, login_verified
from tests.sites.test_isolation import add_consultation_comment, add_unit_objects

# Secret words in ward B's objects (titles, file names, tags): none may appear in a page shown to ward A.
WARD_B_NAMES = ("Hiệp Ninh", "hiepninh")
SECRETS = ("KX7319", "QZ5521", "VT8842")
MARKERS = tuple(m.casefold() for m in WARD_B_NAMES + SECRETS)
# The word every secret title shares: listings are searched for it (a search box echoes it, so it is no marker).
SEARCH = "lưu trữ"

SCRIPT_NAME = "/cong"

# --- Which routes the matrix knows -------------------------------------------------------------------------------
# Every admin route name must match one rule (first match wins). The kind says what the matrix expects:
#   "unit"    names or lists unit data: refused, or shows and writes nothing of ward B;
#   "own"     works on the signed-in user's own rows (profile, two-step devices, dismissed tips): POST may write them;
#   "office"  the oversight office's own records (score tables, guidance): as "unit" for every unit role, and the
#             office may write them (they belong to no unit);
#   "outside" answers before sign-in or holds no unit data (sign-in, password reset, translations catalogue …).
ROUTE_RULES: tuple[tuple[str, str, str], ...] = (
    (r"^wagtailadmin_(login|password_reset.*)$", "outside", "signs in or resets a password: no session yet"),
    (r"^accounts_invitation:accept$", "outside", "an invitation link sets a password: no session yet"),
    (r"^(wagtailadmin_javascript_catalog|wagtail_localize:javascript_catalog)$", "outside", "translation catalogue"),
    (r"^wagtailadmin_sprite$", "outside", "the icon sprite"),
    (r"^wagtailadmin_error_test$", "outside", "Wagtail's deliberate error page"),
    (r"^wagtailadmin_logout$", "outside", "signs the user out (the matrix would go on signed out)"),
    (r"^wagtailadmin_(account|dismissibles)$", "own", "the user's own profile and dismissed tips"),
    (r"^accounts_security:", "own", "the user's own two-step devices and recovery codes"),
    (r"^wagtailadmin_editing_sessions:", "own", "the user's own editing session (release/ping)"),
    (r"^wagtailadmin_block_preview$", "unit", "renders a block from the request"),
    (r"^wagtailadmin_", "unit", "Wagtail's admin"),
    (
        r"^wagtail(_bulk_action|forms|redirects|settings|embeds|docs|images|locales|sites|snippets|snippetchoosers)",
        "unit",
        "Wagtail",
    ),
    (r"^wagtailusers_", "unit", "users and groups"),
    (r"^wagtail_localize:", "unit", "wagtail-localize"),
    (
        r"^(sites_units|unit_accounts|unit_contact|reports_activity|reports_translation_status):",
        "unit",
        "the portal's unit admin",
    ),
    (r"^news_syndication:", "unit", "syndication proposals"),
    (r"^participation_questions:", "unit", "citizens' questions: the board's queue, steps, exports, report"),
    (r"^languages_translation_review:", "unit", "a writer's translation sent to the board's workflow"),
    (r"^organization_new_week$", "unit", "a schedule's new week"),
    (r"^participation_ratings:", "unit", "the satisfaction rating report and its exports"),
    (r"^disclosure_procedures:", "unit", "the procedure catalogue: adoption and CSV import of a managed unit"),
    (r"^workdays_calendar:", "unit", "the working-day calendar (superusers only: refused to every unit role)"),
    (r"^notices_maintenance:", "unit", "planned suspensions (superusers only: refused to every unit role)"),
    (r"^notices_alerts:", "unit", "alerts (the city's board and superusers: refused to every ward role)"),
    (r"^(oversight_tables|reports_guidance_admin):", "office", "the office's score tables and guidance"),
    (
        r"^(reports_oversight|reports_guidance):",
        "unit",
        "oversight: the scores of the user's own unit only (the office sees all); guidance to read",
    ),
    (r"^route:admin/test404/$", "outside", "Wagtail's 404 page"),
    (r"^admin_catch_all$", "outside", "the admin's 404 for unknown paths"),
)

# Views whose model is not a class attribute (a property computed per request): their model by URL namespace.
NAMESPACE_MODELS = {
    "sites_units": "sites.Unit",
    "unit_contact": "sites.Unit",
    "unit_accounts": "auth.User",
    "news_syndication": "news.SyndicationProposal",
    "participation_questions": "participation.Question",
    "disclosure_procedures": "disclosure.Procedure",
    "reports_oversight": "sites.Unit",
    "oversight_tables": "reports.ScoreTable",
    "reports_guidance": "reports.Guidance",
    "reports_guidance_admin": "reports.Guidance",
    "wagtailadmin_editing_sessions": "wagtailcore.Page",
    "wagtail_localize": "wagtailcore.Page",
    "wagtailimages": "wagtailimages.Image",
    "wagtaildocs": "wagtaildocs.Document",
    "wagtailadmin_api:pages": "wagtailcore.Page",
    "wagtailadmin_api:images": "wagtailimages.Image",
    "wagtailadmin_api:documents": "wagtaildocs.Document",
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
    "wagtailadmin_choose_page": "wagtailcore.Page",
    "wagtailforms": "wagtailcore.Page",
}
ROUTE_KWARG = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")

# --- Known open leaks --------------------------------------------------------------------------------------------
# (check, role, route name) → reason. `role` "*" means every role of ward A. Each entry runs as a strict xfail in
# `test_known_open_leak_is_still_open`: a leak found and not yet closed is listed here with its reason, and the entry
# is removed when it is closed (the xfail then passes, which fails the test). Every leak the matrix has found is closed.
KNOWN_OPEN: dict[tuple[str, str, str], str] = {}


def known_open(check: str, role: str, name: str) -> str | None:
    return KNOWN_OPEN.get((check, role, name)) or KNOWN_OPEN.get((check, "*", name))


ROLES = {
    "get": ("writer", "board", "admin", "writer@cong"),
    "post": ("writer", "board", "admin", "oversight"),
    "unverified": ("oversight-unverified", "superuser-unverified", "superuser-unverified@cong"),
}


def roles_of(check: str) -> list:
    """The roles a check runs for; a role whose every route is known open (name "*") runs as one strict xfail."""
    params = []
    for role in ROLES[check]:
        reason = KNOWN_OPEN.get((check, role, "*"))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(role, marks=marks, id=role))
    return params


# --- Routes ------------------------------------------------------------------------------------------------------


@dataclass
class AdminRoute:
    route: str  # a path template: `<converter:name>` placeholders, regex routes converted
    name: str
    callback: object
    query: dict = field(default_factory=dict)  # fixed query parameters (bulk actions: none)

    @property
    def model(self):
        view_class = getattr(self.callback, "view_class", None)
        initkwargs = getattr(self.callback, "view_initkwargs", {}) or {}
        model = initkwargs.get("model") or getattr(view_class, "model", None)
        model = model or initkwargs.get("model_class") or getattr(view_class, "model_class", None)  # choosers
        if isinstance(model, type):
            return model
        for namespace, model_name in sorted(NAMESPACE_MODELS.items(), key=lambda item: -len(item[0])):
            if self.name.startswith(namespace):
                return apps.get_model(model_name)
        return None

    @property
    def kind(self) -> str:
        return route_rule(self.name)[0]

    @property
    def kwargs(self) -> list[str]:
        return [m.group("name") for m in ROUTE_KWARG.finditer(self.route)]


def route_rule(name: str) -> tuple[str, str]:
    for pattern, kind, reason in ROUTE_RULES:
        if re.search(pattern, name):
            return kind, reason
    return "unmapped", ""


def regex_to_route(regex: str) -> str:
    """`^(?P<pk>\\d+)/revisions/compare/(?P<a>live|\\d+)\\.\\.\\.` → `<pk>/revisions/compare/<a>...`"""
    text = REGEX_GROUP.sub(lambda m: f"<{m.group('name')}>", regex)
    text = text.replace("^", "").replace("$", "").replace("\\.", ".").replace("\\", "")
    return text


def admin_routes() -> list[AdminRoute]:
    """Every admin URL pattern, in resolver order; the scoped replacements keep their own names."""
    found: list[AdminRoute] = []

    def walk(patterns, prefix: str, namespace: str):
        for pattern in patterns:
            text = str(pattern.pattern)
            if getattr(pattern.pattern, "regex", None) is not None and type(pattern.pattern).__name__ == "RegexPattern":
                text = regex_to_route(text)
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                module = getattr(pattern.urlconf_name, "__name__", pattern.urlconf_name)
                if module == "sites.admin_scoping":
                    ns = "admin_scoping:"
                walk(pattern.url_patterns, prefix + text, ns)
            elif isinstance(pattern, URLPattern):
                route = prefix + text
                if route.startswith("admin/"):
                    name = f"{namespace}{pattern.name}" if pattern.name else f"route:{route}"
                    if route == "admin/.*/":
                        name = "admin_catch_all"
                    found.append(AdminRoute(route, name, pattern.callback))

    walk(get_resolver().url_patterns, "", "")
    # A scoped replacement (sites.admin_scoping) shadows Wagtail's view on the same path: request the path once,
    # under Wagtail's name (the one reverse() and KNOWN_OPEN use).
    by_route: dict[str, AdminRoute] = {}
    for route in found:
        first = by_route.get(route.route)
        if first is None:
            by_route[route.route] = route
        elif first.name.startswith("route:") and not route.name.startswith("route:"):
            first.name = route.name
    return list(by_route.values())


def expanded_routes() -> list[AdminRoute]:
    """The admin routes, with the bulk-action route once per registered (model, action)."""
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    bulk_action_registry._scan_for_bulk_actions()
    routes: list[AdminRoute] = []
    for route in admin_routes():
        if route.route == "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/":
            for app_label, by_model in bulk_action_registry.actions.items():
                for model_name, by_action in by_model.items():
                    for action in by_action:
                        concrete = f"admin/bulk/{app_label}/{model_name}/{action}/"
                        routes.append(AdminRoute(concrete, route.name, route.callback))
            continue
        routes.append(route)
    return routes


# --- Each unit's objects -----------------------------------------------------------------------------------------


class Unmapped(Exception):
    pass


def required_value(field, unit: Unit, label: str):
    """A value for a required field of a row (or page) the matrix builds for `unit`."""
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
    for field_ in model._meta.concrete_fields:
        if field_.name not in base and not isinstance(field_, models.OneToOneField) and needs_value(field_, values):
            values[field_.name] = required_value(field_, unit, model.__name__)
    return parent.specific.add_child(instance=model(**values))


def make_unit_owned_row(model, unit: Unit):
    """A row of a unit-owned model for `unit`, filling required simple fields with the unit's name."""
    existing = model._default_manager.filter(unit=unit).first()
    if existing is not None:
        return existing
    values = {"unit": unit}
    for field_ in model._meta.concrete_fields:
        if needs_value(field_, values):
            values[field_.name] = required_value(field_, unit, model.__name__)
    return model._default_manager.create(**values)


def unit_owned_models() -> list[type]:
    return [m for m in apps.get_models() if issubclass(m, UnitOwnedMixin)]


class UnitSide:
    """One ward's objects, looked up by model: ward B's fill the URLs and forms; ward A's are the user's own."""

    def __init__(self, unit: Unit, objects, writer):
        self.unit = unit
        self.page = objects.page
        self.image = objects.image
        self.document = objects.document
        self.writer = writer
        self.revision = objects.page.latest_revision

    def workflow_state_id(self) -> int:
        from wagtail.models import WorkflowState

        state = WorkflowState.objects.filter(base_content_type__model="page", object_id=str(self.page.pk)).first()
        if state is None:
            state = self.unit.workflow.start(self.page, self.writer)
        return state.pk

    def task_state_id(self) -> int:
        self.workflow_state_id()
        task = self.unit.workflow.tasks.first()
        return task.task_states.filter(workflow_state__object_id=str(self.page.pk)).values_list("pk", flat=True)[0]

    def misc_object(self, name: str) -> int:
        """The unit's row for kwargs named after their model rather than `pk`."""
        from wagtail.contrib.redirects.models import Redirect

        if name == "doc_id":
            return self.document.pk
        if name == "redirect_id":
            redirect, _ = Redirect.objects.get_or_create(
                old_path=f"/{self.unit.slug}-cu", site=self.unit.site, redirect_page=self.page
            )
            return redirect.pk
        # Uploads in progress, editing sessions and translations of the unit's page, or none (then 404 is right).
        if name in {"translation_id", "translation_source_id"}:
            from wagtail_localize.models import Translation, TranslationSource

            source = TranslationSource.objects.filter(object_id=self.page.translation_key).first()
            if source is None:
                return 999999
            if name == "translation_source_id":
                return source.pk
            row = Translation.objects.filter(source=source).first()
            return row.pk if row else 999999
        models_by_kwarg = {
            "uploaded_file_id": ("wagtailcore.UploadedFile", "uploaded_by_user"),
            "session_id": ("wagtailadmin.EditingSession", "user"),
        }
        model_name, owner = models_by_kwarg[name]
        row = apps.get_model(model_name)._default_manager.filter(**{owner: self.writer}).first()
        return row.pk if row else 999999

    def object_for(self, model, strict: bool = True):
        """The unit's object of `model`; for a model no unit owns, any row (strict) or None."""
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
            get_user_model(): self.writer,
            Workflow: self.unit.workflow,
            Unit: self.unit,
        }
        if issubclass(model, Task):
            return self.unit.workflow.tasks.first()
        for cls, obj in table.items():
            if issubclass(model, cls):
                return obj
        # A model that does not belong to any unit (locales, embeds …): any row will do.
        return model._default_manager.first() if strict else None


def fill_value(route: AdminRoute, converter: str | None, name: str, side: UnitSide) -> str:
    if name in {"app_label", "app_name", "content_type_app_name"}:
        if "settings" in route.name:
            return "sites"
        if "tag_model_autocomplete" in route.name:
            return "wagtailimages"
        return "home" if "pages" in route.name else "wagtailcore"
    if name in {"model_name", "content_type_model_name"}:
        if "settings" in route.name:
            return "portalsettings"
        if "tag_model_autocomplete" in route.name:
            return "image"
        return "contentpage" if "pages" in route.name else "page"
    if name == "action":
        return "delete"
    if name == "action_name":
        return "publish" if route.name.startswith("wagtailadmin_api") else "approve"
    if name == "task_id":
        return str(side.unit.workflow.tasks.first().pk)
    if name == "task_state_id":
        return str(side.task_state_id())
    if name == "unit_id":
        return str(side.unit.pk)
    if name == "user_id" and route.name.startswith("unit_accounts"):
        return str(side.writer.pk)
    if name == "workflow_pk":
        return str(side.unit.workflow.pk)
    if name == "workflow_state_id":
        return str(side.workflow_state_id())
    if name in {"doc_id", "uploaded_file_id", "redirect_id", "session_id", "translation_id", "translation_source_id"}:
        return str(side.misc_object(name))
    if "revision" in name:
        return str(side.revision.pk)
    if "page" in name or name in {"destination_id", "target_id", "parent_id"}:
        return str(side.page.pk)
    if name == "image_id":
        return str(side.image.pk)
    if name == "document_id":
        return str(side.document.pk)
    if name in {"pk", "id", "object_id", "instance_id", "site_pk", "group_id", "user_id", "collection_id"}:
        if route.name.startswith("wagtailsettings"):
            return str(side.unit.site.pk)
        try:
            obj = side.object_for(route.model)
        except Unmapped as error:
            raise Unmapped(f"{route.route} ({route.name}): which model does <{name}> name?") from error
        return "999999" if obj is None else str(obj.pk)
    if name in {"string_segment_id", "overridable_segment_id"}:
        # Segments are reached through their translation (the unit's or none), which the view loads first.
        return "999999"
    if name == "mode":
        return "desktop"
    if name == "filter_spec":
        return "original"
    if name == "signature":
        return "x"
    if name == "token":  # an invitation link's secret: none of ward B's is known to the matrix
        return "x"
    raise Unmapped(f"{route.route} ({route.name}): the matrix does not know how to fill <{name}>")


def fill(route: AdminRoute, side: UnitSide) -> str:
    return "/" + ROUTE_KWARG.sub(lambda m: fill_value(route, m.group("converter"), m.group("name"), side), route.route)


def other_unit_query(route: AdminRoute, other: UnitSide) -> dict:
    """Query parameters naming ward B's objects of the right model, and a search for ward B's secret titles."""
    query: dict = {"q": SEARCH, "collection_id": other.unit.collection.pk}
    model = route.model
    if route.route.startswith("admin/bulk/"):
        app_label, model_name = route.route.split("/")[2:4]
        model = apps.get_model(app_label, model_name)
    with contextlib.suppress(Unmapped):
        obj = other.object_for(model, strict=False) if model is not None else other.page
        if obj is not None:
            query["id"] = obj.pk
    if route.name.startswith(("wagtailadmin_choose_page", "wagtailadmin_explore")):
        query["id"] = other.page.pk
    if "tag" in route.name:
        query["term"] = SECRETS[0][:3].lower()
    return query


# --- Leak detection ----------------------------------------------------------------------------------------------


class Leaks:
    """What of ward B a response may not show: its names, secret titles and file names, links to its objects."""

    def __init__(self, other: UnitSide):
        from wagtail.admin.admin_url_finder import AdminURLFinder

        finder = AdminURLFinder()
        objects: list = list(Page.objects.filter(path__startswith=other.unit.home_page.path))
        objects += list(get_image_model().objects.filter(collection__path__startswith=other.unit.collection.path))
        objects += list(get_document_model().objects.filter(collection__path__startswith=other.unit.collection.path))
        for model in unit_owned_models():
            objects += list(model._default_manager.filter(unit=other.unit))
        objects += [other.unit.collection, other.unit.site, other.unit.workflow]
        objects += [role.group for role in other.unit.role_groups.all()]
        objects += list(get_user_model().objects.filter(groups__unit_role__unit=other.unit))
        self.urls: dict[str, str] = {}
        for obj in objects:
            url = finder.get_edit_url(obj)
            if url:
                self.urls[url.removeprefix("http://localhost")] = f"{type(obj).__name__} {obj.pk}"
        for page in objects:
            if isinstance(page, Page):
                self.urls[f"/admin/pages/{page.pk}/"] = f"page {page.pk}"
                self.urls[f"/admin/api/main/pages/{page.pk}/"] = f"page {page.pk}"
        for model, prefix in ((get_image_model(), "images"), (get_document_model(), "documents")):
            for obj in model.objects.filter(collection__path__startswith=other.unit.collection.path):
                self.urls[f"/admin/api/main/{prefix}/{obj.pk}/"] = f"{model.__name__} {obj.pk}"
        self.file_names = [
            name.rsplit("/", 1)[-1].rsplit(".", 1)[0].casefold()
            for model in (get_image_model(), get_document_model())
            for name in model.objects.filter(collection__path__startswith=other.unit.collection.path).values_list(
                "file", flat=True
            )
        ]
        self.object_ids = {
            "page": set(Page.objects.filter(path__startswith=other.unit.home_page.path).values_list("pk", flat=True))
        }

    def found(self, response, route: AdminRoute | None = None) -> str:
        content = response.content.decode(errors="replace")
        if response.get("Content-Type", "").startswith("application/json"):
            with contextlib.suppress(ValueError):
                content = json.dumps(json.loads(content), ensure_ascii=False)
        folded = content.casefold()
        for marker in MARKERS:
            if marker in folded:
                return f"shows “{marker}”"
        for name in self.file_names:
            if name in folded:
                return f"shows the file name “{name}”"
        for url, what in self.urls.items():
            if url in content:
                return f"links to ward B's {what} ({url})"
        if route is not None and route.model is not None and issubclass(route.model, Page):
            for pk in re.findall(r'data-object-id="(\d+)"', content):
                if int(pk) in self.object_ids["page"]:
                    return f"lists ward B's page {pk}"
        return ""


REFUSALS = (400, 403, 404, 405, 410)


# --- HTML forms --------------------------------------------------------------------------------------------------


class FormFields(HTMLParser):
    """The name → value(s) of the inputs of an HTML page, as a browser would submit them (first form wins)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                self.values.setdefault(name, [])
                return
            self.values.setdefault(name, []).append(attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._text = []

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.values.setdefault(self._textarea, []).append("".join(self._text))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def html_of(response) -> str:
    content = response.content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        with contextlib.suppress(ValueError, AttributeError):
            return json.loads(content).get("html") or ""
    return content


def forms_in(response) -> list[BaseForm]:
    found: list[BaseForm] = []
    for context in response.context or []:
        for scope in getattr(context, "dicts", [context]):
            if not isinstance(scope, dict):
                continue
            for value in scope.values():
                if isinstance(value, BaseForm) and all(value is not f for f in found):
                    found.append(value)
    return found


def is_unit_data(model) -> bool:
    return issubclass(
        model,
        Page
        | UnitOwnedMixin
        | get_image_model()
        | get_document_model()
        | Collection
        | Site
        | Group
        | get_user_model()
        | Workflow
        | Task
        | Unit,
    )


def chooser_fields(form: BaseForm) -> Iterator[tuple[BaseForm, str, object]]:
    """(form, field name, model) of each field that chooses rows of a model a unit owns, formsets' forms included."""
    forms: list[BaseForm] = [form]
    for formset in getattr(form, "formsets", {}).values():
        forms += list(formset.forms)
    for each in forms:
        for name, form_field in each.fields.items():
            if form_field.disabled:
                continue
            if isinstance(form_field, ModelChoiceField | ModelMultipleChoiceField):
                model = form_field.queryset.model
                if is_unit_data(model):
                    yield each, name, model


@dataclass
class PostBody:
    data: dict
    overridden: dict  # posted field name → (form, field name, model)


def body_with_other_units_ids(response, other: UnitSide) -> PostBody:
    """The route's form as the user saw it on their own object, every chooser field set to ward B's object."""
    parser = FormFields()
    with contextlib.suppress(Exception):
        parser.feed(html_of(response))
    data: dict = {name: (values if len(values) != 1 else values[0]) for name, values in parser.values.items()}
    data.pop("csrfmiddlewaretoken", None)
    overridden: dict = {}
    for form in forms_in(response) if response.context else []:
        for each, name, model in chooser_fields(form):
            obj = other.object_for(model, strict=False)
            if obj is None:
                continue
            key = each.add_prefix(name)
            data[key] = [str(obj.pk)] if isinstance(each.fields[name], ModelMultipleChoiceField) else str(obj.pk)
            overridden[key] = (each, name, model)
    return PostBody(data, overridden)


# --- Writes ------------------------------------------------------------------------------------------------------

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
# Tables every request may write whatever the user's rights: the session, the user's admin profile (created on first
# visit), sign-in throttling, the editing session an edit view opens on an object the user may edit.
BOOKKEEPING_TABLES = frozenset(
    {
        "django_session",
        "wagtailusers_userprofile",
        "axes_accessattempt",
        "axes_accesslog",
        "wagtailadmin_editingsession",
    }
)


@contextlib.contextmanager
def written_tables() -> Iterator[set[str]]:
    tables: set[str] = set()
    with CaptureQueriesContext(connection) as captured:
        yield tables
    for query in captured.captured_queries:
        match = WRITE.match(query["sql"])
        if match and match.group(1) not in BOOKKEEPING_TABLES:
            tables.add(match.group(1))


# --- The fixture -------------------------------------------------------------------------------------------------


@dataclass
class Matrix:
    units: object
    own: UnitSide
    other: UnitSide
    users: dict
    leaks: Leaks = None


def add_secret_objects(unit: Unit, writer) -> None:
    """Ward B's objects whose titles and file names carry no ward name: only their own words can give them away."""
    section = unit.sections.get(key="intro").page
    page = section.add_child(instance=ContentPage(title=f"Sổ tay lưu trữ {SECRETS[0]}", slug="so-tay-noi-bo"))
    page.save_revision(user=writer)
    image = get_image_model().objects.create(
        title=f"Ảnh lưu trữ {SECRETS[1]}",
        file=get_test_image_file(filename=f"{SECRETS[1].lower()}-ho-so.png"),
        collection=unit.collection,
        uploaded_by_user=writer,
    )
    image.tags.add(f"{SECRETS[0].lower()}-the")
    get_document_model().objects.create(
        title=f"Công văn lưu trữ {SECRETS[2]}",
        file=ContentFile(b"%PDF-1.4 cong van", name=f"{SECRETS[2].lower()}-cong-van.pdf"),
        collection=unit.collection,
        uploaded_by_user=writer,
    )
    PageRating.objects.create(
        unit=unit,
        section="rating",
        kind="survey",
        month=timezone.localdate().replace(day=1),
        score=1,
        comment=f"Góp ý lưu trữ {SECRETS[2]}",
    )
    add_consultation_comment(unit, f"Góp ý lưu trữ {SECRETS[0]} về vỉa hè.")
    Question.objects.create(  # a citizen's personal data: shown to ward B's board only
        unit=unit,
        tracking_code="HD-BIMAT-0001",
        title=f"Phản ánh lưu trữ {SECRETS[1]}",
        content="Nội dung riêng của người dân.",
        sender_name=f"Người gửi {SECRETS[0]}",
        sender_email=f"{SECRETS[2].lower()}@example.vn",
        consent_at=timezone.now(),
        deadline=timezone.localdate(),
    )


@pytest.fixture
def matrix(two_units, django_user_model) -> Matrix:
    own = UnitSide(
        two_units.ward_a, add_unit_objects(two_units.ward_a, two_units.writer_a, "Ninh Sơn"), two_units.writer_a
    )
    other = UnitSide(
        two_units.ward_b, add_unit_objects(two_units.ward_b, two_units.writer_b, "Hiệp Ninh"), two_units.writer_b
    )
    add_secret_objects(two_units.ward_b, two_units.writer_b)
    for model in unit_owned_models():
        for side in (own, other):
            with contextlib.suppress(Unmapped):
                make_unit_owned_row(model, side.unit)
    oversight = django_user_model.objects.create_user("noivu.giamsat", "giamsat@tayninh.gov.vn", PASSWORD)
    oversight.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    superuser = django_user_model.objects.create_superuser("quantri", "quantri@tayninh.gov.vn", PASSWORD)
    users = {
        "writer": two_units.writer_a,
        "board": two_units.board_a,
        "admin": two_units.admin_a,
        "oversight": oversight,
        "superuser": superuser,
    }
    for side in (own, other):  # a page in moderation, so workflow routes have a state and a task state to name
        side.task_state_id()
    matrix = Matrix(two_units, own, other, users)
    matrix.leaks = Leaks(other)
    return matrix


def sign_in(client, matrix: Matrix, role: str) -> None:
    """`oversight` signs in with both steps; `oversight-unverified` and `superuser-unverified` with a password only."""
    base = role.removesuffix("-unverified")
    user = matrix.users[base]
    if role.endswith("-unverified"):
        client.force_login(user)
    else:
        login_verified(client, user) if base in {"oversight", "superuser"} else client.force_login(user)


@contextlib.contextmanager
def deployed_under(script_name: str) -> Iterator[dict]:
    """Requests as a WSGI server mounting the portal under `script_name` sends them (and reverse() prefixes)."""
    if not script_name:
        yield {}
        return
    set_script_prefix(script_name + "/")
    try:
        yield {"SCRIPT_NAME": script_name}
    finally:
        set_script_prefix("/")


def without_prefix(location: str, script_name: str) -> str:
    location = location.removeprefix("http://testserver").removeprefix("http://localhost")
    return location.removeprefix(script_name) if script_name else location


# --- Per-route checks --------------------------------------------------------------------------------------------


def check_get(client, matrix: Matrix, route: AdminRoute, script_name: str = "") -> list[str]:
    """GET the route with ward B's ids in the URL, then with ward B's ids in the query string: nothing of B shown."""
    problems: list[str] = []
    url = fill(route, matrix.other)
    with deployed_under(script_name) as extra:
        for query in ({}, other_unit_query(route, matrix.other)):
            try:
                response = client.get(url, query, **extra)
            except Exception as error:  # a crash on foreign ids is a failure too, reported with the URL
                problems.append(f"GET {url} {query}: {type(error).__name__}: {error}")
                continue
            if response.status_code in REFUSALS:
                continue
            if response.status_code in (301, 302):
                location = without_prefix(response["Location"], script_name)
                if location.startswith("/admin/") and "/login/" not in location:
                    followed = client.get(location, **extra)
                    leak = matrix.leaks.found(followed) if followed.status_code == 200 else ""
                    if leak:
                        problems.append(f"GET {url} {query} → {location}: {leak}")
                continue
            leak = matrix.leaks.found(response, route)
            if leak:
                problems.append(f"GET {url} {query} [{response.status_code}]: {leak}")
    return problems


def check_post(client, matrix: Matrix, route: AdminRoute, check_leaks: bool) -> list[str]:
    """POST the route's form with ward B's ids in the URL and in every chooser field: nothing written, nothing of B
    shown (`check_leaks`: not for the oversight group, which reads every unit); on ward A's own URL too."""
    problems: list[str] = []
    own_url, other_url = fill(route, matrix.own), fill(route, matrix.other)
    try:
        form_page = client.get(own_url)
    except Exception as error:
        return [f"GET {own_url}: {type(error).__name__}: {error}"]
    body = body_with_other_units_ids(form_page, matrix.other) if form_page.status_code == 200 else PostBody({}, {})
    # `check_leaks` is off for the oversight office only: it may write its own records (score tables, guidance).
    may_write = route.kind == "own" or (route.kind == "office" and not check_leaks)
    try:
        with written_tables() as tables:
            response = client.post(other_url, body.data)
    except Exception as error:
        return [f"POST {other_url}: {type(error).__name__}: {error}"]
    if tables and not may_write:
        problems.append(f"POST {other_url} [{response.status_code}] wrote {sorted(tables)}")
    if response.status_code == 200 and check_leaks:
        leak = matrix.leaks.found(response, route)
        if leak:
            problems.append(f"POST {other_url} [200]: {leak}")
    if body.overridden:
        # On the user's own object (or a form that names none), ward B's ids in the fields: refused, nothing written.
        try:
            with written_tables() as tables:
                response = client.post(own_url, body.data)
        except Exception as error:
            return [*problems, f"POST {own_url}: {type(error).__name__}: {error}"]
        fields = sorted(f"{key} ({model.__name__})" for key, (_f, _n, model) in body.overridden.items())
        if tables and not may_write:
            problems.append(
                f"POST {own_url} [{response.status_code}] with ward B's ids in {fields} wrote {sorted(tables)}"
            )
        elif response.status_code == 200:
            leak = matrix.leaks.found(response, route) if check_leaks else ""
            if leak:
                problems.append(f"POST {own_url} [200] with ward B's ids in {fields}: {leak}")
            errors = form_errors(response)
            missed = sorted(
                f"{key} ({model.__name__})" for key, (_f, _n, model) in body.overridden.items() if key not in errors
            )
            if errors and missed:  # the form was refused, but not for these fields: they took ward B's object
                problems.append(f"POST {own_url}: the form accepted ward B's ids in {missed}")
    return problems


def form_errors(response) -> set[str]:
    """The (prefixed) names of the fields a re-rendered form refused, its formsets' forms included."""
    errors: set[str] = set()
    for form in forms_in(response) if response.context else []:
        errors |= {form.add_prefix(name) for name in form.errors}
        for formset in getattr(form, "formsets", {}).values():
            for each in formset.forms:
                errors |= {each.add_prefix(name) for name in each.errors}
    return errors


def check_unverified(client, route: AdminRoute, matrix: Matrix, script_name: str = "") -> list[str]:
    """A superuser or oversight member who has not entered a code is sent to set up or verify, for GET and POST."""
    problems: list[str] = []
    url = fill(route, matrix.other)
    with deployed_under(script_name) as extra:
        for method in ("get", "post"):
            try:
                with written_tables() as tables:
                    response = getattr(client, method)(url, **extra)
            except Exception as error:
                problems.append(f"{method.upper()} {url}: {type(error).__name__}: {error}")
                continue
            location = without_prefix(response.get("Location", ""), script_name)
            sent_to_two_step = response.status_code == 302 and location.startswith("/admin/xac-thuc-hai-buoc/")
            if not sent_to_two_step and response.status_code not in (403, 404, 405):
                problems.append(f"{method.upper()} {url} [{response.status_code}] answered without a second factor")
            if tables:
                problems.append(f"{method.upper()} {url} wrote {sorted(tables)} without a second factor")
    return problems


def routes_for(check: str) -> list[AdminRoute]:
    routes = [route for route in expanded_routes() if route.kind != "outside"]
    if check == "unverified":
        routes = [r for r in routes if r.name not in UNVERIFIED_VIEW_NAMES]
    return routes


def run(check: str, client, matrix: Matrix, role: str, only: str | None = None) -> tuple[list[str], int]:
    """Run `check` over every route (or the route named `only`) for `role`; known-open cases are left out unless
    `only` names them."""
    script_name = SCRIPT_NAME if role.endswith("@cong") else ""
    base_role = role.removesuffix("@cong")
    sign_in(client, matrix, base_role)
    problems: list[str] = []
    checked = 0
    for route in routes_for(check):
        if only is None and known_open(check, role, route.name):
            continue
        if only is not None and route.name != only:
            continue
        try:
            if check == "get":
                found = check_get(client, matrix, route, script_name)
            elif check == "post":
                found = check_post(client, matrix, route, check_leaks=not base_role.startswith("oversight"))
            else:
                found = check_unverified(client, route, matrix, script_name)
        except Unmapped as error:
            found = [str(error)]
        checked += 1
        problems += [f"{role}: {problem}" for problem in found]
        if client.session.get("_auth_user_id") != str(matrix.users[base_role.removesuffix("-unverified")].pk):
            problems.append(f"{role}: {route.route} signed the user out; the matrix signs in again")
            sign_in(client, matrix, base_role)
    return problems, checked


# --- Tests -------------------------------------------------------------------------------------------------------


def test_every_admin_route_is_mapped(matrix):
    """A new admin route fails here until the matrix can fill its URL and knows what to expect of it."""
    routes = expanded_routes()
    assert len(routes) > 300
    names = {route.name for route in routes}
    for expected in (
        "wagtailadmin_pages:edit",
        "wagtailimages:edit",
        "wagtailadmin_choose_page_chosen_multiple",
        "wagtailadmin_api:pages:listing",  # a regex route
        "wagtailadmin_pages:revisions_compare",  # a regex route
        "wagtail_localize:update_translations",
    ):
        assert expected in names
    problems = [
        f"{route.route} ({route.name or 'no name'}): no rule in ROUTE_RULES"
        for route in routes
        if route.kind == "unmapped"
    ]
    for route in routes:
        if route.kind == "outside":
            continue
        for side in (matrix.own, matrix.other):
            try:
                fill(route, side)
            except Unmapped as error:
                problems.append(str(error))
    assert not problems, "\n".join(sorted(set(problems)))
    for _check, _role, name in KNOWN_OPEN:
        assert name in names | {"*"}, f"KNOWN_OPEN names a route that no longer exists: {name}"


@pytest.mark.parametrize("role", roles_of("get"))
def test_no_admin_view_shows_another_units_objects(client, matrix, role):
    problems, checked = run("get", client, matrix, role)
    assert checked > 300
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", roles_of("post"))
def test_no_admin_post_writes_with_another_units_ids(client, matrix, role):
    problems, checked = run("post", client, matrix, role)
    assert checked > 300
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", roles_of("unverified"))
def test_no_admin_view_answers_without_a_second_factor(client, matrix, role):
    problems, checked = run("unverified", client, matrix, role)
    assert checked > 300
    assert not problems, "\n".join(problems)


def known_open_cases():
    """One strict xfail per reason (a known leak): it fails once every case of the reason is closed."""
    by_reason: dict[str, list[tuple[str, str, str]]] = {}
    for key, reason in sorted(KNOWN_OPEN.items()):
        check, _role, name = key
        if name != "*" and check in ROLES:  # whole roles and publishing routes are xfailed in their own tests
            by_reason.setdefault(reason, []).append(key)
    for index, (reason, keys) in enumerate(by_reason.items()):
        yield pytest.param(keys, id=f"reason-{index}-{keys[0][2]}", marks=pytest.mark.xfail(strict=True, reason=reason))


@pytest.mark.parametrize("cases", list(known_open_cases()))
def test_known_open_leak_is_still_open(client, matrix, cases):
    """Fails (strict xfail) as soon as every case of its reason is closed: then remove them from KNOWN_OPEN."""
    problems: list[str] = []
    for check, role, name in cases:
        for each in ROLES[check] if role == "*" else [role]:
            client.logout()
            found, checked = run(check, client, matrix, each, only=name)
            assert checked, f"{check} {each} {name}: no such route"
            problems += found
    assert not problems, "\n".join(problems)


# --- Escalation: publishing without the right, granting roles outside the unit ------------------------------------

PUBLISH_ROUTES = (
    "wagtailadmin_pages:edit",
    "wagtail_bulk_action",
    "wagtailadmin_pages:revisions_revert",
    "wagtailadmin_pages:workflow_action",
    "wagtailadmin_pages:copy",
    "wagtailadmin_api:pages:action",
    "wagtail_localize:update_translations",
    "wagtail_localize:convert_to_alias",
    "wagtailsnippets:publish",
)


def live_state() -> set[tuple]:
    """What the public sees: the live pages, their live revision and title (a new draft or copy is not published)."""
    return set(Page.objects.filter(live=True).values_list("pk", "live_revision_id", "title", "alias_of_id"))


def edit_body(client, page) -> dict:
    from django.urls import reverse

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    parser = FormFields()
    parser.feed(response.content.decode())
    data = {name: (values if len(values) != 1 else values[0]) for name, values in parser.values.items()}
    data.pop("csrfmiddlewaretoken", None)
    data["title"] = "Đã xuất bản trái phép"
    for name, form_field in response.context["form"].fields.items():
        if type(form_field).__name__ == "BlockField":  # a StreamField is rendered by JavaScript: send it empty
            data.setdefault(f"{name}-count", "0")
    return data


def attempt_publish(client, route_name: str, page, writer) -> None:
    """Everything a writer could send to `route_name` to make `page` (or a copy or translation of it) live."""
    from django.urls import reverse
    from wagtail.models import get_default_page_content_type

    if route_name == "wagtailadmin_pages:edit":
        client.post(reverse(route_name, args=[page.pk]), {**edit_body(client, page), "action-publish": "publish"})
    elif route_name == "wagtail_bulk_action":
        url = reverse(route_name, args=["wagtailcore", "page", "publish"])
        client.post(f"{url}?id={page.pk}", {"include_descendants": "on"})
    elif route_name == "wagtailadmin_pages:revisions_revert":
        body = {**edit_body(client, page), "action-publish": "publish"}
        client.post(reverse(route_name, args=[page.pk, page.latest_revision.pk]), body)
    elif route_name == "wagtailadmin_pages:workflow_action":
        client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), {**edit_body(client, page), "action-submit": "1"}
        )
        from wagtail.models import TaskState

        state = TaskState.objects.filter(
            workflow_state__base_content_type=get_default_page_content_type(),
            workflow_state__object_id=str(page.pk),
            status="in_progress",
        ).first()
        assert state is not None, "the writer's submission did not start the unit's workflow"
        client.post(reverse(route_name, args=[page.pk, "approve", state.pk]), {"comment": ""})
    elif route_name == "wagtailadmin_pages:copy":
        body = {
            "new_title": "Bản sao",
            "new_slug": "ban-sao-trai-phep",
            "new_parent_page": page.get_parent().pk,
            "publish_copies": "on",
        }
        client.post(reverse(route_name, args=[page.pk]), body)
    elif route_name == "wagtailadmin_api:pages:action":
        for action in ("publish", "revert_to_page_revision"):
            url = reverse(route_name, args=[page.pk, action])
            client.post(url, {"revision_id": page.latest_revision.pk}, content_type="application/json")
        url = reverse(route_name, args=[page.pk, "copy"])
        client.post(url, {"destination_page_id": page.get_parent().pk, "keep_live": True}, "application/json")
    elif route_name.startswith("wagtail_localize:"):
        from wagtail_localize.models import TranslationSource

        english = Locale.objects.get(language_code="en")
        client.post(reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [english.pk]})
        source = TranslationSource.objects.get(object_id=page.translation_key)
        if route_name == "wagtail_localize:update_translations":
            client.post(reverse(route_name, args=[source.pk]), {"publish_translations": "on"})
        else:
            translated = page.get_translation(english)
            client.post(reverse(route_name, args=[translated.pk]), {})
    elif route_name == "wagtailsnippets:publish":
        from wagtail.models import DraftStateMixin
        from wagtail.snippets.models import get_snippet_models

        for model in get_snippet_models():
            if issubclass(model, DraftStateMixin) and issubclass(model, UnitOwnedMixin):
                row = make_unit_owned_row(model, page_unit(page))
                url = reverse(model.snippet_viewset.get_url_name("edit"), args=[row.pk])
                client.post(url, {"action-publish": "publish"})
    else:  # pragma: no cover - a new entry of PUBLISH_ROUTES needs its attempt here
        raise Unmapped(f"the matrix does not know how to publish through {route_name}")


def page_unit(page) -> Unit:
    from sites.models import Unit

    return Unit.for_page(page)


def translate_parents(page, english) -> None:
    """The page's ancestors below the unit's home exist in English (as wagtail-localize needs to place the copy)."""
    for ancestor in page.get_ancestors().filter(depth__gt=2).specific():
        if not ancestor.has_translation(english):
            ancestor.copy_for_translation(english, copy_parents=True, alias=False).save_revision().publish()


def snippets_with_draft_state() -> list[type]:
    from wagtail.models import DraftStateMixin
    from wagtail.snippets.models import get_snippet_models

    return [model for model in get_snippet_models() if issubclass(model, DraftStateMixin)]


def publish_route_params():
    for name in PUBLISH_ROUTES:
        reason = known_open("publish", "writer", name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(name, id=name, marks=marks)


def test_every_publishing_route_is_in_the_escalation_list():
    """A route whose name says it publishes, or a snippet that gains draft state, must join PUBLISH_ROUTES."""
    names = {route.name for route in expanded_routes()}
    publishing = {name for name in names if re.search(r"publish|revert|workflow_action|alias|convert", name)}
    covered = set(PUBLISH_ROUTES) | {
        "wagtailadmin_pages:unpublish",  # takes a page offline: refused like publishing (tests/sites/test_workflow.py)
        "wagtailadmin_pages:convert_alias",  # an alias is converted to a draft-able page, not published
        "wagtailadmin_pages:collect_workflow_action_data",  # the comment step before workflow_action, which acts
        # Publishes a citizen's question's answer, not a page: writers and the oversight office are refused it
        # (tests/participation/test_queue.py), and the matrix's POST check above runs it for every role.
        "participation_questions:publish",
    }
    assert publishing <= covered, f"routes that may publish, not tried by the matrix: {sorted(publishing - covered)}"
    for model in snippets_with_draft_state():
        assert issubclass(model, UnitOwnedMixin), f"{model.__name__}: a publishable snippet outside any unit"


@pytest.mark.parametrize("route_name", list(publish_route_params()))
def test_a_writer_publishes_by_no_route(client, matrix, route_name):
    writer = matrix.users["writer"]
    section = matrix.own.unit.sections.get(key="intro").page
    page = section.add_child(instance=ContentPage(title="Bài nháp của biên tập viên", slug="bai-nhap"))
    page.save_revision(user=writer).publish(user=matrix.users["board"])
    page.refresh_from_db()
    page.save_revision(user=writer)  # an unpublished change waiting for the board
    page.refresh_from_db()
    translate_parents(page, Locale.objects.get(language_code="en"))  # wagtail-localize places a translation there
    before = live_state()
    client.force_login(writer)
    with contextlib.suppress(Exception):  # a crash is not a publication; what counts is what went live
        attempt_publish(client, route_name, page, writer)
    changed = sorted(live_state() ^ before)
    assert not changed, f"{route_name}: a writer changed what is live: {changed}"


def test_the_board_publishes_by_the_edit_view(client, matrix):
    """The escalation test is not vacuous: the same request by the board publishes."""
    section = matrix.own.unit.sections.get(key="intro").page
    page = section.add_child(instance=ContentPage(title="Bài của Ban Biên tập", slug="bai-ban-bien-tap"))
    page.save_revision(user=matrix.users["writer"])
    client.force_login(matrix.users["board"])
    attempt_publish(client, "wagtailadmin_pages:edit", page, matrix.users["writer"])
    page.refresh_from_db()
    assert page.live and page.title == "Đã xuất bản trái phép"


def memberships() -> set[tuple]:
    return set(get_user_model().objects.values_list("pk", "is_superuser", "is_staff", "groups"))


@pytest.mark.parametrize("role", ["admin", "oversight"])
def test_no_one_grants_roles_outside_their_unit_or_superuser(client, matrix, role):
    """Unit administrators (and the oversight group) give nobody — themselves included — a group of another unit,
    the oversight group or superuser, by any account form."""
    from django.urls import reverse

    sign_in(client, matrix, role)
    me = matrix.users[role]
    own_unit, other_unit = matrix.own.unit, matrix.other.unit
    foreign_groups = [str(rg.group.pk) for rg in other_unit.role_groups.all()]
    foreign_groups.append(str(Group.objects.get(name=OVERSIGHT_GROUP_NAME).pk))
    escalation = {
        "roles": ["writer", "board", "admin", "superuser", *foreign_groups],
        "groups": foreign_groups,
        "is_superuser": "on",
        "is_staff": "on",
        "first_name": "Thử",
        "last_name": "Nâng quyền",
        "email": "nang-quyen@ninhson.gov.vn",
        "is_active": "on",
    }
    new_user = {"username": "nang.quyen", "password1": "Mk-dai-hon-12-ky-tu!", "password2": "Mk-dai-hon-12-ky-tu!"}
    before = memberships()
    requests = [
        (reverse("unit_accounts:edit", args=[own_unit.pk, me.pk]), escalation),
        (reverse("unit_accounts:edit", args=[own_unit.pk, matrix.own.writer.pk]), escalation),
        (reverse("unit_accounts:edit", args=[other_unit.pk, matrix.other.writer.pk]), escalation),
        (reverse("unit_accounts:edit", args=[other_unit.pk, me.pk]), escalation),
        (reverse("unit_accounts:create", args=[own_unit.pk]), {**escalation, **new_user}),
        (reverse("unit_accounts:create", args=[other_unit.pk]), {**escalation, **new_user, "username": "nang.quyen2"}),
        (reverse("wagtailusers_users:edit", args=[me.pk]), {**escalation, "username": me.username}),
        (reverse("wagtailusers_users:add"), {**escalation, **new_user, "username": "nang.quyen3"}),
        (reverse("wagtailadmin_account"), escalation),
    ]
    for url, body in requests:
        client.post(url, body)
    granted = sorted(
        (username, superuser, group)
        for pk, superuser, staff, group in memberships() - before
        for username in get_user_model().objects.filter(pk=pk).values_list("username", flat=True)
        if superuser or (group is not None and str(group) in foreign_groups)
    )
    assert not granted, f"{role} granted roles outside the unit or superuser: {granted}"
