"""Quality gates and source rules of an article, as an editor meets them when saving."""

from __future__ import annotations

import io
import json
import wave

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.test.utils.form_data import rich_text

from news.media import sniff_media
from news.models import MediaFile, NewsArticlePage

from .conftest import WARD_A, article_form, get, list_block, make_image, section


def errors_of(page: NewsArticlePage, parent) -> dict[str, list[str]]:
    page._parent_for_clean = parent
    with pytest.raises(ValidationError) as caught:
        page.full_clean(exclude=["path", "depth", "slug", "content_type", "title"])
    return caught.value.message_dict


def draft(news, **fields) -> NewsArticlePage:
    values = {
        "title": "Phường ra quân tổng vệ sinh",
        "intro": "Hơn 300 người dân tham gia.",
        "featured_image": news.image_a,
        "featured_image_alt": "Người dân thu gom rác",
        "body": [{"type": "paragraph", "value": "<p>Nội dung.</p>"}],
    }
    values.update(fields)
    return NewsArticlePage(**values)


def test_a_sapo_longer_than_300_characters_is_refused_with_its_length(news):
    parent = section(news.units.ward_a, "news")
    errors = errors_of(draft(news, intro="a" * 301), parent)
    assert any("301" in message and "300" in message for message in errors["intro"])


def test_a_featured_image_below_1200x630_is_refused_with_a_clear_message(news):
    small = make_image(news.units.ward_a, 1000, 600)
    errors = errors_of(draft(news, featured_image=small), section(news.units.ward_a, "news"))
    assert errors["featured_image"] == [
        "Ảnh đại diện chỉ có 1000×600 điểm ảnh; cần tối thiểu 1200×630 để hiển thị rõ khi chia sẻ lên mạng xã hội."
    ]


def test_featured_image_and_its_alt_text_are_required(news):
    errors = errors_of(draft(news, featured_image=None, featured_image_alt="  "), section(news.units.ward_a, "news"))
    assert "Bài viết phải có ảnh đại diện." in errors["featured_image"]
    assert "featured_image_alt" in errors


def test_an_aggregated_article_without_its_source_fails_on_each_missing_field(news):
    errors = errors_of(draft(news, source_kind="aggregated"), section(news.units.ward_a, "news"))
    assert errors["source_name"] == ["Tin tổng hợp phải ghi tên nguồn (ví dụ: Báo Tây Ninh)."]
    assert errors["source_url"] == ["Tin tổng hợp phải có đường dẫn tới bài gốc."]
    assert errors["source_date"] == ["Tin tổng hợp phải ghi ngày đăng của bài gốc."]


def test_an_aggregated_article_shows_nguon_with_a_link_to_the_original(news, client):
    import datetime

    article = news.article(
        news.units.ward_a,
        "Những điểm mới của Luật Đất đai",
        key="propaganda" if news.units.ward_a.sections.filter(key="propaganda").exists() else "news",
        source_kind="aggregated",
        source_name="Báo Tây Ninh",
        source_url="https://baotayninh.vn/luat-dat-dai.html",
        source_date=datetime.date(2026, 5, 18),
    )
    html = get(client, WARD_A, article.url_path.removeprefix("/ninhson")).content.decode()
    assert 'Nguồn: <a href="https://baotayninh.vn/luat-dat-dai.html"' in html
    assert 'Báo Tây Ninh</a>, <time datetime="2026-05-18">18/5/2026</time>' in html


def test_an_article_cannot_use_another_units_category(news):
    errors = errors_of(draft(news, category=news.category_b), section(news.units.ward_a, "news"))
    assert errors["category"] == ["Chủ đề “Kinh tế” thuộc đơn vị khác; hãy chọn chủ đề của Phường Ninh Sơn."]
    page = draft(news, category=news.category_a)
    page._parent_for_clean = section(news.units.ward_a, "news")
    page.full_clean(exclude=["path", "depth", "slug", "content_type", "title"])


