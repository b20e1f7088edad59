"""Translating through wagtail-localize's own admin views works for every page type a unit tree can hold,
StreamField and inline content included, and for the translatable snippets pages show.

One ward (Phường Ninh Sơn, A) is filled once for the module with the organisation, news and document demo loaders
plus a few realistic pages; each test runs in a savepoint rolled back afterwards. For each page type a member of the
ward's board submits the page for translation, opens wagtail-localize's editor, translates every segment through
its string view, publishes from the editor and reads the English page at /en/ on the ward's host.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, get_page_models
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from disclosure.models import DisclosureItemPage, SciencePage, StatisticsPage
from documents.models import LegalDocumentPage
from home.models import ContentPage, SectionPage
from languages.helpers import translate_with_localize
from news.models import NewsArticlePage, NewsCategory
from organization.models import IntroductionTopicPage, Official, SubUnit, WorkScheduleWeekPage
from organization.schedule import IsoWeek
from participation.models import ConsultationPage
from search.models import SearchEntry
from search.text import fold
from sites.access import english_home, english_locale
from sites.models import PortalSettings, Unit, UnitRole
from tests.conftest import make_member, make_unit

A_HOST = "ninhson.tayninh.localhost"
EN = "[EN] "


# --- The ward, filled once -----------------------------------------------------------------------------------


@dataclass
class World:
    city: Unit
    ward_a: Unit
    ward_b: Unit
    board_a: object
    writer_a: object
    writer_b: object


def _section(unit: Unit, key: str) -> Page:
    return unit.sections.select_related("page").get(key=key).page.specific


def _publish(page: Page, **fields) -> Page:
    """Set fields on the latest revision of a page and publish it (as an editor saving in the page editor would)."""
    latest = page.get_latest_revision_as_object() if page.latest_revision_id else page
    for name, value in fields.items():
        setattr(latest, name, value)
    latest.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def _fill_ward(ward: Unit) -> None:
    """Text in the sections the demo loaders leave empty, and a content page with every body block."""
    paragraph = [{"type": "paragraph", "value": "<p>Ban Biên tập cập nhật thông tin của chuyên mục hằng tuần.</p>"}]
    intro = _section(ward, "intro")
    _publish(
        intro,
        intro="Giới thiệu khái quát về Phường Ninh Sơn.",
        body=json.dumps(
            [
                {"type": "heading", "value": {"text": "Vị trí địa lý", "level": "h2"}},
                {"type": "paragraph", "value": "<p>Phường Ninh Sơn nằm ở phía bắc Thành phố Tây Ninh.</p>"},
            ]
        ),
    )
    for key, text in (
        ("org", "Sơ đồ tổ chức bộ máy của Ủy ban nhân dân phường."),
        ("leaders", "Thường trực Ủy ban nhân dân phường nhiệm kỳ 2021 – 2026."),
        ("spokesperson", "Người phát ngôn và cung cấp thông tin cho báo chí."),
        ("schedule", "Lịch làm việc hằng tuần của lãnh đạo phường."),
        ("news", "Tin hoạt động của phường, cập nhật hằng ngày."),
        ("documents", "Văn bản chỉ đạo, điều hành của Ủy ban nhân dân phường."),
        ("sitemap", "Toàn bộ chuyên mục của cổng thông tin phường."),
        ("rating", "Người dân đánh giá mức độ hài lòng về thông tin trên cổng phường."),
        ("qa", "Người dân gửi câu hỏi, phản ánh, kiến nghị và xem câu trả lời của phường."),
        ("consultation", "Các dự thảo văn bản của phường lấy ý kiến người dân."),
        ("plans", "Chiến lược, quy hoạch, kế hoạch của phường đã được phê duyệt."),
        ("projects", "Dự án đầu tư công, thông báo đấu thầu và thu hồi đất trên địa bàn phường."),
        ("finance", "Dự toán, tình hình thực hiện và quyết toán ngân sách phường."),
        ("services", "Thủ tục hành chính phường tiếp nhận và giải quyết, nộp hồ sơ trực tuyến."),
    ):
        page = _section(ward, key)
        fields = {"intro": text}
        if hasattr(page, "body"):
            fields["body"] = json.dumps(paragraph)
        _publish(page, **fields)
    _publish(
        _section(ward, "disclosure"),
        intro="Thông tin công khai theo quy định của pháp luật.",
        body=json.dumps([{"type": "paragraph", "value": "<p>Danh mục thông tin phải công khai của phường.</p>"}]),
    )
    # Statistics is a section of every unit (blueprint); science programmes of cities and departments: a ward adds it.
    for model, title, slug, lead in (
        (StatisticsPage, "Thống kê", "thong-ke", "Số liệu thống kê kinh tế – xã hội của phường."),
        (SciencePage, "Chương trình, đề tài khoa học", "chuong-trinh-de-tai-khoa-hoc", "Đề tài phường tham gia."),
    ):
        existing = model.objects.descendant_of(ward.home_page).first()
        if existing is not None:
            _publish(existing, intro=lead, body=json.dumps(paragraph))
        else:
            added = _section(ward, "disclosure").add_child(
                instance=model(title=title, slug=slug, intro=lead, body=json.dumps(paragraph))
            )
            added.save_revision().publish()
    # A generic section an editor added (every blueprint section has a typed page).
    theme = Page.objects.get(pk=ward.home_page_id).add_child(
        instance=SectionPage(
            title="Chuyển đổi số",
            slug="chuyen-doi-so",
            intro="Chuyển đổi số trong cải cách hành chính của phường.",
            body=json.dumps(
                [{"type": "paragraph", "value": "<p>Phường triển khai ký số và thanh toán trực tuyến.</p>"}]
            ),
        )
    )
    theme.save_revision().publish()
    content = intro.add_child(
        instance=ContentPage(
            title="Điều kiện tự nhiên và khí hậu",
            slug="dieu-kien-tu-nhien-va-khi-hau",
            intro="Địa hình, khí hậu và tài nguyên của phường.",
            body=json.dumps(
                [
                    {"type": "heading", "value": {"text": "Khí hậu", "level": "h2"}},
                    {"type": "paragraph", "value": "<p>Khí hậu nhiệt đới gió mùa, hai mùa mưa nắng rõ rệt.</p>"},
                    {
                        "type": "quote",
                        "value": {
                            "text": "Lấy sự hài lòng của người dân làm thước đo hiệu quả phục vụ.",
                            "attribution": "Chủ tịch Ủy ban nhân dân phường",
                        },
                    },
                ]
            ),
        )
    )
    content.save_revision().publish()
    now = timezone.now()
    draft = _section(ward, "consultation").add_child(
        instance=ConsultationPage(
            title="Dự thảo Quy chế quản lý chợ Ninh Sơn",
            slug="du-thao-quy-che-quan-ly-cho-ninh-son",
            intro="Quy định việc bố trí sạp, giờ họp chợ và vệ sinh môi trường tại chợ Ninh Sơn.",
            draft_text="<p>Điều 1. Quy chế này quy định việc quản lý, khai thác chợ Ninh Sơn.</p>",
            drafting_body="Phòng Kinh tế, Hạ tầng và Đô thị",
            receiving_email="gopy@ninhson.tayninh.gov.vn",
            opens_at=now - timedelta(days=2),
            closes_at=now + timedelta(days=20),
        )
    )
    draft.save_revision().publish()
    document = LegalDocumentPage.objects.descendant_of(ward.home_page).live().order_by("path").last()
    attachment = document.attachments.first()
    attachment.label = "Toàn văn quyết định kèm phụ lục"
    _publish(
        document,
        full_text="<p>Điều 1. Ban hành kèm theo Quyết định này kế hoạch cải cách hành chính của phường.</p>",
        attachments=[attachment],
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """City, wards A and B (all publish English) with their editors and demo content; rolled back at the end."""
    from demo.disclosure import load_demo as load_disclosure
    from demo.documents import load_demo as load_documents
    from demo.news import load_demo as load_news
    from demo.organization import load_demo as load_organisation

    with django_db_blocker.unblock(), transaction.atomic():
        city = make_unit("city", "Thành phố Tây Ninh", "tayninh")
        ward_a = make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh", phone="0276 3821 111")
        ward_b = make_unit("ward", "Phường Hiệp Ninh", "hiepninh", "tayninh", phone="0276 3822 222")
        load_organisation({"ninhson": ward_a, "hiepninh": ward_b})
        load_news({"ninhson": ward_a, "hiepninh": ward_b})
        load_documents({"ninhson": ward_a, "hiepninh": ward_b})
        load_disclosure({"ninhson": ward_a, "hiepninh": ward_b})
        _fill_ward(ward_a)
        for unit in (city, ward_a, ward_b):
            portal_settings = PortalSettings.for_site(unit.site)
            portal_settings.publish_english = True
            portal_settings.save()
        yield World(
            city=city,
            ward_a=ward_a,
            ward_b=ward_b,
            board_a=make_member(ward_a, UnitRole.BOARD),
            writer_a=make_member(ward_a, UnitRole.WRITER),
            writer_b=make_member(ward_b, UnitRole.WRITER),
        )
        transaction.set_rollback(True)
    cache.clear()  # Wagtail caches site root paths; the rollback removed those sites without signals


@pytest.fixture
def ward(world, db) -> World:
    cache.clear()
    yield world
    # A request under /en/ leaves English active in this thread: the next test starts in Vietnamese.
    translation.activate(settings.LANGUAGE_CODE)


# --- Driving wagtail-localize's admin views ------------------------------------------------------------------


def english(text: str) -> str:
    """The “translation” a test translator types: marked, and without Vietnamese diacritics."""
    return EN + fold(text, keep_case=True)


def has_vietnamese(text: str) -> bool:
    return english(text) != EN + text


def submit_page(client, page: Page):
    return client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [english_locale().pk]}
    )


def submit_snippet(client, snippet):
    meta = snippet._meta
    url = reverse("wagtail_localize:submit_snippet_translation", args=[meta.app_label, meta.model_name, snippet.pk])
    return client.post(url, {"locales": [english_locale().pk]})


def editor_props(response) -> dict:
    """The props wagtail-localize's translation editor (a React app) is started with."""
    found = re.search(r'class="js-translation-editor" data-props="([^"]*)"', response.content.decode())
    assert found, "the response is not wagtail-localize's translation editor"
    return json.loads(html.unescape(found.group(1)))


