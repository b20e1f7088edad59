from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from wagtail import hooks

from .helpers import language_redirect
from .review import submit_translation_for_review

review_urls = (
    [path("<int:translation_id>/gui-duyet/", submit_translation_for_review, name="submit")],
    "languages_translation_review",
)


@hooks.register("before_serve_page")
def serve_pages_only_in_published_languages(page, request, serve_args, serve_kwargs):
    """English pages only where the unit publishes English; never a Vietnamese page under an /en/ address."""
    return language_redirect(page, request)


@hooks.register("register_admin_urls")
def register_translation_review_urls():
    return [path("ban-dich/", include(review_urls, namespace="languages_translation_review"))]


@hooks.register("insert_global_admin_js")
def translate_localize_editor_strings():
    """The two strings wagtail-localize's translation editor does not pass through gettext, in Vietnamese."""
    return format_html('<script src="{}" defer></script>', static("js/admin-localize-vi.js"))
