"""The published answers: listed and searchable without diacritics, filtered by topic, one unit's only, and never
with the sender's personal data — in the listing, the detail, the lookup, the site search, the sitemap and the feeds.
A form of ward A refuses ward B's khu phố."""

from __future__ import annotations

import pytest

from participation.models import Area, Question, QuestionEvent

from .conftest import PERSONAL_MARKERS, QA_PATH, WARD_A, WARD_B, form_data, make_question, solved_payload, topic


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def searched(client, query: str) -> str:
    return text_of(client.get("/tim-kiem/", {"q": query}, HTTP_HOST=WARD_A)).replace(query, "")


@pytest.mark.django_db
def test_published_answers_are_listed_by_unit_without_personal_data(two_units, client):
    ward_a, ward_b = two_units.ward_a, two_units.ward_b
    area = Area.objects.create(unit=ward_a, name="Khu phố Ninh Phúc")
    land = make_question(ward_a, area=area, code="HD-2026-AAAAA2")
    school = make_question(
        ward_a, title="Tuyển sinh lớp 1 năm học 2026–2027", topic_name="Giáo dục", answer="Nhận hồ sơ từ 1/7."
    )
    pending = make_question(ward_a, status=Question.Status.ASSIGNED, title="Câu hỏi đang xử lý QZ5521")
    rejected = make_question(
        ward_a,
        status=Question.Status.REJECTED,
        title="Nội dung không thuộc thẩm quyền",
        code="HD-2026-AAAAA3",
        rejection_reason="Nội dung thuộc thẩm quyền của Tòa án nhân dân.",
    )
    other = make_question(ward_b, title="Bồi thường giải phóng mặt bằng KX7319")

    listing = text_of(client.get(QA_PATH, HTTP_HOST=WARD_A))
    assert land.title in listing and school.title in listing and "Khu phố Ninh Phúc" in listing
    assert pending.title not in listing and rejected.title not in listing and other.title not in listing

    # Without diacritics, any case; by topic.
    found = text_of(client.get(QA_PATH, {"q": "CHUNG NHAN quyen su dung dat"}, HTTP_HOST=WARD_A))
    assert land.title in found and school.title not in found
    by_topic = text_of(client.get(QA_PATH, {"linh_vuc": topic("Giáo dục").pk}, HTTP_HOST=WARD_A))
    assert school.title in by_topic and land.title not in by_topic
    assert "Không có câu trả lời nào phù hợp" in text_of(client.get(QA_PATH, {"q": "khong co"}, HTTP_HOST=WARD_A))

    detail = text_of(client.get(f"{QA_PATH}{land.pk}/", HTTP_HOST=WARD_A))
    assert land.answer in detail and land.content in detail
    for hidden in (pending, rejected, other):  # unpublished, or another unit's
        assert client.get(f"{QA_PATH}{hidden.pk}/", HTTP_HOST=WARD_A).status_code == 404
    assert client.get(f"{QA_PATH}{other.pk}/", HTTP_HOST=WARD_B).status_code == 200
    assert other.title not in text_of(client.get(QA_PATH, {"q": "KX7319"}, HTTP_HOST=WARD_A))

    lookup_published = text_of(client.post(f"{QA_PATH}tra-cuu/", {"ma": land.tracking_code}, HTTP_HOST=WARD_A))
    assert land.answer in lookup_published
    lookup_rejected = text_of(client.post(f"{QA_PATH}tra-cuu/", {"ma": rejected.tracking_code}, HTTP_HOST=WARD_A))
    assert "Không tiếp nhận" in lookup_rejected and "Tòa án nhân dân" in lookup_rejected
    # Ward B's code is not found on ward A's portal.
    assert "Không tìm thấy" in text_of(client.post(f"{QA_PATH}tra-cuu/", {"ma": other.tracking_code}, HTTP_HOST=WARD_A))

    outputs = {
        "listing": listing,
        "detail": detail,
        "lookup": lookup_published + lookup_rejected,
        # The search page repeats the query: what it found is what counts.
        "search": searched(client, "Bích Ngọc"),
        "search-phone": searched(client, "0912 345 678"),
        "search-address": searched(client, "hẻm 14 đường Bời Lời"),
        "sitemap": text_of(client.get("/sitemap.xml", HTTP_HOST=WARD_A)),
        "rss": text_of(client.get("/rss/", HTTP_HOST=WARD_A)),
    }
    for name, output in outputs.items():
        assert not [marker for marker in PERSONAL_MARKERS if marker in output], name
    assert QA_PATH in outputs["sitemap"]


@pytest.mark.django_db
def test_a_form_refuses_another_units_area_and_stores_its_own(two_units, client):
    own = Area.objects.create(unit=two_units.ward_a, name="Khu phố Ninh Thọ")
    foreign = Area.objects.create(unit=two_units.ward_b, name="Khu phố Hiệp Thạnh")
    page = text_of(client.get(f"{QA_PATH}gui-cau-hoi/", HTTP_HOST=WARD_A))
    assert "Khu phố Ninh Thọ" in page and "Khu phố Hiệp Thạnh" not in page

    response = client.post(
        f"{QA_PATH}gui-cau-hoi/", form_data(area=str(foreign.pk), altcha=solved_payload()), HTTP_HOST=WARD_A
    )
    assert "Khu phố, ấp đã chọn không thuộc đơn vị này" in text_of(response)
    assert Question.objects.count() == 0

    response = client.post(f"{QA_PATH}gui-cau-hoi/", form_data(area=str(own.pk)), HTTP_HOST=WARD_A)
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.area == own and question.unit == two_units.ward_a
    assert QuestionEvent.objects.filter(question=question).count() == 1