def string_segments(props: dict) -> list[dict]:
    return [segment for segment in props["segments"] if segment["type"] == "string"]


def plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


# Fields whose value is a code or a number, kept as it is in every language (a translator copies it).
KEEP_AS_IS = {"number", "phone"}
FORM = "application/x-www-form-urlencoded"  # how the editor sends a string translation


def english_for(content_path: str, source: str) -> str:
    """What the translator types for the segment at this path (`body.<block>.text`, `entries.<key>.content`…)."""
    field = content_path.rsplit(".", 1)[-1]
    if field in KEEP_AS_IS:
        return source
    if field == "slug":
        return slugify(english(source))
    return english(source)


def translate_in_editor(client, props: dict) -> dict[str, str]:
    """Type an English translation of every string segment through the editor's string view; {source: English}."""
    done = {}
    for segment in string_segments(props):
        source = segment["source"]
        text = english_for(segment["contentPath"], source)
        response = client.put(segment["editUrl"], f"value={quote(text, safe='')}", content_type=FORM)
        assert response.status_code in (200, 201), (segment["contentPath"], response.content[:300])
        done[source] = text
    return done


def translate_directly(instance) -> object:
    """Translate and publish an ancestor page or a snippet with the project's helper, every segment as the
    translator of `translate_in_editor` would."""
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=english_locale(),
            context=segment.context,
            defaults={"data": english_for(segment.context.path, segment.string.data)},
        )
    return translate_with_localize(instance, {})


