"""Property-based fuzzing of everything a citizen can send: every GET parameter and sub-path of every
page type, and every public form, answer without a 5xx, never echo markup unescaped and write nothing.

The targets are discovered, not listed: the ward's tree (provisioned from the blueprint and filled by the demo
loaders, plus a content page) gives one live page per page type; a first plain request to each page records which
query parameters its view reads (every `QueryDict` lookup) and which fields its forms carry; routable pages add
their sub-routes. Hypothesis then draws values mixing Unicode digits, NUL bytes, huge and negative numbers, dates
out of range and `<script>` markup. `derandomize=True` keeps runs reproducible; `max_examples` keeps the file short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from home.models import ContentPage
from tests.conftest import make_unit

WARD_A = "ninhson.tayninh.localhost"
CITY = "tayninh.localhost"
MARKER = "<script>fuzz()</script>"
FUZZ = settings(
    max_examples=4,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- What the fuzzer sends ------------------------------------------------------------------------------------------

nasty_values = st.one_of(
    st.sampled_from(
        [
            "²",
            "١٢",
            "𝟙𝟚",
            "½",
            "0",
            "-1",
            "10000",
            "99999999999999999999",
            "9" * 400,
            "1e309",
            "0001-01-01",
            "9999-12-31",
            "2026-13",
            "tat-ca",
            "\x00",
            "a\x00b",
            MARKER,
            '"><svg onload=fuzz()>',
            "' OR 1=1 --",
            "%00",
            "../../etc/passwd",
            "",
            " ",
        ]
    ),
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(alphabet="0123456789²³¹٠١٢३४੫௬๗", min_size=1, max_size=25),
)
nasty_segments = st.one_of(
    nasty_values.filter(lambda value: "/" not in value and value not in ("", ".", "..")),
    st.sampled_from(["0001-w01", "9999-w52", "2026-w00", "2026-w99", "0000-w53", "1899-w52", "3000-w01"]),
)

# --- Discovery ------------------------------------------------------------------------------------------------------


class QueryDictReads:
    """Records every key a view looks up in a QueryDict (request.GET / request.POST) while active."""

    METHODS = ("get", "__getitem__", "getlist", "__contains__", "pop", "setdefault")

    def __init__(self, monkeypatch):
        self.keys: set[str] = set()
        for name in self.METHODS:
            original = getattr(QueryDict, name)
            monkeypatch.setattr(QueryDict, name, self._recording(original))

    def _recording(self, original):
        keys = self.keys

        def recorded(query_dict, key, *args, **kwargs):
            if isinstance(key, str):
                keys.add(key)
            return original(query_dict, key, *args, **kwargs)

        return recorded


class FormFields(HTMLParser):
    """The forms of a page: method, action and the names of their fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attributes.get("method") or "get").lower(),
                    "action": attributes.get("action"),
                    "names": set(),
                }
            )
        elif tag in ("input", "select", "textarea", "button") and self.forms and attributes.get("name"):
            self.forms[-1]["names"].add(attributes["name"])


@dataclass
class Target:
    page_type: str
    host: str
    path: str
    params: set[str] = field(default_factory=set)
    sub_routes: list[str] = field(default_factory=list)


def _route_templates(page: Page) -> list[str]:
    """The sub-routes of a routable page as templates with `{}` where a parameter goes."""
    templates = []
    for pattern in page.get_resolver().url_patterns:
        text = str(pattern.pattern)
        text = re.sub(r"\(\?P<[^>]+>[^)]*\)", "{}", text)
        text = re.sub(r"<[^>]+>", "{}", text).strip("^$")
        if "{}" in text:
            templates.append(text)
    return templates


def _fixed_routes(page: Page) -> list[str]:
    routes = [str(pattern.pattern).strip("^$") for pattern in page.get_resolver().url_patterns]
    return [route for route in routes if not re.search(r"[<(]", route)]


def discover(client: Client, monkeypatch, ward) -> list[Target]:
    pages = Page.objects.live().descendant_of(ward.home_page, inclusive=True).specific().order_by("path")
    one_per_type: dict[str, Page] = {}
    for page in pages:
        one_per_type.setdefault(type(page).__name__, page)
    # Registry and schedule routes with their own views, and the views outside the tree.
    extra = [("search", "/tim-kiem/"), ("my_unit", "/don-vi-cua-toi/"), ("sitemap", "/sitemap.xml")]
    targets = []
    for name, page in one_per_type.items():
        target = Target(name, WARD_A, urlsplit(page.full_url).path)
        targets.append(target)
        if isinstance(page, RoutablePageMixin):
            target.sub_routes = _route_templates(page)
            # Its fixed sub-routes (CSV export, verification, print view…) read parameters of their own.
            for suffix in [*_fixed_routes(page), "2026-w21/", "2026-w21/ban-in/"]:
                if suffix and _resolves(page, suffix):
                    targets.append(Target(f"{name}:{suffix}", WARD_A, target.path + suffix))
    targets += [Target(name, WARD_A, path) for name, path in extra]
    targets.append(Target("city_search", CITY, "/tim-kiem/"))
    for target in targets:
        # A second request with every parameter found so far finds those read only then (a page of results); a
        # redirect (an old parameter name's permanent redirect) is followed as a browser would.
        for with_found in (False, True):
            reads = QueryDictReads(monkeypatch)
            query = dict.fromkeys(target.params, "1") if with_found else {}
            response = client.get(target.path, query, HTTP_HOST=target.host, follow=True)
            monkeypatch.undo()
            assert response.status_code < 500, target
            target.params |= reads.keys
            if response.get("Content-Type", "").startswith("text/html"):
                parser = FormFields()
                parser.feed(response.content.decode())
                for form in parser.forms:
                    if form["method"] == "get" and form["action"] in (None, "", target.path):
                        target.params |= form["names"]
    return targets


