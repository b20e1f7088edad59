"""Previewing an article with tags, as the writer does in the edit screen and the board does in the workflow."""

from __future__ import annotations

import json

from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from news.models import NewsArticlePage

from .conftest import WARD_A, article_form

TAG = "hiến máu"


def related_titles(html: str) -> str:
    """The text of the “related articles” block of a rendered article page."""
    start = html.index('id="related-heading"')
    return html[start : html.index("</section>", start)]


def edit_form(article: NewsArticlePage, **overrides) -> dict:
    """The article's edit form as the editor posts it, with the shared tag and a new paragraph."""
    body = [("paragraph", rich_text("<p>Nội dung mới.</p>"))]
    fields = {
        "title": article.title,
        "slug": article.slug,
        "intro": article.intro,
        "featured_image_alt": article.featured_image_alt,
        "tags": f'"{TAG}", "thanh niên"',
    }
    return article_form(article.featured_image, body, **{**fields, **overrides})


def tagged_articles(news) -> NewsArticlePage:
    """Ward A's article tagged “hiến máu”, one more of ward A with that tag, one without, and ward B's with it."""
    units = news.units
    news.article(units.ward_a, "Ninh Sơn vận động hiến máu", tags=[TAG])
    news.article(units.ward_a, "Ninh Sơn sửa đường", tags=["giao thông"])
    news.article(units.ward_b, "Hiệp Ninh hiến máu", tags=[TAG])
    return news.article(units.ward_a, "Ngày hội hiến máu tình nguyện", tags=[TAG, "thanh niên"])


def assert_related_of_ward_a(html: str) -> None:
    related = related_titles(html)
    assert "Ninh Sơn vận động hiến máu" in related
    assert "Ninh Sơn sửa đường" not in related
    assert "Hiệp Ninh hiến máu" not in related


def test_the_writer_previews_an_article_with_tags_and_sees_its_related_articles(news, client):
    article = tagged_articles(news)
    client.force_login(news.units.writer_a)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))

    posted = client.post(url, edit_form(article), HTTP_HOST=WARD_A)
    assert json.loads(posted.content)["is_valid"] is True
    response = client.get(url, HTTP_HOST=WARD_A)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nội dung mới." in html
    assert_related_of_ward_a(html)


def test_the_board_previews_a_tagged_article_in_moderation(news, client):
    article = tagged_articles(news)
    client.force_login(news.units.writer_a)
    edit = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    response = client.post(edit, edit_form(article, **{"action-submit": "1"}), HTTP_HOST=WARD_A)
    assert response.status_code == 302
    article.refresh_from_db()
    task = article.current_workflow_task
    assert task is not None

    client.force_login(news.units.board_a)
    url = reverse("wagtailadmin_pages:workflow_preview", args=(article.pk, task.pk))
    response = client.get(url, HTTP_HOST=WARD_A)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nội dung mới." in html
    assert_related_of_ward_a(html)