def translate_ancestors(page: Page) -> None:
    """Translate the page's ancestors below the unit's home first, top down, as an editor would."""
    for ancestor in page.get_ancestors().filter(depth__gt=2).specific():
        if not ancestor.has_translation(english_locale()) or ancestor.get_translation(english_locale()).alias_of_id:
            translate_directly(ancestor)


def snippet_texts(unit: Unit) -> set[str]:
    texts = set(Official.objects.filter(unit=unit).values_list("position", flat=True))
    texts.update(Official.objects.filter(unit=unit).values_list("name", flat=True))
    texts.update(SubUnit.objects.filter(unit=unit).values_list("name", flat=True))
    return texts


def public_path(page: Page) -> str:
    return page.get_url_parts()[2]


def html_text(response) -> str:
    return response.content.decode()


# --- Every page type -----------------------------------------------------------------------------------------


@dataclass
class Scenario:
    """How to find a realistic page of one type in ward A, the StreamField / inline strings its editor must show,
    and where its English version is read (default: its own address)."""

    find: Callable[[World], Page]
    shows: Callable[[Page], list[str]]
    read_at: Callable[[Page], str] | None = None


def _child(section_key: str, model):
    def find(world: World) -> Page:
        return model.objects.descendant_of(_section(world.ward_a, section_key)).live().order_by("path").first()

    return find


def _stream_texts(page: Page, field: str, *keys: str) -> list[str]:
    texts = []
    for block in getattr(page, field).raw_data:
        value = block["value"]
        if isinstance(value, str):
            texts.append(plain(value))
        else:
            texts.extend(plain(value[key]) for key in keys if value.get(key))
    return texts


def _week_url(week_page: Page) -> str:
    schedule = week_page.get_parent().specific
    english_schedule = schedule.get_translation(english_locale()).specific
    return public_path(english_schedule) + english_schedule.reverse_subpage(
        "week", kwargs={"year": week_page.iso_week.year, "week": f"{week_page.iso_week.week:02d}"}
    )


