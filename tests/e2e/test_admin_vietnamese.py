"""The admin in Vietnamese, in a real browser: the screens a ward's writer, board member and unit administrator use
show no English interface words, and names read family first.

Each screen's text (every text node outside scripts and user content, hidden menus and side panels included) and
its placeholder, title, aria-label and alt attributes are searched for common English interface words.
"""

from __future__ import annotations

import json
import re

import pytest

from .conftest import DESKTOP, screenshot_dir
from .demo_portal import ACCOUNT_NAMES, BOARD, EDITOR, EDITOR_PASSWORD, UNIT_ADMIN

pytestmark = pytest.mark.e2e

# Words and phrases of Django's, Wagtail's and wagtail-localize's English interface; none is a Vietnamese word.
ENGLISH_UI = [
    "ago",
    "Locale",
    "More actions",
    "translation",
    "Translation",
    "comma-separated",
    "None",
    "This password",
    "password",
    "Add",
    "Edit",
    "Delete",
    "Save",
    "Search",
    "Status",
    "Live",
    "Draft",
    "Publish",
    "Unpublish",
    "Preview",
    "Cancel",
    "Submit",
    "Settings",
    "Pages",
    "Images",
    "Documents",
    "Reports",
    "Title",
    "Sort",
    "Filter",
    "Actions",
    "Choose",
    "Upload",
    "Create",
    "Update",
    "Locked",
    "History",
    "Comments",
    "Owner",
    "Created",
    "Updated",
    "Dashboard",
    "Workflow",
    "Privacy",
    "Public",
    "Private",
    "Language",
    "English",
    "Close",
    "Loading",
    "minutes",
    "seconds",
    "hours",
    "days",
    "the",
    "and",
    "of",
    "by",
    "is",
    "your",
    "you",
    "this",
    "with",
    "must",
]
ENGLISH_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(word) for word in ENGLISH_UI) + r")(?![\w-])")

# Every text node and labelling attribute, except scripts, styles and what editors typed (rich text, the English
# text of a translation's segments).
COLLECT_TEXT = """(excluded) => {
    const skip = node => node.closest('script, style, template, noscript, textarea, ' + excluded);
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (node.textContent.trim() && !skip(node.parentElement)) texts.push(node.textContent.trim());
    }
    for (const element of document.body.querySelectorAll('[placeholder], [title], [aria-label], [alt]')) {
        if (skip(element)) continue;
        for (const name of ['placeholder', 'title', 'aria-label', 'alt']) {
            const value = element.getAttribute(name);
            if (value) texts.push(value);
        }
    }
    return texts;
}"""
# What editors typed; the date picker's “Save Selected” button, which Wagtail never turns on (showApplyButton); the
# account's language choice, where each language is named in itself (“English”).
USER_CONTENT = ".Draftail-Editor, .DraftEditor-root, .xdsoft_save_selected, [name='locale-preferred_language']"


def english_words(tab, excluded: str = USER_CONTENT) -> list[str]:
    found = []
    for text in tab.evaluate(COLLECT_TEXT, excluded):
        for match in ENGLISH_PATTERN.finditer(text):
            found.append(f"{match.group(1)!r} in {text[:120]!r}")
    return sorted(set(found))


def sign_in(tab, portal, username: str) -> None:
    tab.goto(portal.url(portal.ward, "/admin/login/"))
    tab.fill("#id_username", username)
    tab.fill("#id_password", EDITOR_PASSWORD)
    tab.locator("form button[type=submit], form input[type=submit]").first.click()
    tab.wait_for_url(lambda url: "/login/" not in url)


def editor_screens(portal) -> dict[str, str]:
    pages = portal.edit_page_ids
    screens = {
        "dashboard": "/admin/",
        "explorer": f"/admin/pages/{pages['homepage']}/",
        "news-explorer": f"/admin/pages/{portal.news_index_id}/",
        "images": "/admin/images/",
        "documents": "/admin/documents/",
        "reports-aging": "/admin/reports/aging-pages/",
        "reports-locked": "/admin/reports/locked/",
        "reports-history": "/admin/reports/site-history/",
        "reports-workflow": "/admin/reports/workflow/",
        "account": "/admin/account/",
    }
    for model in ("homepage", "contentpage", "newsarticlepage", "legaldocumentpage", "sectionpage"):
        if model in pages:
            screens[f"edit-{model}"] = f"/admin/pages/{pages[model]}/edit/"
    screens["translation-edit"] = f"/admin/pages/{portal.english_home_id}/edit/"
    screens["translation-submit"] = f"/admin/localize/submit/page/{pages['contentpage']}/"
    return screens


def visit(tab, portal, name: str, path: str, role: str, problems: dict) -> None:
    response = tab.goto(portal.url(portal.ward, path))
    if response.status >= 400:
        return  # a screen this role may not open is not part of their Vietnamese admin
    tab.wait_for_load_state("networkidle")
    toggle = tab.locator('[data-side-panel-toggle="status"]')
    if toggle.count():
        toggle.first.click()
        tab.wait_for_timeout(300)
    tab.screenshot(path=str(screenshot_dir() / f"admin-vi-{role}-{name}-1280.png"), full_page=True)
    words = english_words(tab)
    if words:
        problems[f"{role} {name} ({path})"] = words


@pytest.mark.parametrize("username", [EDITOR, BOARD, UNIT_ADMIN])
def test_the_admin_screens_an_editor_uses_show_no_english(portal, open_tab, username):
    tab, log = open_tab(DESKTOP)
    sign_in(tab, portal, username)
    problems: dict[str, list[str]] = {}
    for name, path in editor_screens(portal).items():
        visit(tab, portal, name, path, username, problems)
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
    assert log.page_errors == []


def test_a_weak_new_password_is_refused_in_vietnamese(portal, open_tab):
    tab, _ = open_tab(DESKTOP)
    sign_in(tab, portal, BOARD)
    tab.goto(portal.url(portal.ward, "/admin/account/"))
    # The tab holding the password fields, whatever its label.
    panel = tab.evaluate("document.querySelector('#id_password-old_password').closest('[role=tabpanel]').id")
    tab.locator(f'[role=tab][href="#{panel}"]').click()
    tab.fill("#id_password-old_password", EDITOR_PASSWORD)
    tab.fill("#id_password-new_password1", "12345")
    tab.fill("#id_password-new_password2", "12345")
    tab.locator("form:has(#id_password-old_password) button[type=submit]").first.click()
    tab.wait_for_load_state("networkidle")
    tab.screenshot(path=str(screenshot_dir() / "admin-vi-weak-password-1280.png"), full_page=True)
    errors = tab.locator(".error-message, .w-field__errors").all_inner_texts()
    assert any("Mật khẩu này quá ngắn: cần ít nhất 10 ký tự." in text for text in errors), errors
    assert any("Mật khẩu này quá phổ biến." in text for text in errors), errors
    assert english_words(tab) == []


def test_the_signed_in_editor_s_name_reads_family_first(portal, open_tab):
    tab, _ = open_tab(DESKTOP)
    sign_in(tab, portal, EDITOR)
    tab.goto(portal.url(portal.ward, "/admin/"))
    family, given = ACCOUNT_NAMES[EDITOR]
    tab.locator("[data-sidebar-account-toggle], .sidebar-footer button, [aria-label*='tài khoản' i]").first.click()
    tab.wait_for_timeout(300)
    assert f"{family} {given}" in tab.locator("body").inner_text()
    assert f"{given} {family}" not in tab.locator("body").inner_text()
