"""Citizens' voice in a real browser: a question sent without JavaScript, tracked, answered and published by the
ward's board in the admin; a comment on an open draft; a page rated; every new page photographed and swept by axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, screenshot_dir, sweep
from .demo_portal import BOARD, EDITOR_PASSWORD

pytestmark = pytest.mark.e2e

QA = "/hoi-dap-phan-anh-kien-nghi/"
OPEN_DRAFT = QA + "lay-y-kien-du-thao/du-thao-quy-che-quan-ly-cho-ninh-son/"
UPCOMING_DRAFT = QA + "lay-y-kien-du-thao/du-thao-ke-hoach-chinh-trang-do-thi-ninh-phuc-2027/"
REPORTED_DRAFT = QA + "lay-y-kien-du-thao/du-thao-quy-dinh-ve-sinh-trat-tu-duong-pho/"
SENDER = "Võ Thị Hồng Nhung"
SENDER_PHONE = "0987 654 321"
TITLE = "Đèn chiếu sáng hẻm 12 đường Bời Lời bị hỏng"


def sign_in(tab, portal, username: str) -> None:
    tab.goto(portal.url(portal.ward, "/admin/login/"))
    tab.fill("#id_username", username)
    tab.fill("#id_password", EDITOR_PASSWORD)
    tab.locator("form button[type=submit], form input[type=submit]").first.click()
    tab.wait_for_url(lambda url: "/login/" not in url)


def test_a_question_sent_without_javascript_is_tracked_answered_and_published(portal, open_tab):
    citizen, citizen_log = open_tab(PHONE, java_script_enabled=False)
    citizen.goto(portal.url(portal.ward, QA))
    citizen.get_by_role("link", name="Gửi câu hỏi, phản ánh, kiến nghị").first.click()
    citizen.wait_for_url(portal.url(portal.ward, QA + "gui-cau-hoi/"))

    # Sent empty: every required field is named, nothing is stored.
    citizen.get_by_role("button", name="Gửi", exact=True).click()
    expect(citizen.locator(".error-summary")).to_be_visible()
    citizen.get_by_label("Họ và tên").fill(SENDER)
    citizen.get_by_label("Số điện thoại").fill(SENDER_PHONE)
    citizen.get_by_label("Phản ánh", exact=True).check()
    citizen.get_by_label("Lĩnh vực").select_option(index=1)
    citizen.get_by_label("Tiêu đề").fill(TITLE)
    citizen.locator("textarea[name=content]").fill(
        "Ba đèn chiếu sáng trong hẻm 12 đã hỏng hơn hai tuần, buổi tối rất tối, người đi đường dễ bị ngã."
    )
    assert citizen.get_by_label("Họ và tên").input_value() == SENDER  # kept after the refusal
    citizen.locator("input[name=consent]").check()
    citizen.get_by_role("button", name="Gửi", exact=True).click()

    receipt = citizen.locator(".qa-receipt")
    receipt.wait_for()
    code = receipt.locator(".qa-receipt__code").inner_text().strip()
    assert re.fullmatch(r"HD-\d{4}-[A-Z0-9]{6}", code), code
    citizen.screenshot(path=str(screenshot_dir() / "question-received-375.png"), full_page=True)

    citizen.get_by_role("link", name="Tra cứu tình trạng").click()
    citizen.get_by_label("Mã tra cứu").fill(code)
    citizen.get_by_role("button", name="Tra cứu").click()
    expect(citizen.locator("main")).to_contain_text("Đã tiếp nhận")
    assert SENDER not in citizen.content()

    # The ward's board finds it in the queue, answers and publishes it.
    board, board_log = open_tab(DESKTOP)
    sign_in(board, portal, BOARD)
    board.goto(portal.url(portal.ward, "/admin/hoi-dap/"))
    board.get_by_role("link", name=re.compile(re.escape(TITLE))).first.click()
    expect(board.locator("main")).to_contain_text(SENDER)  # the board reads the sender's data
    answer = board.locator("section[data-step=answer]")
    # The public wording starts as the citizen's; the board checks it before publishing.
    assert "hẻm 12" in answer.get_by_label("Nội dung câu hỏi công bố").input_value()
    answer.get_by_label("Nội dung trả lời").fill(
        "UBND phường đã giao Tổ quản lý đô thị thay ba bóng đèn trong hẻm 12 ngày 03/12/2026. Cảm ơn bạn đã phản ánh."
    )
    answer.get_by_role("button", name="Lưu câu trả lời").click()
    publish = board.locator("section[data-step=publish]")
    publish.get_by_label("Tôi đã kiểm tra, nội dung công bố không chứa dữ liệu cá nhân").check()
    publish.get_by_role("button", name="Công bố").click()
    expect(board.locator("main")).to_contain_text("Đã công bố")
    board.screenshot(path=str(screenshot_dir() / "admin-question-published-1280.png"), full_page=True)

    # The citizen's lookup shows the answer; the public listing shows it without the sender's name or phone.
    citizen.goto(portal.url(portal.ward, QA + f"tra-cuu/?ma={code}"))
    assert "Tổ quản lý đô thị" in citizen.locator("main").inner_text()
    citizen.goto(portal.url(portal.ward, QA))
    listing = citizen.content()
    assert TITLE in listing
    assert SENDER not in listing and "0987" not in listing
    assert citizen_log.page_errors == [] and board_log.page_errors == []
    assert citizen_log.non_local_requests() == [] and board_log.non_local_requests() == []


def test_a_question_sent_with_javascript_passes_the_proof_of_work(portal, open_tab):
    tab, log = open_tab(DESKTOP)
    tab.goto(portal.url(portal.ward, QA + "gui-cau-hoi/"))
    tab.get_by_label("Họ và tên").fill("Lê Minh Khoa")
    tab.get_by_label("Thư điện tử").fill("minhkhoa.le@example.vn")
    tab.get_by_label("Câu hỏi", exact=True).check()
    tab.get_by_label("Lĩnh vực").select_option(index=2)
    tab.get_by_label("Tiêu đề").fill("Hồ sơ đăng ký khai sinh cần những giấy tờ gì?")
    tab.locator("textarea[name=content]").fill("Tôi muốn đăng ký khai sinh cho con, cần chuẩn bị giấy tờ gì?")
    tab.locator("input[name=consent]").check()
    tab.get_by_role("button", name="Gửi", exact=True).click()
    tab.locator(".qa-receipt").wait_for(timeout=60_000)  # the widget solves its challenge first, in the browser
    assert "Mã cũng đã được gửi vào thư điện tử" in tab.locator(".qa-receipt").inner_text()
    assert log.page_errors == [] and log.console_errors == []
    assert log.non_local_requests() == []


def test_a_comment_on_an_open_draft_and_a_rating_without_javascript(portal, open_tab):
    tab, log = open_tab(PHONE, java_script_enabled=False)
    tab.goto(portal.url(portal.ward, OPEN_DRAFT))
    assert "Đang lấy ý kiến" in tab.locator("main").inner_text()
    tab.get_by_label("Nội dung góp ý").fill(
        "Đề nghị bổ sung quy định về giờ bốc dỡ hàng để không lấn chiếm lòng đường."
    )
    tab.locator("input[name=consent]").check()
    tab.get_by_role("button", name="Gửi góp ý").click()
    expect(tab.get_by_text("Góp ý của bạn đã được ghi nhận")).to_be_visible()

    tab.goto(portal.url(portal.ward, UPCOMING_DRAFT))
    assert tab.get_by_text("Dự thảo chưa mở lấy ý kiến").is_visible()
    assert tab.get_by_role("button", name="Gửi góp ý").count() == 0

    tab.goto(portal.url(portal.ward, portal.content_path))
    widget = tab.locator("form.rating-form")
    widget.locator("input[name=diem][value='4']").check(force=True)
    widget.get_by_role("button", name="Gửi đánh giá").click()
    expect(tab.get_by_text("Cảm ơn bạn đã đánh giá")).to_be_visible()
    tab.goto(portal.url(portal.ward, portal.content_path))
    assert tab.get_by_text("Bạn đã đánh giá trang này").is_visible()  # one vote per page per browser
    assert log.page_errors == []


def participation_pages(portal):
    def pages(tab) -> dict[str, str]:
        tab.goto(portal.url(portal.ward, QA))
        detail = tab.locator(".qa-item__title a").first.get_attribute("href")
        return {
            "qa-index": portal.url(portal.ward, QA),
            "qa-detail": portal.url(portal.ward, detail),
            "qa-form": portal.url(portal.ward, QA + "gui-cau-hoi/"),
            "qa-lookup": portal.url(portal.ward, QA + "tra-cuu/"),
            "consultation-index": portal.url(portal.ward, QA + "lay-y-kien-du-thao/"),
            "consultation-open": portal.url(portal.ward, OPEN_DRAFT),
            "consultation-upcoming": portal.url(portal.ward, UPCOMING_DRAFT),
            "consultation-reported": portal.url("hiepninh.tayninh.localhost", REPORTED_DRAFT),
            "rating-survey": portal.url(portal.ward, QA + "danh-gia-muc-do-hai-long/"),
            "content-with-rating": portal.url(portal.ward, portal.content_path),
            "city-home-open-consultations": portal.url(portal.city),
        }

    return pages


def test_participation_pages_on_a_phone_and_a_desktop(portal, open_tab):
    def check(tab, name):
        if name == "city-home-open-consultations":
            assert "Dự thảo Kế hoạch chỉnh trang đô thị Thành phố Tây Ninh" in tab.locator("main").inner_text()
            assert "Dự thảo Quy chế quản lý chợ Ninh Sơn" in tab.locator("main").inner_text()  # a ward's draft too
        if name == "consultation-reported":
            assert "Đã có báo cáo tiếp thu" in tab.locator("main").inner_text()

    sweep(open_tab, participation_pages(portal), check=check)


def test_participation_forms_without_javascript_on_a_phone(portal, open_tab):
    tab, log = open_tab(PHONE, java_script_enabled=False)
    for name, path in (("qa-form", QA + "gui-cau-hoi/"), ("consultation-open", OPEN_DRAFT)):
        tab.goto(portal.url(portal.ward, path))
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} scrolls sideways ({width}px)"
        tab.screenshot(path=str(screenshot_dir() / f"{name}-nojs-375.png"), full_page=True)
    assert log.page_errors == []
