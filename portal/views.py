"""Views of the project itself, outside every app."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """`/healthz`: the process answers (for a load balancer's check); no template, no query. The benchmarks measure
    pages against it (bench/pagecache.py)."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
