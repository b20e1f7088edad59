"""A writer sends an English translation to the unit's board (“Gửi Ban Biên tập duyệt”), the board approves it.

The writer may not publish; the translation goes through the same approval workflow as a Vietnamese page:
it is written into a draft of the English page, the board finds it waiting, approves (publishes) or sends it back.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from home.models import ContentPage
from languages.review import SUBMIT_ROUTE
from sites.access import english_locale
from tests.sites.test_publish_routes import submit_for_translation, vietnamese_page, ward  # noqa: F401
from tests.sites.test_workflow import act

ENGLISH_TITLE = "Ward citizen reception schedule"


def translation_of(english: ContentPage) -> Translation:
    return Translation.objects.get(source__object_id=english.translation_key, target_locale=english.locale)


def translate_every_segment(english: ContentPage) -> None:
    """What the writer does in the translation editor: an English text for every segment, the title included."""
    translation = translation_of(english)
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string", "context"):
        text = ENGLISH_TITLE if segment.context.path == "title" else f"English: {segment.string.data}"
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=english.locale,
            context=segment.context,
            defaults={"data": text},
        )


def submit_url(english: ContentPage) -> str:
    return reverse(SUBMIT_ROUTE, args=[translation_of(english).pk])


@pytest.fixture
def english(ward, client):  # noqa: F811
    """Ward A's live Vietnamese page, which its writer has put up for translation into English."""
    page = vietnamese_page(ward.ward_a, "Lịch tiếp công dân của phường", "lich-tiep-cong-dan", live=True)
    client.force_login(ward.writer_a)
    return submit_for_translation(client, page)


def test_writer_submits_a_whole_translation_and_the_board_publishes_it(ward, client, english):  # noqa: F811
    translate_every_segment(english)
    mail.outbox.clear()

    response = client.post(submit_url(english), follow=True)

    assert response.status_code == 200
    assert "Đã gửi bản dịch" in response.content.decode()
    english = ContentPage.objects.get(pk=english.pk)
    assert not english.live  # nothing is public before the board decides
    state = english.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert english.get_latest_revision_as_object().title == ENGLISH_TITLE
    # The board is told, and finds it waiting in its dashboard.
    assert any(ward.board_a.email in message.to for message in mail.outbox)
    client.force_login(ward.board_a)
    assert ENGLISH_TITLE in client.get(reverse("wagtailadmin_home")).content.decode()

    assert act(client, ward.board_a, english, "approve").status_code == 302

    english = ContentPage.objects.get(pk=english.pk)
    assert english.live and english.title == ENGLISH_TITLE


def test_an_untranslated_segment_stops_the_submission_with_a_message(ward, client, english):  # noqa: F811
    response = client.post(submit_url(english), follow=True)

    html = response.content.decode()
    assert "đoạn chưa dịch" in html
    english = ContentPage.objects.get(pk=english.pk)
    assert english.current_workflow_state is None and not english.live


def test_a_writer_of_another_unit_cannot_submit_it(ward, client, english):  # noqa: F811
    translate_every_segment(english)
    client.force_login(ward.writer_b)

    response = client.post(submit_url(english))

    # Wagtail's admin answers a refusal by sending the user back to the dashboard with a message
    assert response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))
    english = ContentPage.objects.get(pk=english.pk)
    assert english.current_workflow_state is None
    assert english.get_latest_revision_as_object().title != ENGLISH_TITLE


def test_submission_is_a_post_only(ward, client, english):  # noqa: F811
    translate_every_segment(english)
    assert client.get(submit_url(english)).status_code == 405
    assert ContentPage.objects.get(pk=english.pk).current_workflow_state is None


def test_a_translation_sent_back_is_resubmitted_into_the_same_workflow(ward, client, english):  # noqa: F811
    translate_every_segment(english)
    client.post(submit_url(english))
    english = ContentPage.objects.get(pk=english.pk)
    act(client, ward.board_a, english, "reject", "Dịch lại tiêu đề cho sát nghĩa.")
    english = ContentPage.objects.get(pk=english.pk)
    assert english.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    client.force_login(ward.writer_a)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[english.pk])).content.decode()
    assert "đã yêu cầu chỉnh sửa bản dịch" in html
    response = client.post(submit_url(english), follow=True)

    assert "Đã gửi lại bản dịch" in response.content.decode()
    english = ContentPage.objects.get(pk=english.pk)
    assert english.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert english.workflow_states.count() == 1


def test_the_writer_sees_the_submit_button_and_the_board_its_own_publish(ward, client, english):  # noqa: F811
    edit_url = reverse("wagtailadmin_pages:edit", args=[english.pk])
    writer_html = client.get(edit_url).content.decode()
    assert "Gửi Ban Biên tập duyệt" in writer_html
    assert submit_url(english) in writer_html

    client.force_login(ward.board_a)
    board_html = client.get(edit_url).content.decode()
    assert submit_url(english) not in board_html
    assert english_locale().pk == english.locale_id
