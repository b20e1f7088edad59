"""The news demo: enough realistic content across the city and its units, every proposal state, idempotent."""

from __future__ import annotations

from demo.news import WARD_SHORT, load_demo
from news.models import AnnouncementPush, MediaFile, NewsArticlePage, ProposalStatus, SyndicationProposal
from sites.models import Unit
from tests.conftest import make_unit


def test_demo_loads_40_articles_across_the_city_and_six_units_and_a_second_run_creates_nothing(city):
    for slug, (name, _short) in WARD_SHORT.items():
        make_unit("commune" if name.startswith("Xã") else "ward", name, slug, "tayninh")
    units = {unit.slug: unit for unit in Unit.objects.all()}

    load_demo(units)

    articles = NewsArticlePage.objects.live()
    assert articles.count() >= 40
    with_articles = {unit.slug for unit in Unit.objects.for_pages(articles).values()}
    assert len(with_articles - {"tayninh"}) >= 5 and "tayninh" in with_articles
    assert articles.filter(source_kind="aggregated").exclude(source_url="").count() >= 3
    assert articles.filter(pinned=True).count() >= 3
    audio = MediaFile.objects.filter(kind="audio")
    assert audio.count() >= 2 and set(audio.values_list("mime_type", flat=True)) == {"audio/wav"}
    assert articles.exclude(audio_bulletin=None).count() >= 2
    assert set(SyndicationProposal.objects.values_list("status", flat=True)) == set(ProposalStatus.values)
    assert SyndicationProposal.objects.filter(status="rejected").exclude(reason="").exists()
    assert AnnouncementPush.objects.count() == 1
    image = articles.first().featured_image
    assert (image.width, image.height) == (1600, 900)

    counts = (NewsArticlePage.objects.count(), SyndicationProposal.objects.count(), MediaFile.objects.count())
    lines = load_demo({unit.slug: unit for unit in Unit.objects.all()})
    assert (NewsArticlePage.objects.count(), SyndicationProposal.objects.count(), MediaFile.objects.count()) == counts
    assert lines == []  # nothing added, nothing reported