def _resolves(page, suffix: str) -> bool:
    try:
        page.resolve_subpage("/" + suffix)
    except Exception:
        return False
    return True


# --- The world ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ward(django_db_setup, django_db_blocker):
    """City and ward A (provisioned from the blueprint, filled by the demo loaders): one live page of every type."""
    from demo.consultations import load_consultations_demo
    from demo.documents import load_demo as load_documents
    from demo.news import load_demo as load_news
    from demo.organization import load_demo as load_organisation

    with django_db_blocker.unblock(), transaction.atomic():
        city = make_unit("city", "Thành phố Tây Ninh", "tayninh")
        ward_a = make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh")
        load_organisation({"ninhson": ward_a})
        load_news({"ninhson": ward_a})
        load_documents({"ninhson": ward_a})
        load_consultations_demo({"ninhson": ward_a})
        intro = ward_a.sections.get(key="intro").page
        intro.add_child(
            instance=ContentPage(title="Điều kiện tự nhiên", slug="trang-kiem-thu-nhap-lieu", intro="Khí hậu.")
        ).save_revision().publish()
        yield ward_a
        transaction.set_rollback(True)
        del city
    cache.clear()


@pytest.fixture(scope="module")
def targets(ward, django_db_blocker):
    monkeypatch = pytest.MonkeyPatch()
    with django_db_blocker.unblock():
        cache.clear()
        found = discover(Client(), monkeypatch, ward)
    monkeypatch.undo()
    return found


@pytest.mark.django_db
def test_discovery_finds_every_page_type_and_the_parameters_their_views_read(targets):
    by_type = {target.page_type: target for target in targets}
    assert {"HomePage", "NewsIndexPage", "NewsArticlePage", "LegalDocumentIndexPage", "LegalDocumentPage"} <= set(
        by_type
    )
    assert {"WorkSchedulePage", "LeadershipPage", "ContentPage", "OrgChartPage"} <= set(by_type)
    assert {"ConsultationIndexPage", "ConsultationPage"} <= set(by_type)
    assert {"da-gui"} <= by_type["ConsultationPage"].params
    assert {"q", "type", "year", "page"} <= by_type["LegalDocumentIndexPage"].params
    assert {"chu-de", "the", "thang", "page"} <= by_type["NewsIndexPage"].params
    assert {"lanh-dao"} <= by_type["WorkSchedulePage"].params
    assert {"q", "loai", "page"} <= by_type["search"].params
    assert {"so", "ngay"} <= by_type["LegalDocumentIndexPage:xac-minh/"].params
    assert {"q", "type", "year"} <= by_type["LegalDocumentIndexPage:xuat-csv/"].params


def assert_answered_safely(response, writes, may_write: str = "wagtailimages_rendition") -> None:
    assert response.status_code < 500, response.status_code
    if response.get("Content-Type", "").startswith(("text/html", "application/xhtml")):
        body = response.content.decode(errors="replace")
        assert MARKER not in body and "<svg onload=fuzz()>" not in body
    written = [
        query["sql"]
        for query in writes.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)", query["sql"]) and may_write not in query["sql"]
    ]
    assert not written, written


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_every_get_parameter_of_every_page_type(targets, data):
    client = Client()
    for target in targets:
        names = sorted(target.params) or ["q"]
        params = data.draw(st.dictionaries(st.sampled_from(names), nasty_values, min_size=1, max_size=4))
        with CaptureQueriesContext(connection) as writes:
            response = client.get(target.path, params, HTTP_HOST=target.host)
        assert_answered_safely(response, writes)


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_every_path_below_every_page_type(targets, data):
    client = Client()
    for target in targets:
        if not target.path.endswith("/") or target.path.startswith("/don-vi"):
            continue
        segment = data.draw(nasty_segments)
        paths = [target.path + quote(segment, safe="") + "/"]
        for template in target.sub_routes:
            paths.append(target.path + template.replace("{}", quote(segment, safe="")))
        for path in paths:
            with CaptureQueriesContext(connection) as writes:
                response = client.get(path, HTTP_HOST=target.host)
            assert_answered_safely(response, writes)


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_every_public_form_post(targets, data):
    """Public forms that post: “Đơn vị của tôi” (GET and POST) and the admin sign-in (its failures are counted by
    django-axes, the only rows a refused post may write)."""
    client = Client()
    forms = [("/don-vi-cua-toi/", CITY, ["don_vi"]), ("/admin/login/", WARD_A, ["username", "password", "next"])]
    for path, host, names in forms:
        values = data.draw(st.fixed_dictionaries(dict.fromkeys(names, nasty_values)))
        with CaptureQueriesContext(connection) as writes:
            response = client.post(path, values, HTTP_HOST=host)
        assert_answered_safely(response, writes, may_write="axes_" if path == "/admin/login/" else "-")
