"""Provisioning: one service that creates (or completes) a unit portal from the blueprint.

Used by `manage.py provision_unit`, the admin's “Tạo cổng thành phần” view, `sync_blueprint` and `seed_demo`.
Everything runs in one transaction: bad input raises `ProvisioningError` and leaves no rows behind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from search.text import fold

from .access import OVERSIGHT_PERMISSION, english_locale, unit_home_pages
from .blueprint import BLUEPRINT, GENERIC_SECTION, HOME_PAGE, Blueprint, Section
from .hosts import default_hostname, stored_port, validate_hostname
from .models import (
    ALLOWED_PARENT_KINDS,
    SLUG_VALIDATOR,
    Unit,
    UnitGroup,
    UnitKind,
    UnitOwnedMixin,
    UnitRole,
    UnitSection,
)
from .signals import unit_content_changed, unit_structure_ensured

PAGE_PERMISSIONS = {
    UnitRole.WRITER: ["add_page", "change_page"],
    UnitRole.BOARD: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    UnitRole.ADMIN: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"],
}
_MEDIA_ALL = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.delete_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
    "wagtaildocs.choose_document",
]
COLLECTION_PERMISSIONS = {
    # Writers add media and edit what they uploaded themselves (Wagtail's ownership rule).
    UnitRole.WRITER: [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
    UnitRole.BOARD: _MEDIA_ALL,
    UnitRole.ADMIN: [
        *_MEDIA_ALL,
        "wagtailcore.add_collection",
        "wagtailcore.change_collection",
        "wagtailcore.delete_collection",
    ],
}
# Every role may start an English translation of a page it can edit (wagtail-localize's “Dịch”); the copy lands in the
# unit's English tree, where the same page permissions and workflow apply.
GLOBAL_PERMISSIONS = {role: ["wagtailadmin.access_admin", "wagtail_localize.submit_translation"] for role in UnitRole}
# Site-scoped permissions (Wagtail's GroupSitePermission): the unit administrator edits their own portal's settings.
SITE_PERMISSIONS = {UnitRole.WRITER: [], UnitRole.BOARD: [], UnitRole.ADMIN: ["sites.change_portalsettings"]}
# The city's oversight group (the Home Affairs office): what makes it the oversight office is the permission it holds
# (`sites.access.OVERSIGHT_PERMISSION`), never its name. It also gets admin access and the “view” permission of every
# unit-owned model.
OVERSIGHT_GROUP_NAME = "Giám sát cổng thành phần (Phòng Nội vụ)"
OVERSIGHT_PERMISSIONS = ["wagtailadmin.access_admin", OVERSIGHT_PERMISSION]


class ProvisioningError(Exception):
    """Input that cannot be provisioned: `problems` pairs the form field at fault (or None) with a message in the
    active language, ready to show to the administrator."""

    def __init__(self, problems: list[tuple[str | None, str]]):
        self.problems = problems
        super().__init__("; ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [message for _field, message in self.problems]


# “Phường Ninh Sơn” → “Ninh Son Ward”: the official pattern for English names of administrative units.
_KIND_WORDS = {
    UnitKind.WARD: ("Phường ", "Ward"),
    UnitKind.COMMUNE: ("Xã ", "Commune"),
    UnitKind.CITY: ("Thành phố ", "City"),
    UnitKind.PROVINCE: ("Tỉnh ", "Province"),
}


# “Ủy ban MTTQ Việt Nam thành phố Tây Ninh” → “Vietnam Fatherland Front Committee of Tay Ninh City”.
_FRONT_PREFIXES = ("Ủy ban Mặt trận Tổ quốc Việt Nam ", "Ủy ban MTTQ Việt Nam ", "Ủy ban Mặt trận Tổ quốc ")


def _front_english_name(name: str) -> str:
    for front in _FRONT_PREFIXES:
        if not name.startswith(front):
            continue
        place = name[len(front) :]
        for place_kind, (prefix, _word) in _KIND_WORDS.items():
            if place.lower().startswith(prefix.lower()):
                english = default_english_name(place_kind, prefix + place[len(prefix) :])
                return f"Vietnam Fatherland Front Committee of {english}"
    return ""


def default_english_name(kind: str, name: str) -> str:
    """The customary English name of a ward, commune, city or province, or of a Fatherland Front committee named after
    one; "" for other units (no safe rule)."""
    if kind == UnitKind.FATHERLAND_FRONT:
        return _front_english_name(name)
    if kind not in _KIND_WORDS:
        return ""
    prefix, word = _KIND_WORDS[kind]
    proper = fold(name[len(prefix) :] if name.startswith(prefix) else name, keep_case=True).strip()
    if re.fullmatch(r"\d+|[IVXLC]+", proper):  # numbered wards: “Phường 1” → “Ward 1”
        return f"{word} {proper}"
    return f"{proper} {word}"


def ensure_english_home(unit: Unit) -> list[str]:
    """Create and publish the English home of a unit if it has none; returns the changes made.

    The English home starts with the unit's English name and no text of its own: nothing Vietnamese appears on
    English pages. Citizens reach it only once the unit publishes English.
    """
    locale = english_locale()
    home = unit.home_page.specific
    if home.get_translation_or_none(locale) is not None:
        return []
    translated = home.copy_for_translation(locale)
    translated.title = unit.name_en or unit.name
    translated.draft_title = translated.title
    if hasattr(translated, "intro"):
        translated.intro = ""
    translated.save_revision().publish()
    Site.clear_site_root_paths_cache()
    return [f"Tạo trang chủ tiếng Anh “{translated.title}”"]


@dataclass
class UnitSpec:
    kind: str
    name: str
    slug: str
    parent_slug: str | None = None
    code: str = ""
    hostname: str | None = None
    address: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    responsible_person: str = ""
    name_en: str = (
        ""  # blank: the customary English name of a ward/commune/city/province (provisioning.default_english_name)
    )


class Notice(str):
    """A line of a provisioning report that asks for attention but records no change (e.g. a skipped section)."""


@dataclass
class ProvisionResult:
    unit: Unit
    created: bool
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(not isinstance(line, Notice) for line in self.changes)

    @property
    def notices(self) -> list[str]:
        return [line for line in self.changes if isinstance(line, Notice)]


def _clean_spec(spec: UnitSpec) -> tuple[UnitSpec, Unit | None, str]:
    """Check the spec against the database; returns (spec, parent, hostname) or raises with every problem found."""
    errors: list[tuple[str | None, str]] = []
    # Names typed on some systems arrive decomposed (NFD); store and compare them in NFC (TCVN 6909).
    spec.name = unicodedata.normalize("NFC", " ".join(spec.name.split()))
    for name in ("address", "fax", "phone", "email", "responsible_person", "code"):
        setattr(spec, name, unicodedata.normalize("NFC", (getattr(spec, name) or "").strip()))
    spec.slug = spec.slug.strip().lower()
    if spec.kind not in UnitKind.values:
        message = _("Loại đơn vị “%(kind)s” không hợp lệ; chọn một trong: %(choices)s.")
        errors.append(("kind", message % {"kind": spec.kind, "choices": ", ".join(UnitKind.values)}))
    if not spec.name:
        errors.append(("name", _("Chưa nhập tên chính thức của đơn vị.")))
    elif len(spec.name) > (limit := Unit._meta.get_field("name").max_length):
        errors.append(("name", _("Tên đơn vị dài quá %(limit_value)s ký tự.") % {"limit_value": limit}))
    if not SLUG_VALIDATOR.regex.fullmatch(spec.slug):
        message = _(
            "Mã định danh “%(slug)s” không hợp lệ: chỉ dùng chữ thường không dấu (a–z), chữ số và dấu gạch ngang, "
            "tối đa 63 ký tự."
        )
        errors.append(("slug", message % {"slug": spec.slug}))
    parent = None
    if spec.parent_slug:
        parent = Unit.objects.select_related("site").filter(slug=spec.parent_slug).first()
        if parent is None:
            message = _("Không tìm thấy đơn vị cấp trên có mã “%(slug)s”.")
            errors.append(("parent", message % {"slug": spec.parent_slug}))
    if spec.kind in UnitKind.values and (parent is not None or not spec.parent_slug):
        allowed = ALLOWED_PARENT_KINDS[spec.kind]
        parent_kind = parent.kind if parent else None
        if parent_kind not in allowed:
            kind_label = UnitKind(spec.kind).label
            if parent is None:
                errors.append(("parent", _("Đơn vị loại “%(kind)s” phải có đơn vị cấp trên.") % {"kind": kind_label}))
            else:
                message = _("Đơn vị loại “%(kind)s” không thể trực thuộc “%(parent)s” (%(parent_kind)s).")
                values = {"kind": kind_label, "parent": parent.name, "parent_kind": UnitKind(parent.kind).label}
                errors.append(("parent", message % values))
    # An uppercase hostname is refused rather than silently changed: the administrator must see what is stored.
    hostname = (spec.hostname or "").strip()
    if not hostname and not errors:
        hostname = default_hostname(spec.slug, parent)
    if hostname:
        problem = validate_hostname(hostname)
        if problem:
            errors.append(("hostname", problem))
    if errors:
        raise ProvisioningError(errors)
    return spec, parent, hostname


def slug_taken_message(unit: Unit) -> str:
    message = _("Mã định danh “%(slug)s” đã được dùng cho %(name)s (%(hostname)s).")
    return message % {"slug": unit.slug, "name": unit.name, "hostname": unit.site.hostname}


def _check_conflicts(spec: UnitSpec, parent: Unit | None, hostname: str) -> Unit | None:
    """The existing unit when the spec describes it again (idempotent run); raises on any clash."""
    existing = Unit.objects.select_related("site", "parent").filter(slug=spec.slug).first()
    if existing is not None:
        same = (
            existing.kind == spec.kind
            and existing.name == spec.name
            and existing.parent_id == (parent.pk if parent else None)
            # No hostname given: the unit keeps the one it has (moved by `move_hosts`, or set by its administrator).
            and (not spec.hostname or existing.site.hostname == hostname)
        )
        if not same:
            raise ProvisioningError([("slug", slug_taken_message(existing))])
        return existing
    errors: list[tuple[str | None, str]] = []
    site = Site.objects.filter(hostname=hostname).first()
    if site is not None:
        message = _("Tên miền “%(hostname)s” đã được dùng cho trang “%(site)s”.")
        errors.append(("hostname", message % {"hostname": hostname, "site": site.site_name or site.hostname}))
        if parent is None and not spec.hostname:
            errors.append(("hostname", _("Đơn vị cấp cao nhất thứ hai cần một tên miền riêng.")))
    if Page.get_first_root_node().get_children().filter(slug=spec.slug).exists():
        message = _("Đã có một cây trang gốc mang mã “%(slug)s”; hãy chọn mã định danh khác.")
        errors.append(("slug", message % {"slug": spec.slug}))
    if errors:
        raise ProvisioningError(errors)
    return None


@transaction.atomic
def provision_unit(spec: UnitSpec, blueprint: Blueprint = BLUEPRINT) -> ProvisionResult:
    """Create the unit portal described by `spec`, or complete it if the same unit already exists.

    Builds the site on its hostname, the home page, every blueprint section the unit's kind requires, the unit's
    media collection, its three editorial groups with permissions limited to its tree and collection, the board's
    approval workflow on its root, and what the content apps add on `unit_structure_ensured` (its issuing body).
    Running it again with the same spec changes nothing.
    """
    spec, parent, hostname = _clean_spec(spec)
    existing = _check_conflicts(spec, parent, hostname)
    if existing is not None:
        changes = _update_contact(existing, spec)
        changes += ensure_unit_structure(existing, blueprint)
        return ProvisionResult(existing, created=False, changes=changes)

    root = Page.get_first_root_node()
    home = root.add_child(instance=_page_model(HOME_PAGE)(title=spec.name, slug=spec.slug, locale=Locale.get_default()))
    site = Site.objects.create(
        hostname=hostname, port=stored_port(), site_name=spec.name, root_page=home, is_default_site=False
    )
    collection = Collection.get_first_root_node().add_child(name=_unique_collection_name(spec.name, spec.slug))
    unit = Unit.objects.create(
        kind=spec.kind,
        parent=parent,
        name=spec.name,
        name_en=spec.name_en or default_english_name(spec.kind, spec.name),
        slug=spec.slug,
        code=spec.code,
        address=spec.address,
        phone=spec.phone,
        fax=spec.fax,
        email=spec.email,
        responsible_person=spec.responsible_person,
        site=site,
        home_page=home,
        collection=collection,
    )
    changes = [f"Tạo cổng {unit.name} tại {site.hostname}"]
    changes += ensure_unit_structure(unit, blueprint)
    return ProvisionResult(unit, created=True, changes=changes)


def _update_contact(unit: Unit, spec: UnitSpec) -> list[str]:
    changed = []
    for name in ("name_en", "code", "address", "phone", "fax", "email", "responsible_person"):
        value = getattr(spec, name)
        if value and getattr(unit, name) != value:
            setattr(unit, name, value)
            changed.append(name)
    if changed:
        unit.save(update_fields=changed)
        return [f"Cập nhật thông tin liên hệ: {', '.join(changed)}"]
    return []


def _fit(head: str, tail: str, model) -> str:
    """`head + tail` shortened in `head` with an ellipsis so it fits the `name` column of `model`."""
    limit = model._meta.get_field("name").max_length
    if len(head) + len(tail) <= limit:
        return head + tail
    return head[: limit - len(tail) - 1].rstrip() + "…" + tail


def _unique_collection_name(name: str, slug: str) -> str:
    taken = Collection.objects.filter(name=name).exists()
    return _fit(name, f" ({slug})", Collection) if taken else name


def ensure_unit_structure(unit: Unit, blueprint: Blueprint = BLUEPRINT) -> list[str]:
    """Add whatever the unit lacks (sections, groups, permissions, workflow, and what the content apps add on
    `unit_structure_ensured`, such as its own issuing body); never changes editors' content."""
    changes = ensure_sections(unit, blueprint)
    changes += ensure_english_home(unit)
    groups, group_changes = ensure_groups(unit)
    changes += group_changes
    changes += ensure_workflow(unit, groups[UnitRole.BOARD])
    for _receiver, lines in unit_structure_ensured.send(sender=Unit, unit=unit):
        changes += lines
    return changes


