"""The demo's access to information: focal points and the disclosure page's introduction on the units it names,
the gap on Phường Hiệp Ninh, requests answered, open and overdue; a second run adds nothing."""

from __future__ import annotations

import pytest

from demo.information_requests import load_information_demo
from participation.models import Question
from participation.questions import is_overdue
from sites.models import UnitSection


@pytest.mark.django_db
def test_the_demo_sets_focal_points_leaves_one_gap_and_adds_requests_once(two_units, client):
    units = {unit.slug: unit for unit in (two_units.city, two_units.ward_a, two_units.ward_b)}
    lines = load_information_demo(units)
    assert any("Nguyễn Thị Thanh Trúc" in line for line in lines)
    assert load_information_demo(units) == []

    def page(unit):
        return UnitSection.objects.get(unit=unit, key="disclosure").page.specific

    assert page(two_units.ward_a).focal_point.name == "Nguyễn Thị Thanh Trúc"
    assert page(two_units.city).focal_point is not None
    assert page(two_units.ward_b).focal_point is None and page(two_units.ward_b).intro
    html = client.get("/cong-khai-thong-tin/", HTTP_HOST="hiepninh.tayninh.localhost").content.decode()
    assert "Chưa chỉ định đầu mối cung cấp thông tin." in html

    requests = Question.objects.filter(kind=Question.Kind.INFORMATION_REQUEST, unit=two_units.ward_a)
    statuses = {request.status for request in requests}
    assert {Question.Status.ANSWERED, Question.Status.RECEIVED, Question.Status.ASSIGNED} <= statuses
    assert any(is_overdue(request) for request in requests)
    assert not Question.objects.published().filter(kind=Question.Kind.INFORMATION_REQUEST).exists()
