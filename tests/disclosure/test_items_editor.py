"""The editor of disclosure items: the kind must be one its section lists, budget reports need their year and period,
a notice's project and an item's decision must be the unit's own (checked server-side on hand-made POSTs), another
unit's writer cannot add or edit items in ward A's sections, and new items get Vietnamese-folded addresses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from disclosure.items import DisclosureItemPage

from .items_support import add_decision, add_item, section

D = dt.date
NEW_PAGE = ["path", "depth"]  # set when the page is added to the tree


def new_item(unit, key: str, **fields) -> DisclosureItemPage:
    """An unsaved item under the unit's section, as the page editor validates it."""
    page = DisclosureItemPage(title=fields.pop("title", "Mục công khai"), issued_on=D(2026, 3, 1), **fields)
    page._parent_for_clean = section(unit, key)
    return page


def errors_of(page) -> dict:
    with pytest.raises(ValidationError) as caught:
        page.full_clean(exclude=NEW_PAGE)
    return caught.value.message_dict


def test_kind_must_be_one_the_section_lists(two_units):
    errors = errors_of(new_item(two_units.ward_a, "plans", kind="budget_estimate", period_year=2026))
    assert "Chuyên mục này không đăng loại “Dự toán ngân sách”" in errors["kind"][0]
    new_item(two_units.ward_a, "plans", kind="land_use_plan").full_clean(exclude=NEW_PAGE)


def test_budget_reports_need_a_year_and_execution_reports_a_period(two_units):
    ward = two_units.ward_a
    assert "năm ngân sách" in errors_of(new_item(ward, "finance", kind="budget_estimate"))["period_year"][0]
    errors = errors_of(new_item(ward, "finance", kind="budget_execution", period_year=2026))
    assert errors["period"] == ["Báo cáo tình hình thực hiện dự toán phải ghi kỳ: quý, 6 tháng hay cả năm."]
    new_item(ward, "finance", kind="budget_execution", period_year=2026, period="q3").full_clean(exclude=NEW_PAGE)
    assert "Hãy ghi năm" in errors_of(new_item(ward, "finance", kind="funds", period="q1"))["period_year"][0]


def test_project_dates_and_capital(two_units):
    errors = errors_of(
        new_item(two_units.ward_a, "projects", kind="project", start_date=D(2026, 5, 1), end_date=D(2026, 1, 1))
    )
    assert errors["end_date"] == ["Ngày kết thúc không được trước ngày bắt đầu."]


def test_notice_must_belong_to_a_project_of_the_same_unit(two_units):
    own = add_item(two_units.ward_a, "projects", "Dự án trường học", "project", D(2026, 2, 5))
    foreign = add_item(two_units.ward_b, "projects", "Dự án chợ Hiệp Ninh", "project", D(2026, 2, 5))
    not_a_project = add_item(two_units.ward_a, "projects", "Thông báo khác", "procurement", D(2026, 2, 6))
    new_item(two_units.ward_a, "projects", kind="procurement", related_project=own).full_clean(exclude=NEW_PAGE)
    errors = errors_of(new_item(two_units.ward_a, "projects", kind="procurement", related_project=foreign))
    assert "thuộc đơn vị khác" in errors["related_project"][0]
    errors = errors_of(new_item(two_units.ward_a, "projects", kind="procurement", related_project=not_a_project))
    assert "Hãy chọn một dự án đầu tư công" in errors["related_project"][0]


def test_decision_must_be_in_the_units_own_registry(two_units):
    """Decided: the unit's own registry only. A decision of the city (an ancestor unit) is cited by its number, so a
    ward's page never links into the city's registry as if it were its own document."""
    own = add_decision(two_units.ward_a)
    city = add_decision(two_units.city, "3150/QĐ-UBND")
    new_item(two_units.ward_a, "plans", kind="land_use_plan", decision_document=own).full_clean(exclude=NEW_PAGE)
    errors = errors_of(new_item(two_units.ward_a, "plans", kind="land_use_plan", decision_document=city))
    assert "không thuộc cơ sở dữ liệu văn bản của Phường Ninh Sơn" in errors["decision_document"][0]