def _ordered(sections: list[Section]) -> list[Section]:
    """Parents before children, otherwise blueprint order."""
    done: list[Section] = []
    keys = {s.key for s in sections}
    pending = list(sections)
    while pending:
        progressed = False
        for section in list(pending):
            if not section.parent or section.parent not in keys or section.parent in {d.key for d in done}:
                done.append(section)
                pending.remove(section)
                progressed = True
        if not progressed:  # a parent cycle in an edited blueprint would otherwise loop forever
            raise ValueError(f"Blueprint sections form a parent cycle: {', '.join(s.key for s in pending)}")
    return done


def _page_model(label: str):
    return apps.get_model(label)


def ensure_sections(unit: Unit, blueprint: Blueprint = BLUEPRINT) -> list[str]:
    changes: list[str] = []
    home = unit.home_page
    existing = {row.key: row for row in unit.sections.select_related("page", "page__content_type")}
    sections = _ordered(blueprint.for_kind(unit.kind))
    applicable = {s.key for s in sections}
    # Retype existing sections children first, so a parent's new type finds its child sections already typed.
    for section in reversed(sections):
        row = existing.get(section.key)
        if row is not None:
            change = _upgrade_section_type(unit, row, section, _page_model(section.page_type))
            if change:
                changes.append(change)
    for section in sections:
        model = _page_model(section.page_type)
        if section.key in existing:
            continue
        if section.parent in applicable and section.parent not in existing:
            # Its parent section was skipped: never put the child at the top of the tree instead.
            parent_title = blueprint.get(section.parent).title_vi
            changes.append(Notice(f"Bỏ qua chuyên mục “{section.title_vi}”: chưa có chuyên mục cha “{parent_title}”."))
            continue
        parent = existing[section.parent].page if section.parent in existing else home
        page = parent.get_children().filter(slug=section.slug).first()
        if page is not None:
            if page.specific_class is not model:
                changes.append(
                    Notice(
                        f"Bỏ qua chuyên mục “{section.title_vi}”: địa chỉ /{section.slug}/ đang là một trang khác "
                        f"(“{page.title}”)."
                    )
                )
                continue
            changes.append(f"Gắn trang có sẵn “{page.title}” làm chuyên mục {section.key}")
        elif not model.can_exist_under(parent):
            changes.append(_not_allowed_under(section, model, parent))
            continue
        else:
            page = parent.add_child(instance=_new_section_page(model, section, parent))
            changes.append(f"Tạo chuyên mục “{section.title_vi}”")
        existing[section.key] = UnitSection.objects.create(unit=unit, key=section.key, page=page)
    return changes