SCENARIOS: dict[str, Scenario] = {
    "home.SectionPage": Scenario(
        find=lambda w: SectionPage.objects.child_of(w.ward_a.home_page).get(slug="chuyen-doi-so"),
        shows=lambda p: _stream_texts(p, "body"),
    ),
    "home.ContentPage": Scenario(
        find=_child("intro", ContentPage), shows=lambda p: _stream_texts(p, "body", "text", "attribution")
    ),
    "home.SitemapPage": Scenario(find=lambda w: _section(w.ward_a, "sitemap"), shows=lambda p: [p.intro]),
    "news.NewsIndexPage": Scenario(find=lambda w: _section(w.ward_a, "news"), shows=lambda p: [p.intro]),
    "news.NewsArticlePage": Scenario(
        find=lambda w: (
            NewsArticlePage.objects.descendant_of(w.ward_a.home_page)
            .live()
            .exclude(category=None)
            .order_by("-date")
            .first()
        ),
        shows=lambda p: _stream_texts(p, "body", "text", "caption")[:3],
    ),
    "documents.LegalDocumentIndexPage": Scenario(
        find=lambda w: _section(w.ward_a, "documents"), shows=lambda p: [p.intro]
    ),
    "documents.LegalDocumentPage": Scenario(
        find=lambda w: LegalDocumentPage.objects.descendant_of(w.ward_a.home_page).live().order_by("path").last(),
        shows=lambda p: [p.abstract, plain(p.full_text), *(a.label for a in p.attachments.all() if a.label)],
    ),
    "participation.QuestionIndexPage": Scenario(
        find=lambda w: _section(w.ward_a, "qa"), shows=lambda p: [p.intro, *_stream_texts(p, "body")]
    ),
    "organization.IntroductionPage": Scenario(
        find=lambda w: _section(w.ward_a, "intro"), shows=lambda p: [*_stream_texts(p, "body", "text")]
    ),
    "organization.IntroductionTopicPage": Scenario(
        find=_child("intro", IntroductionTopicPage),
        shows=lambda p: [*_stream_texts(p, "body"), *_stream_texts(p, "gallery", "caption", "alt_text")[:2]],
    ),
    "organization.HistoryPage": Scenario(
        find=lambda w: _section(w.ward_a, "history"),
        shows=lambda p: [*_stream_texts(p, "body"), *_stream_texts(p, "milestones", "title", "text")[:4]],
    ),
    "organization.OrgChartPage": Scenario(
        find=lambda w: _section(w.ward_a, "org"), shows=lambda p: [p.intro, *_stream_texts(p, "body")]
    ),
    "organization.LeadershipPage": Scenario(find=lambda w: _section(w.ward_a, "leaders"), shows=lambda p: [p.intro]),
    "organization.SpokespersonPage": Scenario(
        find=lambda w: _section(w.ward_a, "spokesperson"), shows=lambda p: [p.intro]
    ),
    "organization.ContactsPage": Scenario(
        find=lambda w: _section(w.ward_a, "contacts"), shows=lambda p: [p.intro, p.office_hours.splitlines()[0]]
    ),
    "participation.RatingPage": Scenario(
        find=lambda w: _section(w.ward_a, "rating"), shows=lambda p: [p.intro, *_stream_texts(p, "body")]
    ),
    # The schedule shows the week (its body is not shown, in either language).
    "organization.WorkSchedulePage": Scenario(find=lambda w: _section(w.ward_a, "schedule"), shows=lambda p: [p.intro]),
    "organization.WorkScheduleWeekPage": Scenario(
        find=lambda w: (
            WorkScheduleWeekPage.objects.child_of(_section(w.ward_a, "schedule"))
            .filter(week_start=IsoWeek.current().monday)
            .first()
        ),
        shows=lambda p: [
            text
            for entry in p.entries.exclude(note="").order_by("sort_order")[:2]
            for text in (entry.content, entry.location, entry.note)
        ],
        read_at=_week_url,
    ),
    "participation.ConsultationIndexPage": Scenario(
        find=lambda w: _section(w.ward_a, "consultation"), shows=lambda p: [p.intro, *_stream_texts(p, "body")]
    ),
    "participation.ConsultationPage": Scenario(
        find=_child("consultation", ConsultationPage),
        shows=lambda p: [p.intro, plain(p.draft_text), p.drafting_body],
    ),
    "disclosure.DisclosurePage": Scenario(
        find=lambda w: _section(w.ward_a, "disclosure"), shows=lambda p: [p.intro, *_stream_texts(p, "body")]
    ),
    **{
        f"disclosure.{model}": Scenario(
            find=lambda w, key=key: _section(w.ward_a, key), shows=lambda p: [p.intro, *_stream_texts(p, "body")]
        )
        for model, key in (
            ("PlansPage", "plans"),
            ("ProjectsPage", "projects"),
            ("FinancePage", "finance"),
        )
    },
    **{
        f"disclosure.{model.__name__}": Scenario(
            find=lambda w, model=model: model.objects.descendant_of(w.ward_a.home_page).first(),
            shows=lambda p: [p.intro, *_stream_texts(p, "body")],
        )
        for model in (StatisticsPage, SciencePage)
    },
    # A public investment project: its summary, objective, investor and the title of its file.
    "disclosure.DisclosureItemPage": Scenario(
        find=_child("projects", DisclosureItemPage),
        shows=lambda p: [p.summary, p.objective, p.investor, p.files.first().title],
    ),
    "disclosure.ServiceCatalogPage": Scenario(
        find=lambda w: _section(w.ward_a, "services"), shows=lambda p: [p.intro, *_stream_texts(p, "body")]
    ),
}
# The unit's home already has its English translation (provisioning makes it): covered by its own test below.
COVERED_ELSEWHERE = {"home.HomePage"}


def test_every_page_type_of_a_unit_tree_has_a_translation_scenario():
    """A page type added later fails here until it gets a scenario in SCENARIOS."""
    page_types = {model._meta.label for model in get_page_models() if model is not Page and not model._meta.abstract}
    assert page_types == set(SCENARIOS) | COVERED_ELSEWHERE


