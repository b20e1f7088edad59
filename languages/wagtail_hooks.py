from wagtail import hooks

from .helpers import language_redirect


@hooks.register("before_serve_page")
def serve_pages_only_in_published_languages(page, request, serve_args, serve_kwargs):
    """English pages only where the unit publishes English; never a Vietnamese page under an /en/ address."""
    return language_redirect(page, request)