def _new_section_page(model, section: Section, parent: Page) -> Page:
    return model(
        title=section.title_vi,
        slug=section.slug,
        locale_id=parent.locale_id,
        show_in_menus=section.menu,
    )


def _not_allowed_under(section: Section, model, parent: Page) -> Notice:
    return Notice(
        f"Bỏ qua chuyên mục “{section.title_vi}”: trang loại “{model._meta.verbose_name}” không được đặt dưới "
        f"“{parent.title}”; hãy sửa mẫu chuyên mục."
    )


def _upgrade_section_type(unit: Unit, row: UnitSection, section: Section, model) -> str | None:
    """Turn an untouched generic section page into the typed page the blueprint now names, in place.

    The page keeps its id, address, position and child sections; only its type changes. A page an editor has
    written in (a revision, an intro, a body, or child pages that are not blueprint sections) is left alone.
    """
    page = row.page
    if page.specific_class is model:
        return None
    generic = _page_model(GENERIC_SECTION)
    if page.specific_class is not generic:
        return Notice(
            f"Chuyên mục {section.key} là “{page.specific_class._meta.verbose_name}”, khác với mẫu; giữ nguyên."
        )
    specific = page.specific
    section_page_ids = set(unit.sections.values_list("page_id", flat=True))
    children = list(page.get_children().select_related("content_type"))
    untouched = (
        page.latest_revision_id is None
        and not specific.intro
        and not specific.body
        and all(child.pk in section_page_ids for child in children)
    )
    if not untouched:
        return Notice(
            f"Chuyên mục “{page.title}” đã có nội dung nên vẫn là trang chung; "
            f"cần chuyển sang “{model._meta.verbose_name}” thủ công."
        )
    parent = page.get_parent()
    if not model.can_exist_under(parent):
        return _not_allowed_under(section, model, parent)
    misplaced = [
        child.title
        for child in children
        if child.specific_class not in model.allowed_subpage_models()
        or model not in child.specific_class.allowed_parent_page_models()
    ]
    if misplaced:
        return Notice(
            f"Chưa chuyển chuyên mục “{page.title}” sang “{model._meta.verbose_name}”: loại trang này không chứa "
            f"được {', '.join(misplaced)}; hãy sửa mẫu chuyên mục."
        )
    _retype_page(page, generic, model)
    return f"Chuyển chuyên mục “{page.title}” sang “{model._meta.verbose_name}”"