@pytest.mark.parametrize("label", sorted(SCENARIOS))
def test_board_translates_the_page_in_wagtail_localize_and_publishes_it_in_english(
    label, ward, client, django_capture_on_commit_callbacks
):
    scenario = SCENARIOS[label]
    page = scenario.find(ward).specific
    assert page is not None and page._meta.label == label and page.live
    shows = [text for text in scenario.shows(page) if text]
    assert shows, "the scenario names the page's StreamField / inline text"
    translate_ancestors(page)
    client.force_login(ward.board_a)

    # a. “Translate” → a draft English copy under the unit's English home.
    response = submit_page(client, page)
    assert response.status_code == 302, html_text(response)[:2000]
    english_page = page.get_translation(english_locale()).specific
    assert english_page.is_descendant_of(english_home(ward.ward_a))
    assert not english_page.live and english_page.alias_of_id is None

    # b. The English page's edit view is wagtail-localize's editor, listing the StreamField and inline strings.
    edit_url = reverse("wagtailadmin_pages:edit", args=[english_page.pk])
    response = client.get(edit_url)
    assert response.status_code == 200
    props = editor_props(response)
    sources = [plain(segment["source"]) for segment in string_segments(props)]
    for text in shows:
        assert any(text in source for source in sources), f"{text!r} is not offered for translation"

    # c. Every segment translated, published from the editor: the English page reads English.
    translated = translate_in_editor(client, props)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, {"action": "publish"})
    assert response.status_code == 302
    english_page.refresh_from_db()
    assert english_page.live

    read_at = scenario.read_at(page) if scenario.read_at else public_path(english_page)
    assert read_at.startswith("/en/")
    client.logout()
    response = client.get(read_at, HTTP_HOST=A_HOST, follow=True)
    assert response.status_code == 200, read_at
    assert '<html lang="en"' in html_text(response)
    text = plain(html_text(response))
    attributes = html.unescape(html_text(response))  # alt texts
    for source in shows:
        assert english(source) in text or english(source) in attributes, source
    leftovers = [
        plain(source)
        for source, target in translated.items()
        if source != target and has_vietnamese(plain(source)) and len(plain(source)) >= 4
    ]
    # Snippets shown on the page (officials' positions, sub-units) stay Vietnamese until they are translated.
    leftovers = [source for source in leftovers if source not in snippet_texts(ward.ward_a)]
    shown = [source for source in leftovers if source in text]
    assert not shown, f"Vietnamese left on the English page: {shown}"


# --- The unit's home -----------------------------------------------------------------------------------------


def test_english_home_made_by_provisioning_is_edited_in_wagtails_editor(ward, client):
    home = _publish(ward.ward_a.home_page.specific, intro="Cổng thông tin chính thức của Phường Ninh Sơn.")
    client.force_login(ward.board_a)
    sources = TranslationSource.objects.count()
    response = submit_page(client, home)
    assert response.status_code == 200  # English is not offered: the unit's English home exists already
    assert english_locale() not in response.context["form"].fields["locales"].queryset
    assert TranslationSource.objects.count() == sources
    english_page = english_home(ward.ward_a).specific
    response = client.get(reverse("wagtailadmin_pages:edit", args=[english_page.pk]))
    assert response.status_code == 200
    assert "js-translation-editor" not in html_text(response)  # written in English, not synced from Vietnamese
    _publish(english_page, intro="The official portal of Ninh Son Ward.")
    client.logout()
    text = html_text(client.get("/en/", HTTP_HOST=A_HOST))
    assert "The official portal of Ninh Son Ward." in text
    assert home.intro not in text


# --- Other wards -------------------------------------------------------------------------------------------------


def _refused(response) -> bool:
    """403, or Wagtail's redirect to the dashboard (never to the new translation's editor)."""
    if response.status_code == 302:
        return "/edit/" not in response["Location"] and "/localize/" not in response["Location"]
    return response.status_code == 403


def test_a_writer_of_another_ward_can_neither_translate_nor_open_the_wards_english_pages(ward, client):
    contacts_a = _section(ward.ward_a, "contacts")
    pages = Page.objects.count()
    client.force_login(ward.writer_b)
    assert _refused(submit_page(client, contacts_a))
    assert not contacts_a.has_translation(english_locale())
    assert Page.objects.count() == pages

    english_b = translate_directly(_section(ward.ward_b, "contacts"))
    english_a = translate_directly(contacts_a)
    client.force_login(ward.writer_a)
    for page in (english_b, english_home(ward.ward_b)):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert _refused(response), page
        assert response.status_code == 302 or page.title not in html_text(response)
    # Their own ward's English page opens in wagtail-localize's editor.
    response = client.get(reverse("wagtailadmin_pages:edit", args=[english_a.pk]))
    assert response.status_code == 200 and "js-translation-editor" in html_text(response)


def test_a_writer_of_another_ward_cannot_translate_the_wards_snippets(ward, client):
    category = NewsCategory.objects.filter(unit=ward.ward_a).first()
    official = Official.objects.filter(unit=ward.ward_a).first()
    client.force_login(ward.writer_b)
    for snippet in (category, official):
        assert _refused(submit_snippet(client, snippet)), snippet
        assert not snippet.has_translation(english_locale())


# --- Snippets ------------------------------------------------------------------------------------------------


def translate_snippet(client, snippet, capture) -> tuple[object, dict[str, str]]:
    """Submit a snippet for translation, translate it in wagtail-localize's editor and publish it there."""
    response = submit_snippet(client, snippet)
    assert response.status_code == 302, html_text(response)[:1000]
    english_row = snippet.get_translation(english_locale())
    meta = snippet._meta
    edit_url = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[english_row.pk])
    response = client.get(edit_url)
    assert response.status_code == 200, edit_url
    translated = translate_in_editor(client, editor_props(response))
    with capture(execute=True):
        assert client.post(edit_url, {"action": "publish"}).status_code == 302
    english_row.refresh_from_db()
    return english_row, translated