def test_new_item_address_folds_vietnamese(two_units):
    page = add_item(
        two_units.ward_a,
        "finance",
        "Báo cáo quý III/2026 đường Bời Lời",
        "budget_execution",
        D(2026, 10, 9),
        period_year=2026,
        period="q3",
    )
    assert page.slug == "bao-cao-quy-iii-2026-duong-boi-loi"
    unsaved = new_item(two_units.ward_a, "plans", kind="plan", title="Kế hoạch đô thị")
    unsaved.full_clean(exclude=NEW_PAGE)
    assert unsaved.slug == "ke-hoach-do-thi"


# --- The page editor: hand-made POSTs and another unit's writer ---------------------------------------------------


def item_form(title: str, slug: str, **fields) -> dict:
    data = {
        "title": title,
        "slug": slug,
        "kind": "procurement",
        "summary": "",
        "issued_on": "2026-03-20",
        "period_year": "",
        "period": "",
        "decision_number": "",
        "files": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["disclosure", "disclosureitempage", parent.pk])


def test_writer_adds_a_notice_of_its_own_project(client, two_units):
    own = add_item(two_units.ward_a, "projects", "Dự án trường học", "project", D(2026, 2, 5))
    client.force_login(two_units.writer_a)
    response = client.post(
        add_url(section(two_units.ward_a, "projects")),
        item_form("Thông báo mời thầu", "thong-bao-moi-thau", related_project=str(own.pk)),
    )
    assert response.status_code == 302
    notice = DisclosureItemPage.objects.get(slug="thong-bao-moi-thau")
    assert notice.related_project_id == own.pk and not notice.live


def test_posted_foreign_project_and_decision_are_refused(client, two_units):
    foreign = add_item(two_units.ward_b, "projects", "Dự án chợ Hiệp Ninh", "project", D(2026, 2, 5))
    foreign_decision = add_decision(two_units.ward_b, "77/QĐ-UBND")
    client.force_login(two_units.writer_a)
    response = client.post(
        add_url(section(two_units.ward_a, "projects")),
        item_form(
            "Thông báo giả",
            "thong-bao-gia",
            related_project=str(foreign.pk),
            decision_document=str(foreign_decision.pk),
        ),
    )
    assert response.status_code == 200
    assert not DisclosureItemPage.objects.filter(slug="thong-bao-gia").exists()
    form = response.context["form"]
    assert "related_project" in form.errors and "decision_document" in form.errors
    assert "Dự án chợ Hiệp Ninh" not in response.content.decode()


def test_posted_kind_of_another_section_is_refused(client, two_units):
    client.force_login(two_units.writer_a)
    response = client.post(
        add_url(section(two_units.ward_a, "plans")),
        item_form("Dự toán giả", "du-toan-gia", kind="budget_estimate", period_year="2026"),
    )
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not DisclosureItemPage.objects.filter(slug="du-toan-gia").exists()


def test_another_units_writer_cannot_add_or_edit_in_ward_a(client, two_units):
    item = add_item(two_units.ward_a, "finance", "Dự toán 2026", "budget_estimate", D(2026, 1, 9), period_year=2026)
    client.force_login(two_units.writer_b)
    finance_a = section(two_units.ward_a, "finance")
    for response in (
        client.get(add_url(finance_a)),
        client.post(add_url(finance_a), item_form("Xâm nhập", "xam-nhap", kind="budget_estimate", period_year="2026")),
        client.get(reverse("wagtailadmin_pages:edit", args=[item.pk])),
        client.post(reverse("wagtailadmin_pages:edit", args=[item.pk]), item_form("Sửa", item.slug)),
    ):
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/edit/" not in response["Location"]
    assert not DisclosureItemPage.objects.filter(slug="xam-nhap").exists()
    item.refresh_from_db()
    assert item.title == "Dự toán 2026"


def test_editor_offers_only_the_sections_kinds(client, two_units):
    client.force_login(two_units.writer_a)
    page = client.get(add_url(section(two_units.ward_a, "projects"))).content.decode()
    assert 'value="procurement"' in page and 'value="budget_estimate"' not in page