def _retype_page(page: Page, old_model, new_model) -> None:
    """Replace the specific row of `page` (multi-table inheritance) without touching the tree or its children."""
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(old_model._meta.db_table)
        column = connection.ops.quote_name(old_model._meta.pk.column)
        cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [page.pk])  # table and column names come from _meta
    new_specific = new_model(page_ptr_id=page.pk)
    new_specific.save_base(raw=True)  # inserts the new type's own row only; the Page row stays as it is
    Page.objects.filter(pk=page.pk).update(content_type=ContentType.objects.get_for_model(new_model))
    refreshed = Page.objects.get(pk=page.pk).specific
    refreshed.save()  # search index and signal handlers see the page under its new type
    # Neither the update nor a page's save purges the page cache (a save is a draft): the section shows anew.
    unit_content_changed.send(sender=new_model, unit=Unit.for_page(refreshed))


def _permissions(codenames: list[str]) -> list[Permission]:
    result = []
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        result.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return result


def unit_owned_models() -> list[type[UnitOwnedMixin]]:
    """Every installed concrete model whose rows belong to a unit (subclasses of `UnitOwnedMixin`)."""
    return [model for model in apps.get_models() if issubclass(model, UnitOwnedMixin)]


def _model_permissions(model, actions) -> list[Permission]:
    codenames = [f"{action}_{model._meta.model_name}" for action in actions]
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return list(Permission.objects.filter(content_type=content_type, codename__in=codenames))


