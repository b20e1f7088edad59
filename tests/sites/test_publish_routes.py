"""Every route that publishes asks for the publish right on the page.

A ward's writer (biên tập viên) edits, translates and submits; only the ward's board (Ban Biên tập) puts a page live.
Each test drives one route as the writer and checks what a citizen would notice — the page is still not live, its
live title and text are unchanged, no new live revision — then shows the board can still publish on the same route.
wagtail-localize publishes on commit, so requests that may publish run with on-commit callbacks executed.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from home.models import ContentPage
from sites.access import english_locale
from sites.models import PortalSettings

A_HOST = "ninhson.tayninh.localhost"


@pytest.fixture
def ward(two_units):
    settings = PortalSettings.for_site(two_units.ward_a.site)
    settings.publish_english = True
    settings.save()
    return two_units


def vietnamese_page(unit, title: str, slug: str, *, live: bool) -> ContentPage:
    section = unit.sections.get(key="intro").page
    page = section.add_child(instance=ContentPage(title=title, slug=slug, intro=f"Tóm tắt: {title}", live=False))
    revision = page.save_revision()
    if live:
        revision.publish()
    return ContentPage.objects.get(pk=page.pk)


def public_state(page: Page) -> tuple:
    """What a citizen can see of a page: whether it is live, its live title and text, the live revision."""
    page = ContentPage.objects.get(pk=page.pk)
    return page.live, page.title, page.intro, page.live_revision_id


def submit_for_translation(client, page: Page) -> ContentPage:
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [english_locale().pk]}
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    return ContentPage.objects.get(translation_key=page.translation_key, locale=english_locale())


def update_url(page: Page) -> str:
    source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
    return reverse("wagtail_localize:update_translations", args=[source.pk])


def board_translation(client, board, page: Page, capture) -> ContentPage:
    """The board submits the page and publishes its English translation from the translation editor."""
    client.force_login(board)
    english = submit_for_translation(client, page)
    with capture(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[english.pk]), {"action": "publish"})
    assert response.status_code == 302
    english = ContentPage.objects.get(pk=english.pk)
    assert english.live
    return english


def title_segment_url(english: Page) -> str:
    translation = Translation.objects.get(source__object_id=english.translation_key, target_locale=english.locale)
    segment = StringSegment.objects.get(source=translation.source, context__path="title")
    return reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"]) if response.context else ""


# --- wagtail-localize -----------------------------------------------------------------------------------------


def test_a_writer_cannot_put_a_draft_live_in_english_by_syncing_with_publish(
    ward, client, django_capture_on_commit_callbacks
):
    draft = vietnamese_page(ward.ward_a, "Dự thảo quy hoạch chưa duyệt", "du-thao-quy-hoach", live=False)
    client.force_login(ward.writer_a)
    english = submit_for_translation(client, draft)
    assert not english.live
    before = public_state(english)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(update_url(draft), {"publish_translations": "on"}, follow=True)
    assert response.status_code in (200, 403)
    assert public_state(english) == before
    assert not Revision.page_revisions.filter(object_id=str(english.pk), approved_go_live_at__isnull=False).exists()
    if response.status_code == 200:
        assert "Ban Biên tập" in messages_of(response)
    # The form the writer sees offers no “publish immediately”.
    assert 'name="publish_translations"' not in client.get(update_url(draft)).content.decode()

    client.force_login(ward.board_a)
    assert 'name="publish_translations"' in client.get(update_url(draft)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(update_url(draft), {"publish_translations": "on"})
    assert ContentPage.objects.get(pk=english.pk).live


def test_a_writer_cannot_change_a_live_english_page_by_editing_a_string_and_syncing(
    ward, client, django_capture_on_commit_callbacks
):
    page = vietnamese_page(ward.ward_a, "Lịch tiếp công dân", "lich-tiep-cong-dan", live=True)
    english = board_translation(client, ward.board_a, page, django_capture_on_commit_callbacks)
    before = public_state(english)

    client.force_login(ward.writer_a)
    # Translating (the editor's string view) still works for the writer: it is saved, not published.
    response = client.put(
        title_segment_url(english), "value=Defaced%20title", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 201)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(update_url(page), {"publish_translations": "on"})
    assert public_state(english) == before
    # Nor from the translation editor's own “publish” button.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[english.pk]), {"action": "publish"})
    assert response.status_code in (302, 403)
    assert public_state(english) == before

    # The board publishes the writer's translation.
    client.force_login(ward.board_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailadmin_pages:edit", args=[english.pk]), {"action": "publish"})
    assert ContentPage.objects.get(pk=english.pk).title == "Defaced title"


def test_a_writer_cannot_put_an_english_draft_live_by_converting_it_to_an_alias(
    ward, client, django_capture_on_commit_callbacks
):
    page = vietnamese_page(ward.ward_a, "Giờ làm việc của bộ phận một cửa", "gio-lam-viec", live=True)
    client.force_login(ward.writer_a)
    english = submit_for_translation(client, page)
    before = public_state(english)
    url = reverse("wagtail_localize:convert_to_alias", args=[english.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert response.status_code in (200, 403)
    assert public_state(english) == before
    assert ContentPage.objects.get(pk=english.pk).alias_of_id is None

    client.force_login(ward.board_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    converted = ContentPage.objects.get(pk=english.pk)
    assert converted.alias_of_id == page.pk and converted.live


# --- Wagtail's own routes ---------------------------------------------------------------------------------------


def edit_form(page: ContentPage, title: str, **extra) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "intro": page.intro,
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data.update(extra)
    return data


def test_a_writer_asking_to_publish_in_the_page_editor_saves_a_draft(ward, client):
    page = vietnamese_page(ward.ward_a, "Thông báo tuyển dụng", "thong-bao-tuyen-dung", live=True)
    before = public_state(page)
    client.force_login(ward.writer_a)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, edit_form(page, "Tiêu đề bị sửa", **{"action-publish": "1"}))
    assert response.status_code == 302
    assert public_state(page) == before
    assert ContentPage.objects.get(pk=page.pk).get_latest_revision().content["title"] == "Tiêu đề bị sửa"

    client.force_login(ward.board_a)
    client.post(url, edit_form(page, "Tiêu đề đã duyệt", **{"action-publish": "1"}))
    assert ContentPage.objects.get(pk=page.pk).title == "Tiêu đề đã duyệt"


def test_a_writer_cannot_publish_through_a_revision_revert(ward, client):
    page = vietnamese_page(ward.ward_a, "Kế hoạch phòng chống thiên tai", "ke-hoach-thien-tai", live=True)
    old = page.get_latest_revision()
    page.title = "Kế hoạch phòng chống thiên tai năm 2026"
    page.save_revision().publish()
    before = public_state(page)
    client.force_login(ward.writer_a)
    url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, old.pk])
    client.post(url, edit_form(page, "Kế hoạch phòng chống thiên tai", **{"action-publish": "1"}))
    assert public_state(page) == before

    client.force_login(ward.board_a)
    client.post(url, edit_form(page, "Kế hoạch phòng chống thiên tai", **{"action-publish": "1"}))
    assert ContentPage.objects.get(pk=page.pk).title == "Kế hoạch phòng chống thiên tai"


def test_a_writer_cannot_bulk_publish(ward, client):
    page = vietnamese_page(ward.ward_a, "Dự thảo chưa duyệt", "du-thao-chua-duyet", live=False)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={page.pk}"
    client.force_login(ward.writer_a)
    client.post(url)
    assert not ContentPage.objects.get(pk=page.pk).live

    client.force_login(ward.board_a)
    client.post(url)
    assert ContentPage.objects.get(pk=page.pk).live


def test_the_admin_api_publishes_only_for_the_board(ward, client):
    page = vietnamese_page(ward.ward_a, "Dự thảo gửi qua API", "du-thao-api", live=False)
    url = f"/admin/api/main/pages/{page.pk}/action/publish/"
    client.force_login(ward.writer_a)
    response = client.post(url, "{}", content_type="application/json")
    assert response.status_code in (400, 403, 404, 405)
    assert not ContentPage.objects.get(pk=page.pk).live
    # Listing and reading do not change anything either.
    assert client.put(f"/admin/api/main/pages/{page.pk}/", "{}", content_type="application/json").status_code in (
        403,
        404,
        405,
    )

    client.force_login(ward.board_a)
    response = client.post(url, "{}", content_type="application/json")
    assert response.status_code == 200, response.content[:500]
    assert ContentPage.objects.get(pk=page.pk).live


def test_a_writer_cannot_approve_their_own_page_in_the_workflow(ward, client):
    section = ward.ward_a.sections.get(key="intro").page
    client.force_login(ward.writer_a)
    add_url = reverse("wagtailadmin_pages:add", args=["home", "contentpage", section.pk])
    draft = ContentPage(title="Tin gửi duyệt", slug="tin-gui-duyet", intro="Tóm tắt")
    client.post(add_url, edit_form(draft, "Tin gửi duyệt", **{"action-submit": "1"}))
    page = ContentPage.objects.get(slug="tin-gui-duyet")
    state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code in (302, 403)
    assert not ContentPage.objects.get(pk=page.pk).live

    client.force_login(ward.board_a)
    client.post(url, {"comment": "Đồng ý."})
    assert ContentPage.objects.get(pk=page.pk).live


def test_a_writers_go_live_time_does_not_publish_later_without_the_board(ward, client):
    page = vietnamese_page(ward.ward_a, "Thông báo nghỉ lễ", "thong-bao-nghi-le", live=False)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    client.force_login(ward.writer_a)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    when = timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M")
    client.post(url, edit_form(page, "Thông báo nghỉ lễ", go_live_at=when, **{"action-publish": "1"}))
    client.post(url, edit_form(page, "Thông báo nghỉ lễ", go_live_at=when, **{"action-submit": "1"}))
    with pytest.MonkeyPatch.context() as patch:
        later = go_live + datetime.timedelta(hours=1)
        patch.setattr(timezone, "now", lambda: later)
        call_command("publish_scheduled")
    assert not ContentPage.objects.get(pk=page.pk).live

    # Approved by the board, the page goes live at the writer's time.
    client.force_login(ward.board_a)
    page = ContentPage.objects.get(pk=page.pk)
    state = page.current_workflow_task_state
    client.post(reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]), {"comment": ""})
    assert not ContentPage.objects.get(pk=page.pk).live
    with pytest.MonkeyPatch.context() as patch:
        later = go_live + datetime.timedelta(hours=1)
        patch.setattr(timezone, "now", lambda: later)
        call_command("publish_scheduled")
    assert ContentPage.objects.get(pk=page.pk).live


# --- Sweeps: every route of wagtail-localize and every page action of the admin API ------------------------------


def _localize_patterns():
    from django.urls import get_resolver

    _prefix, resolver = get_resolver().namespace_dict["wagtail_localize"]
    return resolver.url_patterns


def test_no_wagtail_localize_route_publishes_for_a_writer(ward, client, django_capture_on_commit_callbacks):
    """Every route wagtail-localize registers (today's and those of a later release), each method, with every
    flag that asks to publish: the writer's live English page and English draft stay as the board left them."""
    live = vietnamese_page(ward.ward_a, "Quy chế tiếp công dân", "quy-che-tiep-cong-dan", live=True)
    english_live = board_translation(client, ward.board_a, live, django_capture_on_commit_callbacks)
    draft = vietnamese_page(ward.ward_a, "Dự thảo chưa trình", "du-thao-chua-trinh", live=False)
    client.force_login(ward.writer_a)
    english_draft = submit_for_translation(client, draft)
    client.put(title_segment_url(english_live), "value=Defaced", content_type="application/x-www-form-urlencoded")
    client.put(title_segment_url(english_draft), "value=Leaked", content_type="application/x-www-form-urlencoded")
    watched = [live, english_live, draft, english_draft]
    before = [public_state(page) for page in watched]
    live_pages = Page.objects.live().count()

    def kwargs_for(source_page, english_page) -> dict:
        translation = Translation.objects.get(source__object_id=source_page.translation_key)
        segment = StringSegment.objects.get(source=translation.source, context__path="title")
        return {
            "page_id": english_page.pk,
            "translation_source_id": translation.source_id,
            "translation_id": translation.pk,
            "string_segment_id": segment.pk,
            "overridable_segment_id": 0,
            "mode": "preview",
            "app_label": "home",
            "model_name": "contentpage",
            "pk": source_page.pk,
        }

    client.raise_request_exception = False
    publish_flags = {"publish_translations": "on", "action": "publish", "publish": "on", "locales": [1, 2]}
    visited = set()
    scenarios = [kwargs_for(live, english_live), kwargs_for(draft, english_draft)]
    for pattern in _localize_patterns():
        for values in scenarios:
            unknown = set(pattern.pattern.converters) - set(values)
            assert not unknown, f"classify wagtail_localize:{pattern.name} in sites.publishing ({unknown})"
            url = reverse(f"wagtail_localize:{pattern.name}", kwargs={k: values[k] for k in pattern.pattern.converters})
            with django_capture_on_commit_callbacks(execute=True):
                client.get(url)
                client.post(url, publish_flags)
                client.put(url, "value=Published", content_type="application/x-www-form-urlencoded")
            visited.add(pattern.name)
    assert [public_state(page) for page in watched] == before
    assert Page.objects.live().count() == live_pages
    assert {"update_translations", "convert_to_alias", "edit_string_translation"} <= visited


def test_no_page_action_of_the_admin_api_publishes_for_a_writer(ward, client):
    from wagtail.admin.api.views import PagesAdminAPIViewSet

    live = vietnamese_page(ward.ward_a, "Bản tin tuần", "ban-tin-tuan", live=True)
    first = live.get_latest_revision()
    live.title = "Bản tin tuần 21"
    live.save_revision()  # a draft after the live revision
    draft = vietnamese_page(ward.ward_a, "Bản nháp API", "ban-nhap-api", live=False)
    section = ward.ward_a.sections.get(key="intro").page
    watched = [live, draft]
    before = [public_state(page) for page in watched]
    live_pages = Page.objects.live().count()
    payload = {
        "revision_id": first.pk,
        "destination_page_id": section.pk,
        "keep_live": True,
        "recursive": False,
        "locale": "en",
        "alias": True,
        "copy_parents": True,
        "update_slug": "ban-sao",
    }
    client.force_login(ward.writer_a)
    client.raise_request_exception = False
    for action in PagesAdminAPIViewSet.actions:
        if action in ("delete", "unpublish", "move"):
            continue  # they take pages down or move them; none puts anything live
        for page in watched:
            client.post(f"/admin/api/main/pages/{page.pk}/action/{action}/", payload, content_type="application/json")
    assert [public_state(page) for page in watched] == before
    assert Page.objects.live().count() == live_pages


def test_a_writers_copy_or_alias_of_a_live_page_is_not_live(ward, client):
    page = vietnamese_page(ward.ward_a, "Quy trình cấp giấy phép", "quy-trinh-cap-phep", live=True)
    section = page.get_parent()
    url = reverse("wagtailadmin_pages:copy", args=[page.pk])
    live_pages = Page.objects.live().count()
    client.force_login(ward.writer_a)
    for slug, flags in (("ban-sao", {"publish_copies": "on"}), ("ban-sao-alias", {"alias": "on"})):
        client.post(url, {"new_title": "Bản sao", "new_slug": slug, "new_parent_page": section.pk, **flags})
    assert Page.objects.live().count() == live_pages

    client.force_login(ward.board_a)
    client.post(
        url,
        {"new_title": "Bản sao", "new_slug": "ban-sao-cua-ban", "new_parent_page": section.pk, "publish_copies": "on"},
    )
    assert Page.objects.live().count() == live_pages + 1
