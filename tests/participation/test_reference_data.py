"""Topics come from a data migration in Vietnamese and English; only superusers edit them. Each unit's administrator
keeps the unit's khu phố/ấp; its writers and board only read them, and no one sees another unit's."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Locale

from participation.models import Area, Topic
from tests.conftest import login_verified


@pytest.mark.django_db
def test_topics_exist_in_vietnamese_and_english_with_shared_keys():
    vietnamese = Topic.objects.filter(locale=Locale.get_default())
    english = Topic.objects.filter(locale__language_code="en")
    assert vietnamese.count() == english.count() >= 10
    assert {"Đất đai", "Xây dựng – Trật tự đô thị", "Hộ tịch – Chứng thực", "Khác"} <= set(
        vietnamese.values_list("name", flat=True)
    )
    assert set(vietnamese.values_list("translation_key", flat=True)) == set(
        english.values_list("translation_key", flat=True)
    )
    land = vietnamese.get(name="Đất đai")
    assert english.get(translation_key=land.translation_key).name == "Land"
    assert all(topic.answer_working_days == 15 for topic in vietnamese)


@pytest.mark.django_db
def test_unit_administrators_keep_their_areas_and_only_superusers_edit_topics(two_units, client, superuser):
    own = Area.objects.create(unit=two_units.ward_a, name="Khu phố Ninh Trung")
    foreign = Area.objects.create(unit=two_units.ward_b, name="Khu phố Hiệp Bình")
    areas = reverse("wagtailsnippets_participation_area:list")
    topics = reverse("wagtailsnippets_participation_topic:list")
    topic = Topic.objects.filter(locale=Locale.get_default()).first()

    client.force_login(two_units.admin_a)
    listing = client.get(areas).content.decode()
    assert own.name in listing and foreign.name not in listing
    response = client.post(
        reverse("wagtailsnippets_participation_area:add"),
        {"unit": two_units.ward_a.pk, "name": "Khu phố Ninh Bình", "sort_order": 6},
    )
    assert response.status_code == 302
    assert Area.objects.filter(unit=two_units.ward_a, name="Khu phố Ninh Bình").exists()
    assert client.get(reverse("wagtailsnippets_participation_area:edit", args=[foreign.pk])).status_code == 404
    edit_topic = client.get(reverse("wagtailsnippets_participation_topic:edit", args=[topic.pk]))
    assert edit_topic.status_code in (302, 403)
    assert client.get(topics).status_code in (302, 403)

    client.force_login(two_units.writer_a)
    assert own.name in client.get(areas).content.decode()
    response = client.post(
        reverse("wagtailsnippets_participation_area:add"), {"unit": two_units.ward_a.pk, "name": "Khu phố mới"}
    )
    assert response.status_code in (302, 403) and not Area.objects.filter(name="Khu phố mới").exists()

    login_verified(client, superuser)
    assert client.get(reverse("wagtailsnippets_participation_topic:edit", args=[topic.pk])).status_code == 200


@pytest.mark.django_db
def test_every_unit_gets_the_typed_questions_page_under_its_home_only(city):
    from home.models import HomePage, SectionPage
    from participation.models import QuestionIndexPage

    page = city.sections.get(key="qa").page.specific
    assert isinstance(page, QuestionIndexPage) and page.live
    assert page.get_parent().specific_class is HomePage
    # Its child sections (draft consultation, satisfaction rating) stay under it.
    children = {child.specific_class for child in page.get_children()}
    assert children and children <= set(QuestionIndexPage.allowed_subpage_models())
    assert QuestionIndexPage not in SectionPage.allowed_subpage_models()
    assert not QuestionIndexPage.can_create_at(city.home_page)  # one per home


@pytest.mark.django_db
def test_sync_blueprint_turns_an_untouched_generic_questions_section_into_the_typed_page(city):
    import dataclasses

    from home.models import SectionPage
    from participation.models import QuestionIndexPage
    from sites.blueprint import BLUEPRINT, GENERIC_SECTION
    from sites.provisioning import UnitSpec, ensure_unit_structure, provision_unit

    before = dataclasses.replace(
        BLUEPRINT,
        sections=tuple(
            dataclasses.replace(s, page_type=GENERIC_SECTION) if s.key == "qa" else s for s in BLUEPRINT.sections
        ),
    )
    unit = provision_unit(UnitSpec(kind="ward", name="Phường Ninh Sơn", slug="ninhson", parent_slug="tayninh"), before)
    unit = unit.unit
    assert unit.sections.get(key="qa").page.specific_class is SectionPage

    ensure_unit_structure(unit)  # what `manage.py sync_blueprint` runs for every unit
    section = unit.sections.get(key="qa").page
    assert section.specific_class is QuestionIndexPage
    for key in ("consultation", "rating"):  # its child sections stay under it
        assert unit.sections.get(key=key).page.get_parent().pk == section.pk