def grant_unit_model_permissions(groups: dict[str, Group], unit_models=None, new_groups=frozenset()) -> list[str]:
    """Give each of a unit's groups the `unit_permissions` of every unit-owned model for its role.

    These are Django model permissions; which rows they reach is narrowed to the group's unit by
    `sites.viewsets.UnitOwnedPermissionPolicy`. Returns a line per existing group that received new permissions
    (a model added since the unit was provisioned); groups just created (`new_groups`) are reported as created.
    """
    changes: list[str] = []
    models = unit_owned_models() if unit_models is None else list(unit_models)
    for role, group in groups.items():
        wanted: list[Permission] = []
        for model in models:
            wanted += _model_permissions(model, model.unit_permissions.get(role, ()))
        held = set(group.permissions.filter(pk__in=[p.pk for p in wanted]).values_list("pk", flat=True))
        missing = [permission for permission in wanted if permission.pk not in held]
        if missing:
            group.permissions.add(*missing)
            if role not in new_groups:
                changes.append(f"Cấp {len(missing)} quyền trên dữ liệu của đơn vị cho nhóm “{group.name}”")
    return changes


def ensure_oversight_group(unit_models=None) -> tuple[Group, list[str]]:
    """The city's oversight group (Phòng Nội vụ): the oversight permission, admin access and read-only access to every
    unit-owned model.

    It gets no page, collection or site permission: it reads unit trees through
    `sites.access.UnitPagePermissionPolicy` and writes in none of them.
    """
    group, created = Group.objects.get_or_create(name=OVERSIGHT_GROUP_NAME)
    changes = [f"Tạo nhóm “{group.name}”"] if created else []
    models = unit_owned_models() if unit_models is None else list(unit_models)
    wanted = _permissions(OVERSIGHT_PERMISSIONS)
    for model in models:
        wanted += _model_permissions(model, ["view"])
    held = set(group.permissions.values_list("pk", flat=True))
    missing = [permission for permission in wanted if permission.pk not in held]
    if missing:
        group.permissions.add(*missing)
        if not created:
            changes.append(f"Cấp {len(missing)} quyền xem cho nhóm “{group.name}”")
    return group, changes


