"""The publish right on every route that publishes: only a unit's board puts its pages live,
and only those who may change a row (superusers, for the city-wide taxonomies) make or change its translations.

Wagtail's own routes (page editor, bulk actions, revisions, workflow actions, the admin API's actions, scheduled
publishing) already ask `permissions_for_user(user).can_publish()`. wagtail-localize's do not all ask: syncing
translations with “publish immediately” and converting a translation into an alias publish with the edit right
only. `publish_refusal` is called for every admin request (sites.admin_scoping.AdminUnitBoundaryMiddleware) and
answers for those routes; `LOCALIZE_ROUTES` classifies every wagtail-localize route, so an upgrade that adds one
fails tests/sites/test_publish_routes.py until it is classified here.

Translating a row that is not a page saves it at once (wagtail-localize has no drafts for it), and translating a
page translates the rows it points to as well (a document's type, issuing body, signer). `UnitBoundTranslationCreator`
skips the rows the user may not change, so a writer's document translation points to the Vietnamese row (or to the
English row a superuser made) instead of adding or overwriting rows of a city-wide taxonomy.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import DraftStateMixin, Page, Site
from wagtail.permissions import policy_registry
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize import operations
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource
from wagtail_localize.operations import TranslationCreator

from .access import editable_units_for_user
from .models import UnitOwnedMixin

# Routes that publish, each answered below.
SYNC_ROUTE = "wagtail_localize:update_translations"
CONVERT_ROUTE = "wagtail_localize:convert_to_alias"
API_ACTION_ROUTE = "wagtailadmin_api:pages:action"
# Every other wagtail-localize route and why it cannot put anything live.
LOCALIZE_ROUTES = {
    SYNC_ROUTE: "publishes with “publish immediately”: the publish right on every translation",
    CONVERT_ROUTE: "an alias is live when its source is: the publish right on the page",
    "wagtail_localize:submit_page_translation": "pages become drafts (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE)",
    "wagtail_localize:submit_snippet_translation": "saves the row at once: the right to change it (may_change_row)",
    "wagtail_localize:edit_string_translation": "translation memory only",
    "wagtail_localize:edit_override": "translation memory only",
    "wagtail_localize:download_pofile": "reads",
    "wagtail_localize:upload_pofile": "translation memory only",
    "wagtail_localize:machine_translate": "translation memory only",
    "wagtail_localize:preview_translation": "reads",
    "wagtail_localize:stop_translation": "stops syncing, publishes nothing",
    "wagtail_localize:translations_report": "reads",
    "wagtail_localize:translations_report_results": "reads",
    "wagtail_localize:snippets_api_listing": "reads",
    "wagtail_localize:snippets_api_detail": "reads",
    "wagtail_localize:javascript_catalog": "reads",
}
# The translation editor's own “publish” (the page edit route) asks can_publish() in wagtail-localize itself.


def can_publish(user, instance) -> bool:
    """Whether saving `instance` as the public version is this user's to do."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    model = type(instance)
    if isinstance(instance, DraftStateMixin):
        return user.has_perm(get_permission_name("publish", model))
    # A row without drafts is public as soon as it is saved: the right to change it is the right to publish it.
    return user.has_perm(get_permission_name("change", model))


