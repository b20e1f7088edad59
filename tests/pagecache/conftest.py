"""The news fixture (a city and two wards with articles) for the page cache tests."""

from tests.news.conftest import news  # noqa: F401