def ensure_groups(unit: Unit, unit_models=None) -> tuple[dict[str, Group], list[str]]:
    """The unit's three editorial groups with their page, collection, site and unit-owned model permissions.

    `unit_models` defaults to every installed `UnitOwnedMixin` model (tests may pass their own list).
    """
    changes: list[str] = []
    groups: dict[str, Group] = {}
    new_groups: set[str] = set()
    current = {ug.role: ug.group for ug in unit.role_groups.select_related("group")}
    page_perms = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="wagtailcore", codename__endswith="_page")
    }
    homes = list(unit_home_pages(Unit.objects.filter(pk=unit.pk)))
    for role in UnitRole:
        group = current.get(role)
        if group is None:
            name = _fit(unit.name, f" – {role.label}", Group)
            if Group.objects.filter(name=name).exists():
                name = _fit(unit.name, f" ({unit.slug}) – {role.label}", Group)
            group = Group.objects.create(name=name)
            UnitGroup.objects.create(unit=unit, role=role, group=group)
            new_groups.add(role)
            changes.append(f"Tạo nhóm “{group.name}”")
        groups[role] = group
        group.permissions.add(*_permissions(GLOBAL_PERMISSIONS[role]))
        for codename in PAGE_PERMISSIONS[role]:
            for home in homes:  # the Vietnamese home and its English translation
                GroupPagePermission.objects.get_or_create(group=group, page=home, permission=page_perms[codename])
        for permission in _permissions(COLLECTION_PERMISSIONS[role]):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=unit.collection, permission=permission
            )
        for permission in _permissions(SITE_PERMISSIONS[role]):
            GroupSitePermission.objects.get_or_create(group=group, site=unit.site, permission=permission)
    changes += grant_unit_model_permissions(groups, unit_models, new_groups)
    ensure_oversight_group(unit_models)  # the city's group, not this unit's: kept out of the unit's report
    return groups, changes


def ensure_workflow(unit: Unit, board: Group) -> list[str]:
    changes = []
    workflow = unit.workflow
    if workflow is None:
        workflow = Workflow.objects.create(
            name=_fit(f"Phê duyệt của Ban Biên tập – {unit.name}", "", Workflow), active=True
        )
        task = GroupApprovalTask.objects.create(name=_fit(f"Ban Biên tập {unit.name}", " phê duyệt", GroupApprovalTask))
        task.groups.set([board])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        unit.workflow = workflow
        unit.save(update_fields=["workflow"])
        changes.append(f"Tạo quy trình “{workflow.name}”")
    for home in unit_home_pages(Unit.objects.filter(pk=unit.pk)).exclude(workflowpage__isnull=False):
        WorkflowPage.objects.create(page=home, workflow=workflow)
        english = home.pk != unit.home_page_id
        changes.append("Gắn quy trình phê duyệt vào trang chủ " + ("tiếng Anh của đơn vị" if english else "đơn vị"))
    return changes


def sync_all_units(blueprint: Blueprint = BLUEPRINT) -> dict[Unit, list[str]]:
    """Bring every unit up to date with the blueprint (`manage.py sync_blueprint`)."""
    report = {}
    for unit in Unit.objects.select_related("site", "home_page", "collection", "workflow"):
        with transaction.atomic():
            report[unit] = ensure_unit_structure(unit, blueprint)
    return report