def may_change_row(user, instance) -> bool:
    """Whether this user may change `instance` (and so add or change its translations): the model's change right,
    within the user's units for a unit-owned row; city-wide rows (taxonomies) are the superusers'."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    if not user.has_perm(get_permission_name("change", type(instance))):
        return False
    if isinstance(instance, UnitOwnedMixin):
        return editable_units_for_user(user).filter(pk=instance.unit_id).exists()
    return True


def keep_alias_address(page: Page, alias: Page) -> None:
    """`page` is about to be translated and its translation is still an alias (a stand-in wagtail-localize made for
    an untranslated parent). When the alias has an address of its own (a section's English slug,
    languages.aliases), that address becomes the slug's translation, so turning the alias into the translation keeps
    it — and the addresses of the pages under it — instead of putting back the Vietnamese slug before anyone has
    translated anything. The translator may still change it in the editor."""
    if alias.slug == page.slug:
        return
    source, _created = TranslationSource.get_or_create_from_instance(page)
    segment = StringSegment.objects.filter(source=source, context__path="slug").select_related("string", "context")
    segment = segment.first()
    if segment is not None:
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=alias.locale,
            context=segment.context,
            defaults={"data": alias.slug, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )


class UnitBoundTranslationCreator(TranslationCreator):
    """wagtail-localize's translation creator, skipping the rows its user may not change (see the module's notes).

    A page whose translation is still an alias: wagtail-localize turns the alias into the translation's draft but
    leaves it live, showing the Vietnamese text it mirrored as an English page (in the English menu, say) until the
    board publishes the translation. It is taken offline instead — the pages under it stay public — and keeps its
    address (`keep_alias_address`)."""

    def create_translations(self, instance, include_related_objects=True):
        if self.user is not None and not isinstance(instance, Page) and not may_change_row(self.user, instance):
            return None
        aliases = []
        if isinstance(instance, Page):
            instance = instance.specific
            for locale in self.target_locales:
                alias = instance.get_translation_or_none(locale) if locale.pk != instance.locale_id else None
                if alias is not None and alias.alias_of_id is not None:
                    keep_alias_address(instance, alias)
                    aliases.append(alias.pk)
        result = super().create_translations(instance, include_related_objects=include_related_objects)
        converted = Page.objects.filter(pk__in=aliases, alias_of__isnull=True, live=True)  # turned into drafts
        for page in converted.specific():
            # Not a publishing decision (a stand-in goes offline): a writer's translation does it too.
            UnpublishPageAction(page, user=self.user, log_action=False).execute(skip_permission_checks=True)
        return result


def bound_translation_creator() -> None:
    """Make wagtail-localize's `translate_object` and `translate_page_subtree` use `UnitBoundTranslationCreator`
    (they look the class up in their module at each call; no setting or hook chooses it)."""
    operations.TranslationCreator = UnitBoundTranslationCreator


def may_publish_translations(user, source) -> bool:
    """Whether syncing `source` (a wagtail-localize TranslationSource) may publish all its translations."""
    try:
        source_instance = source.get_source_instance()
    except Exception:  # the source object was deleted: wagtail-localize answers for it itself
        return True
    for translation in source.translations.filter(enabled=True).select_related("target_locale"):
        try:
            target = translation.get_target_instance()
        except Exception:  # not created yet: syncing would create it in the source's tree, under the same rights
            target = source_instance
        if not can_publish(user, target):
            return False
    return True


def may_change_site_setting(user, view_kwargs) -> bool:
    """Whether a site setting's route (edit, preview) is this user's: the change right on that site, asked before
    the view runs — Wagtail's preview creates the site's settings row before it asks."""
    try:
        model = apps.get_model(view_kwargs["app_name"], view_kwargs["model_name"])
    except (LookupError, KeyError, ValueError):
        return True  # Wagtail answers 404 itself
    pk = str(view_kwargs.get("pk", ""))
    if not issubclass(model, BaseSiteSetting) or not (pk.isascii() and pk.isdigit()):
        return True
    site = Site.objects.filter(pk=int(pk)).first()
    if site is None:
        return True
    return policy_registry.get_by_type(model).user_has_permission_for_instance(user, "change", site)


def _page_edit_url(page_id) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def publish_refusal(request, match, view_kwargs):
    """A response (or None) for an admin request that would publish without the publish right.

    Syncing with “publish immediately” still syncs, as a draft, and says so; converting to an alias is refused.
    """
    name = match.view_name if match is not None else ""
    if name == "wagtail_localize:submit_snippet_translation":
        try:
            model = apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
            row = model._default_manager.filter(pk=view_kwargs["pk"]).first()
        except (LookupError, ValueError, KeyError):
            return None  # wagtail-localize answers 404 itself
        if row is not None and not may_change_row(request.user, row):
            raise PermissionDenied
        return None
    if name == SYNC_ROUTE and request.method == "POST" and request.POST.get("publish_translations"):
        source = TranslationSource.objects.filter(pk=view_kwargs.get("translation_source_id")).first()
        if source is not None and not may_publish_translations(request.user, source):
            data = request.POST.copy()
            data.pop("publish_translations")
            request.POST = data
            messages.warning(
                request,
                _(
                    "Bạn không có quyền xuất bản: bản dịch đã được đồng bộ ở dạng bản nháp. "
                    "Ban Biên tập của đơn vị sẽ duyệt và xuất bản."
                ),
            )
        return None
    if name.startswith("wagtailsettings:") and not may_change_site_setting(request.user, view_kwargs):
        raise PermissionDenied
    if name == API_ACTION_ROUTE and view_kwargs.get("action_name") == "publish":
        # Wagtail's action saves a revision of a page that has none before it asks for the right: ask first.
        page = Page.objects.filter(pk=view_kwargs.get("pk")).first()
        if page is not None and not page.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        return None
    if name == CONVERT_ROUTE:
        page = Page.objects.filter(pk=view_kwargs.get("page_id")).first()
        if page is not None and not page.permissions_for_user(request.user).can_publish():
            messages.error(
                request,
                _(
                    "Chỉ Ban Biên tập của đơn vị được chuyển bản dịch thành bí danh của trang gốc, "
                    "vì việc này xuất bản trang."
                ),
            )
            return redirect(_page_edit_url(page.pk))
    return None