def test_the_admin_refuses_an_aggregated_article_without_source_and_keeps_nothing(news, client):
    client.force_login(news.units.writer_a)
    parent = section(news.units.ward_a, "news")
    data = article_form(
        news.image_a,
        [("paragraph", rich_text("<p>Nội dung.</p>"))],
        title="Tin tổng hợp thiếu nguồn",
        slug="tin-tong-hop-thieu-nguon",
        featured_image_alt="Toàn cảnh hội nghị",
        source_kind="aggregated",
    )
    url = f"/admin/pages/add/news/newsarticlepage/{parent.pk}/"
    response = client.post(url, data, HTTP_HOST=WARD_A)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tin tổng hợp phải ghi tên nguồn" in html
    assert not NewsArticlePage.objects.filter(slug="tin-tong-hop-thieu-nguon").exists()


@pytest.mark.parametrize(
    ("alt_text", "message"),
    [
        ("ảnh", "không chỉ ghi “ảnh”"),
        ("Image", "không chỉ ghi “ảnh”"),
        ("{file_name}", "không phải tên tệp ảnh"),
        ("{stem}", "không phải tên tệp ảnh"),
        ("DSC_0412.JPG", "không phải tên tệp ảnh"),
    ],
)
def test_a_news_gallery_photo_described_by_a_word_for_image_or_its_file_name_is_refused(
    news, client, alt_text, message
):
    photo = make_image(news.units.ward_a, file_name="le-ra-quan-ve-sinh.jpg")
    file_name = photo.file.name.rsplit("/", 1)[-1]
    alt_text = alt_text.format(file_name=file_name, stem=file_name.rsplit(".", 1)[0])
    images = [
        {"image": photo.pk, "alt_text": "Người dân dọn vệ sinh khu phố 1", "caption": ""},
        {"image": photo.pk, "alt_text": alt_text, "caption": ""},
    ]
    client.force_login(news.units.writer_a)
    parent = section(news.units.ward_a, "news")
    data = article_form(news.image_a, [("gallery", {"title": "", "images": list_block(images), "credit": ""})])
    response = client.post(f"/admin/pages/add/news/newsarticlepage/{parent.pk}/", data, HTTP_HOST=WARD_A)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["body"][0].as_json_data()
    assert message in json.dumps(errors, ensure_ascii=False)
    assert not NewsArticlePage.objects.filter(slug=data["slug"]).exists()


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


def test_uploads_are_checked_by_content_not_by_name(news):
    fake = MediaFile(unit=news.units.ward_a, title="Bản tin", file=ContentFile(b"<html>not audio</html>", name="x.mp3"))
    with pytest.raises(ValidationError) as caught:
        fake.full_clean()
    assert "không phải âm thanh" in caught.value.message_dict["file"][0]
    assert sniff_media(ContentFile(wav_bytes(), name="ban-tin.txt")) == ("audio", "audio/wav")


def test_an_audio_bulletin_gets_an_accessible_player_with_its_transcript(news, client):
    audio = MediaFile(
        unit=news.units.ward_a,
        title="Bản tin sáng",
        transcript="Kính thưa bà con!",
        file=ContentFile(wav_bytes(), name="ban-tin.wav"),
    )
    audio.full_clean()
    audio.save()
    assert audio.kind == "audio"
    article = news.article(news.units.ward_a, "Phòng chống sốt xuất huyết", audio_bulletin=audio)
    html = get(client, WARD_A, article.url_path.removeprefix("/ninhson")).content.decode()
    assert '<audio class="audio-bulletin__player" controls preload="none" aria-labelledby="audio-title">' in html
    assert 'type="audio/wav"' in html
    assert "Đọc nội dung bản tin" in html and "Kính thưa bà con!" in html


def test_an_audio_bulletin_of_another_unit_or_a_video_is_refused(news):
    other = MediaFile.objects.create(
        unit=news.units.ward_b,
        title="Bản tin B",
        kind="audio",
        mime_type="audio/wav",
        file=ContentFile(wav_bytes(), name="b.wav"),
    )
    errors = errors_of(draft(news, audio_bulletin=other), section(news.units.ward_a, "news"))
    assert errors["audio_bulletin"] == ["Tệp âm thanh này thuộc đơn vị khác."]
