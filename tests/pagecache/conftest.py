"""The news fixture (a city and two wards with articles) and the page cache turned on, empty, for every test here."""

import pytest
from django.core.cache import cache, caches

from pagecache import generations
from tests.news.conftest import news  # noqa: F401


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    caches["pages"].clear()
    generations.hosts.version = None  # the test database has new Sites
    yield
    cache.clear()
    caches["pages"].clear()
