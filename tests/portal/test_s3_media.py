"""Public media on S3 (PORTAL_MEDIA_STORAGE=s3, portal/settings/base.py) against moto's in-process S3: uploads land
in the bucket, pages link images by signed URLs of the bucket, documents stream through Wagtail's serve view (a
private one only after its check), and citizens' attachments stay on the file system."""

from __future__ import annotations

import re
from html import unescape

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings
from moto import mock_aws
from storages.backends.s3 import S3Storage
from wagtail.models import Collection, CollectionViewRestriction

from news.models import NewsArticlePage
from participation.storage import private_storage
from portal.settings.base import s3_media_storage
from tests.documents.conftest import make_file
from tests.news.conftest import NOW, WARD_A, make_image, section

BUCKET = "portal-media-test"
ENV = {
    "PORTAL_S3_BUCKET": BUCKET,
    "PORTAL_S3_REGION": "us-east-1",
    "PORTAL_S3_ACCESS_KEY_ID": "test-access-key",
    "PORTAL_S3_SECRET_ACCESS_KEY": "test-secret-key",
    "PORTAL_S3_URL_EXPIRE": "3600",
}


@pytest.fixture
def bucket():
    """The storage settings production builds from PORTAL_S3_*, on a bucket of moto's."""
    storage, _origin = s3_media_storage(ENV)
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        with override_settings(
            STORAGES={
                "default": storage,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
            WAGTAILDOCS_SERVE_METHOD="serve_view",
        ):
            yield s3


def keys(s3) -> set[str]:
    return {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_the_settings_keep_the_bucket_private_and_name_the_image_origin():
    storage, origin = s3_media_storage({**ENV, "PORTAL_S3_ENDPOINT_URL": "https://s3.example.gov.vn/"})
    options = storage["OPTIONS"]
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert options["endpoint_url"] == origin == "https://s3.example.gov.vn"
    assert s3_media_storage({**ENV, "PORTAL_S3_CUSTOM_DOMAIN": "anh.example.gov.vn"})[1] == "https://anh.example.gov.vn"


@pytest.mark.django_db
def test_an_article_image_is_uploaded_to_the_bucket_and_shown_by_a_signed_url(bucket, client, two_units):
    ward = two_units.ward_a
    image = make_image(ward, file_name="tong-ve-sinh.jpg")
    assert image.file.name in keys(bucket)
    article = NewsArticlePage(
        title="Phường ra quân tổng vệ sinh",
        slug="ra-quan-tong-ve-sinh",
        intro="Hơn 300 người dân tham gia.",
        featured_image=image,
        featured_image_alt="Người dân thu gom rác",
        body=[{"type": "paragraph", "value": "<p>Bài viết.</p>"}],
        date=NOW,
    )
    section(ward, "news").add_child(instance=article)
    article.save_revision().publish()

    response = client.get(article.get_url(), HTTP_HOST=WARD_A)

    assert response.status_code == 200
    sources = [unescape(src) for src in re.findall(r'<img[^>]+src="([^"]+)"', response.content.decode())]
    hero = [src for src in sources if "/images/tong-ve-sinh" in src]
    assert hero, sources
    assert hero[0].startswith(f"https://{BUCKET}.s3.amazonaws.com/images/tong-ve-sinh.")
    assert "X-Amz-Signature=" in hero[0] and "X-Amz-Expires=3600" in hero[0]
    rendition_key = hero[0].split(".amazonaws.com/", 1)[1].split("?", 1)[0]
    assert rendition_key in keys(bucket)
    # Sharing names the bucket's address as it is, never glued after the portal's host.
    shared = unescape(re.search(r'<meta property="og:image" content="([^"]+)"', response.content.decode()).group(1))
    assert shared.startswith(f"https://{BUCKET}.s3.amazonaws.com/images/tong-ve-sinh.")


@pytest.mark.django_db
def test_a_document_is_uploaded_to_the_bucket_and_downloaded_through_the_portal(bucket, client, two_units):
    content = b"%PDF-1.4\n" + "Quyết định số 15/QĐ-UBND".encode() * 50
    document = make_file(two_units.ward_a, name="quyet-dinh-15.pdf", content=content)
    assert document.file.name in keys(bucket)

    response = client.get(document.url, HTTP_HOST=WARD_A)

    assert response.status_code == 200, response.get("Location")
    assert b"".join(response.streaming_content) == content
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_private_document_in_the_bucket_is_refused_to_a_visitor_with_no_link_to_the_bucket(bucket, client, two_units):
    private = two_units.ward_a.collection.add_child(instance=Collection(name="Nội bộ"))
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    document = make_file(two_units.ward_a, name="noi-bo.pdf")
    document.collection = private
    document.save()

    response = client.get(document.url, HTTP_HOST=WARD_A)

    assert response.status_code == 302
    assert "amazonaws" not in response["Location"] and "/login/" in response["Location"]


def test_citizens_attachments_never_go_to_the_bucket(bucket):
    assert isinstance(storages["default"], S3Storage)
    name = private_storage.save("hoi-dap/kiem-thu/don.txt", ContentFile(b"noi dung rieng"))
    try:
        assert private_storage.exists(name)
        assert name not in keys(bucket) and not keys(bucket)
    finally:
        private_storage.delete(name)
