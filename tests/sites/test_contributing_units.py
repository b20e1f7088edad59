"""Contributing organisations (the city's directive, item 4): the Fatherland Front committee, socio-political
organisations, public service units and Party advisory bodies get a small portal under the city and contribute their
news through the city's proposal queue."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from documents.models import IssuingBody
from news.models import NewsArticlePage, ProposalStatus, SyndicationProposal
from news.syndication import decide, propose
from organization.models import IntroductionPage
from reports.translation_status import translation_status
from sites.blueprint import BLUEPRINT, CONTRIBUTING_BASIS
from sites.models import CONTRIBUTING_KINDS, Unit, UnitKind, UnitRole
from sites.provisioning import ProvisioningError, UnitSpec, default_english_name, provision_unit, sync_all_units
from tests.conftest import login_verified, make_member, make_unit
from tests.news.conftest import CITY, get, make_image

FRONT_HOST = "mttq.tayninh.localhost"


@pytest.fixture
def front(two_units) -> Unit:
    return make_unit(
        "fatherland_front",
        "Ủy ban MTTQ Việt Nam thành phố Tây Ninh",
        "mttq",
        "tayninh",
        address="Số 02 đường Trần Hưng Đạo, Phường 2",
        phone="0276 3822 315",
        email="mttq@tayninh.gov.vn",
    )


def test_each_kind_of_organisation_is_provisioned_under_the_city_with_its_small_blueprint(city):
    for index, kind in enumerate(sorted(CONTRIBUTING_KINDS)):
        unit = make_unit(kind, f"Tổ chức thử {index}", f"tochuc{index}", "tayninh")
        assert unit.level == "O" and unit.is_contributing and unit.owns_portal_in_own_name
        assert unit.site.hostname == f"tochuc{index}.tayninh.localhost"
        keys = dict(unit.sections.values_list("key", "page__content_type__model"))
        assert keys == {
            "intro": "introductionpage",
            "news": "newsindexpage",
            "contacts": "contactspage",
            "sitemap": "sitemappage",
        }
        assert unit.role_groups.count() == 3 and unit.workflow is not None
        # It signs its documents in its own name, not as a People's Committee.
        assert IssuingBody.objects.get(unit=unit).name == unit.name


def test_a_ward_or_no_parent_is_refused_with_a_vietnamese_reason(two_units):
    with pytest.raises(ProvisioningError) as refused:
        provision_unit(
            UnitSpec(kind="fatherland_front", name="Ủy ban MTTQ phường", slug="mttqns", parent_slug="ninhson")
        )
    assert refused.value.messages == [
        "Đơn vị loại “Ủy ban Mặt trận Tổ quốc” không thể trực thuộc “Phường Ninh Sơn” (Phường)."
    ]
    with pytest.raises(ProvisioningError, match="phải có đơn vị cấp trên"):
        provision_unit(UnitSpec(kind="public_service", name="Trung tâm", slug="trungtam"))
    assert not Unit.objects.filter(slug__in=["mttqns", "trungtam"]).exists()


def test_the_fatherland_front_gets_its_customary_english_name_and_others_none():
    assert (
        default_english_name("fatherland_front", "Ủy ban MTTQ Việt Nam thành phố Tây Ninh")
        == "Vietnam Fatherland Front Committee of Tay Ninh City"
    )
    assert (
        default_english_name("fatherland_front", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Tây Ninh")
        == "Vietnam Fatherland Front Committee of Tay Ninh Province"
    )
    assert default_english_name("socio_political", "Thành đoàn Tây Ninh") == ""
    assert default_english_name("public_service", "Trung tâm Văn hóa, Thể thao và Truyền thanh") == ""


def test_the_admin_form_offers_the_organisations_in_their_own_group_and_creates_one(client, superuser, city):
    login_verified(client, superuser)
    html = client.get(reverse("sites_units:create")).content.decode()
    group = html.split('label="Tổ chức tham gia cung cấp tin (trực thuộc tỉnh, thành phố)"', 1)[1].split("</optgroup>")[
        0
    ]
    for kind in CONTRIBUTING_KINDS:
        assert f'value="{kind}"' in group
    assert 'value="ward"' not in group
    response = client.post(
        reverse("sites_units:create"),
        {
            "kind": "socio_political",
            "name": "Thành đoàn Tây Ninh",
            "slug": "thanhdoan",
            "parent": city.pk,
            "code": "",
            "hostname": "",
            "address": "Số 85 đường 30/4",
            "phone": "0276 3822 127",
            "fax": "",
            "email": "thanhdoan@tayninh.gov.vn",
            "responsible_person": "Phạm Minh Khôi – Phó Bí thư Thành đoàn",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(slug="thanhdoan")
    assert unit.kind == UnitKind.SOCIO_POLITICAL and unit.parent == city
    assert set(unit.sections.values_list("key", flat=True)) == {"intro", "news", "contacts", "sitemap"}


def test_its_portal_shows_the_small_menu_its_own_name_as_owner_and_every_page_answers(client, front):
    home = get(client, FRONT_HOST).content.decode()
    menu = home.split('class="main-nav__list"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<li class="main-nav__item[^"]*"><a href="([^"]+)"', menu)
    assert set(links) - {"/"} == {"/gioi-thieu/", "/tin-tuc-su-kien/", "/lien-he/", "/so-do-cong/"}
    assert "/van-ban/" not in menu and "/dich-vu-cong-truc-tuyen/" not in menu
    footer = home.split('<footer class="site-footer">', 1)[1]
    assert "Ủy ban MTTQ Việt Nam thành phố Tây Ninh" in footer
    assert "Ủy ban nhân dân Ủy ban MTTQ" not in home
    for path in ("/gioi-thieu/", "/tin-tuc-su-kien/", "/lien-he/", "/so-do-cong/"):
        assert get(client, FRONT_HOST, path).status_code == 200, path


def test_the_city_home_lists_the_organisations_after_its_wards(client, front):
    make_unit("public_service", "Trung tâm Văn hóa, Thể thao và Truyền thanh", "ttvhtt", "tayninh")
    make_unit("department", "Phòng Nội vụ", "noivu", "tayninh")
    home = get(client, CITY).content.decode()
    kinds = re.findall(r'unit-directory__kind">([^<]+?) <span', home)
    assert kinds == ["Phường", "Cơ quan chuyên môn", "Ủy ban Mặt trận Tổ quốc", "Đơn vị sự nghiệp công lập"]
    assert 'href="http://mttq.tayninh.localhost/"' in home


def test_a_proposal_from_the_front_reaches_the_city_queue_and_the_city_board_approves_it(client, front, two_units):
    writer = make_member(front, UnitRole.WRITER)
    city_board = make_member(two_units.city, UnitRole.BOARD)
    index = front.sections.get(key="news").page.specific
    article = NewsArticlePage(
        title="Mặt trận thành phố trao quà cho hộ nghèo",
        slug="mat-tran-thanh-pho-trao-qua-cho-ho-ngheo",
        intro="120 phần quà cho học sinh hộ nghèo.",
        featured_image=make_image(front),
        featured_image_alt="Trao quà cho học sinh",
        body=[{"type": "paragraph", "value": "<p>Trao quà.</p>"}],
    )
    index.add_child(instance=article)
    article.save_revision().publish()

    proposal = propose(article, writer, "Đề nghị đăng tin.")
    assert proposal.target == two_units.city and proposal.status == ProposalStatus.PENDING

    client.force_login(city_board)
    queue = client.get("/admin/news/de-xuat/", HTTP_HOST=CITY).content.decode()
    assert "Mặt trận thành phố trao quà cho hộ nghèo" in queue and "Chờ duyệt (1)" in queue
    assert "Ủy ban MTTQ Việt Nam thành phố Tây Ninh" in queue
    response = client.post(f"/admin/news/de-xuat/{proposal.pk}/", {"decision": "approve"}, HTTP_HOST=CITY)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED and proposal.decided_by == city_board

    client.logout()
    listing = get(client, CITY, "/tin-tuc-su-kien/tin-tu-cac-don-vi/").content.decode()
    assert 'href="http://mttq.tayninh.localhost/tin-tuc-su-kien/mat-tran-thanh-pho-trao-qua-cho-ho-ngheo/"' in listing
    assert "Ủy ban MTTQ Việt Nam thành phố Tây Ninh" in listing
    assert SyndicationProposal.objects.filter(unit=front).count() == 1


def test_the_fronts_own_board_cannot_decide_on_its_proposal(front, two_units):
    index = front.sections.get(key="news").page.specific
    article = NewsArticlePage(
        title="Hội nghị giám sát",
        slug="hoi-nghi-giam-sat",
        intro="Giám sát kiến nghị của cử tri.",
        featured_image=make_image(front),
        featured_image_alt="Hội nghị",
        body=[{"type": "paragraph", "value": "<p>Hội nghị.</p>"}],
    )
    index.add_child(instance=article)
    article.save_revision().publish()
    proposal = propose(article, make_member(front, UnitRole.WRITER))
    with pytest.raises(PermissionDenied):
        decide(proposal, make_member(front, UnitRole.BOARD), approve=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING


def test_the_front_needs_no_english_pages_in_the_translation_report(front):
    assert translation_status(Unit.objects.filter(pk=front.pk)) == []


def test_sync_gives_existing_organisations_what_their_blueprint_lists_and_no_more(front):
    front.sections.get(key="contacts").page.delete()
    report = sync_all_units()
    assert "Tạo chuyên mục “Liên hệ”" in report[Unit.objects.get(pk=front.pk)]
    assert set(front.sections.values_list("key", flat=True)) == {"intro", "news", "contacts", "sitemap"}
    assert isinstance(front.sections.get(key="intro").page.specific, IntroductionPage)
    assert BLUEPRINT.get("news").basis_for(front.kind) == CONTRIBUTING_BASIS