def test_snippets_translated_in_wagtail_localize_show_on_english_pages_only(
    ward, client, django_capture_on_commit_callbacks
):
    unit = ward.ward_a
    org, leaders = _section(unit, "org"), _section(unit, "leaders")
    for page in (org, leaders):
        translate_ancestors(page)
        translate_directly(page)
    sub_unit, other = SubUnit.objects.filter(unit=unit, parent=None).order_by("sort_order")[:2]
    child = SubUnit.objects.create(unit=unit, name="Tổ tiếp nhận và trả kết quả", parent=sub_unit)  # untranslated
    official = Official.objects.filter(unit=unit, is_leader=True).current().order_by("sort_order").first()
    article = NewsArticlePage.objects.descendant_of(unit.home_page).exclude(category=None).first()
    category = article.category

    client.force_login(ward.board_a)
    english_sub_unit, _ = translate_snippet(client, sub_unit, django_capture_on_commit_callbacks)
    english_official, _ = translate_snippet(client, official, django_capture_on_commit_callbacks)
    english_category, _ = translate_snippet(client, category, django_capture_on_commit_callbacks)
    assert english_sub_unit.name == english(sub_unit.name) and english_sub_unit.unit_id == unit.pk
    assert english_official.position == english(official.position)
    assert english_category.name == english(category.name) and english_category.slug == slugify(english(category.slug))
    client.logout()

    def read(page: Page, language: str = "en") -> str:
        target = page.get_translation(english_locale()) if language == "en" else page
        response = client.get(public_path(target), HTTP_HOST=A_HOST)
        assert response.status_code == 200
        return html.unescape(html_text(response))

    english_org, vietnamese_org = read(org), read(org, "vi")
    # The sub-unit's own name is English everywhere it is named (its untranslated head's position may still quote it).
    assert english_sub_unit.name in english_org and f">{sub_unit.name}<" not in english_org
    assert english_org.count(other.name) == vietnamese_org.count(other.name) > 0  # untranslated rows stay, once
    assert sub_unit.name in vietnamese_org and english_sub_unit.name not in vietnamese_org
    # The untranslated child stays under its parent's English row in the chart.
    node = english_org[english_org.index(f'<span class="org-node__name">{english_sub_unit.name}</span>') :]
    assert node.index('class="org-node__children"') < node.index(child.name) < node.index("</ul></li>")
    english_leaders, vietnamese_leaders = read(leaders), read(leaders, "vi")
    assert f">{english_official.position}<" in english_leaders and f">{official.position}<" not in english_leaders
    assert f">{official.position}<" in vietnamese_leaders and english_official.position not in vietnamese_leaders

    # The article translated after its category points to the English category, listed on the English section.
    news = article.get_parent().specific
    translate_ancestors(article)
    english_article = translate_directly(article)
    assert english_article.category_id == english_category.pk
    english_news, vietnamese_news = read(news), read(news, "vi")
    assert f'value="{english_category.slug}">{english_category.name}<' in english_news
    assert f">{category.name}<" not in english_news
    assert f'value="{category.slug}">{category.name}<' in vietnamese_news
    assert english_category.name not in vietnamese_news
    english_news_path = public_path(news.get_translation(english_locale()))
    for slug in (english_category.slug, category.slug):  # an address with the Vietnamese slug works too
        chosen = html.unescape(html_text(client.get(english_news_path, {"chu-de": slug}, HTTP_HOST=A_HOST)))
        assert english_article.title in chosen and f"“{english_category.name}”" in chosen


# --- Untranslated parents ----------------------------------------------------------------------------------------


