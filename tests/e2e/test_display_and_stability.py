"""Text size and contrast follow the citizen across unit portals (each on its own hostname), applied before the
first paint; the home pages do not shift while they load (Cumulative Layout Shift, measured as Lighthouse does)."""

from __future__ import annotations

import re

import pytest

from .conftest import PHONE, VIEWPORTS, screenshot_dir

pytestmark = pytest.mark.e2e

# Whether the page already had the chosen classes when <body> was first inserted, i.e. before anything could paint.
CLASSES_AT_BODY = """
window.__classesAtBody = null;
new MutationObserver(function (changes, observer) {
  if (document.body) { window.__classesAtBody = document.documentElement.className; observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""

CLS = """() => new Promise(resolve => {
  let total = 0;
  const sources = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      total += entry.value;
      for (const source of entry.sources || []) {
        sources.push(source.node ? source.node.nodeName + "." + source.node.className : "?");
      }
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve({total, sources}), 1000);
})"""


@pytest.mark.parametrize(("viewport_name", "viewport"), VIEWPORTS)
def test_contrast_and_text_size_chosen_on_the_city_follow_to_a_ward(portal, open_tab, viewport_name, viewport):
    folder = screenshot_dir()
    tab, log = open_tab(viewport)
    tab.add_init_script(CLASSES_AT_BODY)
    tab.goto(portal.url(portal.city))
    tab.get_by_role("button", name="Tương phản cao").click()
    tab.get_by_role("button", name="A+ Tăng cỡ chữ").click()
    tab.get_by_role("button", name="A+ Tăng cỡ chữ").click()
    tab.screenshot(path=str(folder / f"display-city-{viewport_name}.png"))

    tab.locator(".unit-directory").get_by_role("link", name=re.compile("Phường Ninh Sơn")).click()
    tab.wait_for_url(portal.url(portal.ward))
    classes = tab.locator("html").get_attribute("class").split()
    assert {"high-contrast", "font-size-130", "js"} <= set(classes)
    at_body = tab.evaluate("window.__classesAtBody").split()
    assert {"high-contrast", "font-size-130"} <= set(at_body), "applied before the first paint"
    assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert tab.get_by_role("button", name="Tương phản cao").get_attribute("aria-pressed") == "true"
    tab.screenshot(path=str(folder / f"display-ward-{viewport_name}.png"))

    cookies = {cookie["name"]: cookie for cookie in tab.context.cookies()}
    assert cookies["portal_display"]["value"] == "fs130.hc"
    assert cookies["portal_display"]["domain"] == ".tayninh.localhost"

    # Back to the defaults on the ward: the city forgets the choice too.
    tab.get_by_role("button", name="Tương phản cao").click()
    tab.get_by_role("button", name="A Cỡ chữ mặc định").click()
    tab.goto(portal.url(portal.city))
    assert "high-contrast" not in tab.locator("html").get_attribute("class")
    assert "font-size-" not in tab.locator("html").get_attribute("class")
    assert log.console_errors == [] and log.page_errors == []


def test_a_choice_carried_in_the_link_is_applied_saved_and_dropped_from_the_address(portal, open_tab):
    """How a unit on a hostname outside the shared domain receives the choice (static/js/portal.js adds it)."""
    tab, log = open_tab(PHONE)
    tab.add_init_script(CLASSES_AT_BODY)
    tab.goto(portal.url(portal.ward, "/gioi-thieu/#portal-display=fs115.hc"))
    assert {"high-contrast", "font-size-115"} <= set(tab.evaluate("window.__classesAtBody").split())
    assert tab.url == portal.url(portal.ward, "/gioi-thieu/")
    tab.goto(portal.url(portal.ward, "/so-do-cong/"))
    assert "high-contrast" in tab.locator("html").get_attribute("class")
    assert log.console_errors == [] and log.page_errors == []


def test_home_pages_do_not_shift_while_loading(portal, open_tab):
    """CLS under Lighthouse's mobile throttling (slow 4G, 4× slower CPU), scrolled to the end so that every lazy
    image loads, must stay under 0.05 (Google's “good” is 0.1)."""
    results = {}
    for viewport_name, viewport in VIEWPORTS:
        for name, url in (("city", portal.url(portal.city)), ("ward", portal.url(portal.ward))):
            tab, _log = open_tab(viewport)
            cdp = tab.context.new_cdp_session(tab)
            cdp.send("Network.enable")
            cdp.send(
                "Network.emulateNetworkConditions",
                {"offline": False, "latency": 150, "downloadThroughput": 204800, "uploadThroughput": 96000},
            )
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            tab.goto(url, wait_until="load")
            tab.evaluate(
                "async () => { for (let y = 0; y < document.body.scrollHeight; y += 400) {"
                " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 100)); } }"
            )
            results[f"{name} @ {viewport_name}px"] = tab.evaluate(CLS)
    assert {key: value for key, value in results.items() if value["total"] >= 0.05} == {}, results
