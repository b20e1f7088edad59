"""Views of the project itself, outside every app."""

import mimetypes
import posixpath

from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.static import serve

# Uploaded files a browser may show in the page's place: raster images and PDFs. Anything else under MEDIA_ROOT (an
# HTML, SVG or XML file a storage held, a document's file reached past Wagtail's serve view) is downloaded, never
# rendered on the portal's origin.
INLINE_MEDIA_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "application/pdf"}
)  # fmt: skip


@never_cache
def health(request):
    """`/healthz`: the process answers (for a load balancer's check); no template, no query. The benchmarks measure
    pages against it (bench/pagecache.py)."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def media(request, path, document_root):
    """MEDIA_URL when Django serves it (DEBUG, the e2e portal): as the production web server must (docs/operations.md),
    nosniff, nothing embedded, and only images and PDFs inline. Documents never: only Wagtail's serve view, which checks
    the collection's privacy, hands them out — whatever spelling of the path (`//documents/`, `./documents/`,
    `images/../documents/`) the static view would resolve to them."""
    resolved = posixpath.normpath(path).lstrip("/")
    if resolved == "documents" or resolved.startswith("documents/"):
        raise Http404
    response = serve(request, path, document_root=document_root)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    if mimetypes.guess_type(path)[0] not in INLINE_MEDIA_TYPES:
        response["Content-Disposition"] = "attachment"
    return response
