"""The publish right on every route that publishes (DESIGN.md decision 1): only a unit's board puts its pages live.

Wagtail's own routes (page editor, bulk actions, revisions, workflow actions, the admin API's actions, scheduled
publishing) already ask `permissions_for_user(user).can_publish()`. wagtail-localize's do not all ask: syncing
translations with “publish immediately” and converting a translation into an alias publish with the edit right
only. `publish_refusal` is called for every admin request (sites.admin_scoping.AdminUnitBoundaryMiddleware) and
answers for those routes; `LOCALIZE_ROUTES` classifies every wagtail-localize route, so an upgrade that adds one
fails tests/sites/test_publish_routes.py until it is classified here.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.permissions import get_permission_name

# Routes that publish, each answered below.
SYNC_ROUTE = "wagtail_localize:update_translations"
CONVERT_ROUTE = "wagtail_localize:convert_to_alias"
# Every other wagtail-localize route and why it cannot put anything live.
LOCALIZE_ROUTES = {
    SYNC_ROUTE: "publishes with “publish immediately”: the publish right on every translation",
    CONVERT_ROUTE: "an alias is live when its source is: the publish right on the page",
    "wagtail_localize:submit_page_translation": "pages become drafts (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE)",
    "wagtail_localize:submit_snippet_translation": "snippet rows: the unit boundary and model rights (admin_scoping)",
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


def _page_edit_url(page_id) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def publish_refusal(request, match, view_kwargs):
    """A response (or None) for an admin request that would publish without the publish right.

    Syncing with “publish immediately” still syncs, as a draft, and says so; converting to an alias is refused.
    """
    name = match.view_name if match is not None else ""
    if name == SYNC_ROUTE and request.method == "POST" and request.POST.get("publish_translations"):
        from wagtail_localize.models import TranslationSource

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
    if name == CONVERT_ROUTE:
        page = Page.objects.filter(pk=view_kwargs.get("page_id")).first()
        if page is not None and not page.permissions_for_user(request.user).can_publish():
            messages.error(
                request,
                _(
                    "Chỉ Ban Biên tập của đơn vị được chuyển bản dịch thành bản sao của trang gốc, "
                    "vì việc này xuất bản trang."
                ),
            )
            return redirect(_page_edit_url(page.pk))
    return None
