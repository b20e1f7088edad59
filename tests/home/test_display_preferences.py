"""Text size and contrast follow the citizen from the city portal to a ward portal: a cookie on the domain the unit
portals share (home/preferences.py), and pages that stay the same for everyone (cacheable)."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.test import override_settings
from wagtail.models import Site

from home.preferences import COOKIE_NAME, shared_cookie_domain

CITY = "tayninh.localhost"
WARD = "ninhson.tayninh.localhost"


@pytest.mark.parametrize(
    ("hostnames", "domain"),
    [
        (["tayninh.gov.vn", "ninhson.tayninh.gov.vn", "hiepninh.tayninh.gov.vn"], "tayninh.gov.vn"),
        (["www.tayninh.gov.vn", "ninhson.tayninh.gov.vn"], "tayninh.gov.vn"),
        # a unit on a hostname of its own does not pull the domain up to a public suffix such as gov.vn
        (["tayninh.gov.vn", "ninhson.tayninh.gov.vn", "congan-tayninh.gov.vn"], "tayninh.gov.vn"),
        (["tayninh.localhost", "ninhson.tayninh.localhost"], "tayninh.localhost"),
        (["tayninh.gov.vn", "binhduong.gov.vn"], ""),  # no portal under another: each keeps its own cookie
        (["localhost", "ninhson.localhost"], ""),  # a single label is never a cookie domain
        (["127.0.0.1"], ""),
    ],
)
def test_the_shared_domain_is_the_portal_hostname_the_others_are_under(hostnames, domain):
    assert shared_cookie_domain(hostnames) == domain


def script_config(html: str) -> dict:
    found = re.search(r'<script src="/static/js/display\.js" data-config="([^"]*)"></script>', html.split("</head>")[0])
    assert found, "the display preference script is in the head"
    return json.loads(unescape(found.group(1)))


def test_every_portal_gets_the_same_cookie_domain_and_applies_it_before_the_stylesheet(client, two_units):
    for host in (CITY, WARD):
        html = client.get("/", HTTP_HOST=host).content.decode()
        head = html.split("</head>")[0]
        assert head.index("js/display.js") < head.index('rel="stylesheet"')
        config = script_config(html)
        assert config == {
            "cookie": COOKIE_NAME,
            "domain": "tayninh.localhost",
            "fragment": "portal-display",
            "outside": [],
        }


def test_a_unit_outside_the_shared_domain_is_named_so_links_carry_the_choice_to_it(client, two_units):
    Site.objects.filter(pk=two_units.ward_b.site_id).update(hostname="hiepninh-tayninh.localhost")
    Site.clear_site_root_paths_cache()
    config = script_config(client.get("/", HTTP_HOST=CITY).content.decode())
    assert config["domain"] == "tayninh.localhost"
    assert config["outside"] == ["hiepninh-tayninh.localhost"]


@override_settings(PORTAL_PREFERENCE_COOKIE_DOMAIN="tayninh.gov.vn")
def test_the_domain_can_be_set_for_an_installation(client, two_units):
    config = script_config(client.get("/", HTTP_HOST=WARD).content.decode())
    assert config["domain"] == "tayninh.gov.vn"
    assert len(config["outside"]) == 3  # the test hostnames are not under it


def test_the_page_is_the_same_with_or_without_the_preference_cookie(client, two_units):
    """The server never reads the cookie, so a cached page serves every visitor."""
    plain = client.get("/gioi-thieu/", HTTP_HOST=WARD)
    client.cookies[COOKIE_NAME] = "fs130.hc"
    with_cookie = client.get("/gioi-thieu/", HTTP_HOST=WARD)
    assert with_cookie.content == plain.content
    assert 'class="no-js"' in with_cookie.content.decode()  # no class chosen on the server
