"""Public feed URLs, mounted at /rss/ (Vietnamese) and /en/rss/ (English) on every unit's host (portal/urls.py)."""

from django.urls import path

from . import feeds


def _per_request(feed_class):
    """A fresh feed object per request: feeds keep the request to build absolute links."""

    def view(request, *args, **kwargs):
        return feed_class()(request, *args, **kwargs)

    view.__name__ = feed_class.__name__
    return view


app_name = "news_feeds"
urlpatterns = [
    path("", _per_request(feeds.UnitFeed), name="unit"),
    path("cac-don-vi/", _per_request(feeds.AllUnitsFeed), name="all_units"),
    path("chu-de/<slug:slug>/", _per_request(feeds.CategoryFeed), name="category"),
    path("chuyen-muc/<slug:key>/", _per_request(feeds.SectionFeed), name="section"),
]