def test_a_page_translated_before_its_parent_gets_an_alias_parent_that_sends_readers_to_vietnamese(
    ward, client, django_capture_on_commit_callbacks
):
    news = _section(ward.ward_a, "news")
    article = NewsArticlePage.objects.child_of(news).live().order_by("-date").first()
    client.force_login(ward.board_a)
    assert submit_page(client, article).status_code == 302
    english_article = article.get_translation(english_locale())
    alias = english_article.get_parent()
    assert alias.alias_of_id == news.pk and alias.locale_id == english_locale().pk
    assert alias.get_parent().pk == english_home(ward.ward_a).pk
    edit_url = reverse("wagtailadmin_pages:edit", args=[english_article.pk])
    translate_in_editor(client, editor_props(client.get(edit_url)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url, {"action": "publish"})
    client.logout()
    response = client.get(public_path(alias), HTTP_HOST=A_HOST)
    assert response.status_code == 302 and response["Location"] == public_path(news)
    english_article.refresh_from_db()
    # The alias has the section's English address, not the Vietnamese slug (nor does the article under it).
    alias.refresh_from_db()
    assert alias.slug == "news-and-events" and news.slug == "tin-tuc-su-kien"
    assert public_path(english_article.specific).startswith("/en/news-and-events/")
    response = client.get(public_path(english_article.specific), HTTP_HOST=A_HOST)
    assert response.status_code == 200 and english(article.title) in html.unescape(html_text(response))
    page = response.content.decode()
    # Its breadcrumbs go from the English home to the article: the alias (Vietnamese title) is left out, and no
    # category or tag link leads through the alias to the Vietnamese section.
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.S).group(0)
    assert news.title not in html.unescape(crumbs) and 'href="/en/"' in crumbs
    assert f'href="{public_path(alias)}"' not in page and f'href="{public_path(alias)}?' not in page
    assert english_article.specific.tags.exists()
    assert '<ul class="news-tags__list" lang="vi">' in page  # the Vietnamese keywords (not translated), marked so
    # The English site map lists the English article, not the alias (its title is Vietnamese).
    sitemap = translate_directly(_section(ward.ward_a, "sitemap"))
    text = html.unescape(html_text(client.get(public_path(sitemap), HTTP_HOST=A_HOST)))
    assert english(article.title) in text and f">{news.title}<" not in text
    # A writer starts translating the section: the alias becomes the translation's draft, offline until the board
    # publishes it (not a live English page showing the Vietnamese text it mirrored), under the same address; the
    # English article stays where it was, with no redirect made.
    old_path = public_path(english_article.specific)
    redirects = set(Redirect.objects.values_list("old_path", flat=True))
    client.force_login(ward.writer_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert submit_page(client, news).status_code == 302
    client.logout()
    alias.refresh_from_db()
    assert alias.alias_of_id is None and not alias.live and alias.slug == "news-and-events"
    assert alias.has_unpublished_changes and alias.live_revision_id is None
    assert set(Redirect.objects.values_list("old_path", flat=True)) == redirects
    english_article.refresh_from_db()
    assert public_path(english_article.specific) == old_path
    page = client.get(old_path, HTTP_HOST=A_HOST).content.decode()
    assert news.title not in html.unescape(page)  # neither in the menu nor in the breadcrumbs
    assert client.get(public_path(alias), HTTP_HOST=A_HOST).status_code != 200
    # The translator's editor offers the address it has.
    client.force_login(ward.board_a)
    props = editor_props(client.get(reverse("wagtailadmin_pages:edit", args=[alias.pk])))
    slug = next(segment for segment in string_segments(props) if segment["contentPath"] == "slug")
    translated = {entry["segment_id"]: entry["data"] for entry in props["initialStringTranslations"]}
    assert translated[slug["id"]] == "news-and-events"
    client.logout()
    # The section translated and published: the English section, under the address its translator gave; the English
    # article's earlier address leads to its new one.
    with django_capture_on_commit_callbacks(execute=True):
        english_news = translate_directly(news)
    assert english_news.pk == alias.pk and english_news.alias_of_id is None and english_news.live
    english_article.refresh_from_db()
    new_path = public_path(english_article.specific)
    assert new_path != old_path and new_path.startswith(public_path(english_news))
    moved = client.get(old_path, HTTP_HOST=A_HOST)
    assert moved.status_code in (301, 302) and moved["Location"].endswith(new_path)
    assert client.get(new_path, HTTP_HOST=A_HOST).status_code == 200


# --- Fixes -------------------------------------------------------------------------------------------------------


def test_translated_legal_document_keeps_its_number_without_clashing_and_its_validity(ward):
    from django.core.exceptions import ValidationError

    from documents.models import LegalDocumentRelation

    relation = (
        LegalDocumentRelation.objects.filter(page__path__startswith=ward.ward_a.home_page.path, kind="replaces")
        .select_related("page", "target")
        .first()
    )
    replaced = relation.target.specific
    translate_ancestors(replaced)
    english_replaced = translate_directly(replaced)
    assert english_replaced.number == replaced.number  # the number is a code: kept by the translator
    english_replaced.full_clean()  # its own source does not clash with it
    assert english_replaced.status == replaced.status == "expired"  # replaced in either language
    copy = LegalDocumentPage(
        title="Bản trùng số",
        number=replaced.number,
        document_type=replaced.document_type,
        issuing_body=replaced.issuing_body,
        issue_date=replaced.issue_date,
        abstract="Văn bản khác trùng số, ký hiệu",
    )
    with pytest.raises(ValidationError) as error:  # another document of the same number still clashes
        replaced.get_parent().add_child(instance=copy)
    assert "number" in error.value.message_dict


def test_search_finds_english_pages_under_en_and_vietnamese_pages_at_the_root(ward, client):
    page = ContentPage.objects.descendant_of(ward.ward_a.home_page).get(slug="dieu-kien-tu-nhien-va-khi-hau")
    translate_ancestors(page)
    english_page = translate_directly(page)
    assert SearchEntry.objects.get(page=english_page).unit == ward.ward_a

    def results(path: str) -> list[str]:
        response = client.get(path, {"q": "khi hau nhiet doi"}, HTTP_HOST=A_HOST)
        assert response.status_code == 200
        return re.findall(r'<a[^>]+href="(/[^"]*)"[^>]*>', html_text(response).split("<main", 1)[-1])

    english_links, vietnamese_links = results("/en/tim-kiem/"), results("/tim-kiem/")
    assert public_path(english_page) in english_links and public_path(page) not in english_links
    assert public_path(page) in vietnamese_links and public_path(english_page) not in vietnamese_links


def test_english_week_has_an_english_title_and_english_leaders(ward, client):
    schedule = _section(ward.ward_a, "schedule")
    week = WorkScheduleWeekPage.objects.child_of(schedule).get(week_start=IsoWeek.current().monday)
    entry = week.entries.exclude(leaders=None).order_by("sort_order").first()
    leader = entry.leaders.order_by("sort_order").first()
    english_leader = translate_directly(leader)
    translate_directly(schedule)
    english_week = translate_directly(week).specific
    assert english_week.title.startswith("Work schedule for week")
    assert english_week.entries.count() == week.entries.count()
    assert set(english_week.entries.values_list("locale__language_code", flat=True)) == {"en"}

    url = _week_url(week)
    text = html.unescape(html_text(client.get(url, HTTP_HOST=A_HOST)))
    options = re.findall(r'<option value="(\d+)"', text)
    vietnamese_options = re.findall(
        r'<option value="(\d+)"',
        html_text(client.get(public_path(schedule) + url.split("/")[-2] + "/", HTTP_HOST=A_HOST)),
    )
    assert len(options) == len(vietnamese_options)  # no Vietnamese duplicate of a translated leader
    assert str(english_leader.pk) in options and str(leader.pk) not in options
    assert english_leader.position in text and f"{leader.name} – {leader.position}" not in text
    filtered = html.unescape(html_text(client.get(url, {"lanh-dao": english_leader.pk}, HTTP_HOST=A_HOST)))
    assert english(entry.content) in filtered


def test_english_registries_list_english_documents_with_english_sectors_and_units(ward, client):
    document = (
        LegalDocumentPage.objects.descendant_of(ward.ward_a.home_page).live().exclude(sectors=None).order_by("path")
    ).first()
    sector = document.sectors.get()
    english_sector = translate_directly(sector)  # taxonomies are the city's, translated by its administrators
    translate_ancestors(document)
    english_document = translate_directly(document)
    assert list(english_document.sectors.all()) == [sector]  # wagtail-localize keeps the Vietnamese rows
    text = html.unescape(html_text(client.get(public_path(english_document), HTTP_HOST=A_HOST)))
    assert f"<dd>{english_sector.name}</dd>" in text and f"<dd>{sector.name}</dd>" not in text

    registry = html.unescape(html_text(client.get(public_path(english_document.get_parent()), HTTP_HOST=A_HOST)))
    assert f"{english_sector.name} (1)" in registry and f">{sector.name} (" not in registry

    city_registry = translate_directly(_section(ward.city, "documents"))
    city_host = ward.city.site.hostname
    all_units = client.get(public_path(city_registry), {"pham-vi": "tat-ca"}, HTTP_HOST=city_host)
    text = html.unescape(html_text(all_units))
    assert public_path(english_document) in text  # the ward's English documents, under their English homes
    assert public_path(document) not in text
    assert f">{ward.ward_a.name_en} (" in text and f">{ward.ward_a.name} (" not in text  # the unit facet
    only_ward = client.get(
        public_path(city_registry), {"pham-vi": "tat-ca", "unit": ward.ward_a.pk}, HTTP_HOST=city_host
    )
    assert public_path(english_document) in html_text(only_ward)
    verified = client.get(
        public_path(city_registry) + "xac-minh/",
        {"so": document.number, "ngay": document.issue_date.isoformat()},
        HTTP_HOST=city_host,
    )
    assert public_path(english_document) in html_text(verified)


def test_my_unit_on_the_english_city_home_lists_the_wards_english_pages(ward, client):
    page = ContentPage.objects.descendant_of(ward.ward_a.home_page).get(slug="dieu-kien-tu-nhien-va-khi-hau")
    translate_ancestors(page)
    english_page = translate_directly(page)
    client.cookies["don_vi_cua_toi"] = ward.ward_a.slug
    city_host = ward.city.site.hostname

    def my_unit(path: str) -> str:
        text = html.unescape(html_text(client.get(path, HTTP_HOST=city_host)))
        found = re.search(r'<section class="home-block" id="don-vi-cua-toi".*?</section>', text, re.S)
        return found.group(0) if found else ""

    on_english, on_vietnamese = my_unit("/en/"), my_unit("/")
    assert english_page.title in on_english and page.title not in on_english
    intro = _section(ward.ward_a, "intro")
    assert intro.title not in on_english and english(intro.title) not in on_english  # sections are listings
    assert page.title in on_vietnamese and english_page.title not in on_vietnamese


def test_a_writer_of_another_ward_cannot_edit_the_translation_of_the_wards_snippet(ward, client):
    from wagtail_localize.models import Translation

    category = NewsCategory.objects.filter(unit=ward.ward_a).first()
    english_category = translate_directly(category)
    translation_row = Translation.objects.get(source__object_id=category.translation_key)
    segment = StringSegment.objects.filter(source=translation_row.source, context__path="name").get()
    client.force_login(ward.writer_b)
    url = reverse("wagtail_localize:edit_string_translation", args=[translation_row.pk, segment.pk])
    response = client.put(url, "value=Hijacked", content_type=FORM)
    assert response.status_code in (403, 404)
    english_category.refresh_from_db()
    assert StringTranslation.objects.filter(data="Hijacked").count() == 0
