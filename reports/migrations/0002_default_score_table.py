"""The default score table, derived from the law: one item per oversight check as the checks stood on 04/12/2026.

Written out as data (a migration must not import code that later changes): the check key, its label, the clause it
rests on (a section's `basis` in the blueprint, a unit-wide check's own clause) and its points. Points per group:
completeness 1.5 per section present (36 for a province, city or department), timeliness 40 (the weekly schedule,
news, own documents and budget reports 3 each; legal dissemination's rhythm 3.5 — its 15-working-day rule is not
measured, articles record no policy date; reviews 1.5), quality 10, participation 14: 100 for a unit with every check; a unit of another kind is scored against the items that apply to it (percent of its own maximum).
A new check needs a new table version (or an item added to the table in force): tests/reports/oversight/
test_default_table.py fails until it has one.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

NAME = "Bộ tiêu chí đánh giá cổng thông tin điện tử thành phần"
VALID_FROM = dt.date(2026, 1, 1)
BASIS = (
    "Nghị định 224/2026/NĐ-CP (Đ9–13), Nghị định 42/2022/NĐ-CP, Luật Tiếp cận thông tin 2016, "
    "Nghị định 43/2011/NĐ-CP, Thông tư 32/2017/TT-BTTTT"
)
# (check key, label, legal clause, maximum points); weight 1 each.
ITEMS = (
    ("intro.present", "Giới thiệu – Có chuyên mục và có nội dung", "NĐ224 Đ9(1)(b,c); NĐ43 Đ10(a)", "1.5"),
    ("intro.reviewed", "Giới thiệu – Rà soát trong vòng 12 tháng", "NĐ224 Đ9(1)(b,c); NĐ43 Đ10(a)", "1.5"),
    ("history.present", "Lịch sử hình thành và phát triển – Có chuyên mục và có nội dung", "NĐ224 Đ9(1)(b,c)", "1.5"),
    ("history.reviewed", "Lịch sử hình thành và phát triển – Rà soát trong vòng 12 tháng", "NĐ224 Đ9(1)(b,c)", "1.5"),
    (
        "org.present",
        "Cơ cấu tổ chức – Có chuyên mục và có nội dung",
        "NĐ224 Đ9(1)(b) (cơ quan chuyên môn); NĐ224 Đ9(1)(c) (cấp tỉnh, cấp xã)",
        "1.5",
    ),
    (
        "org.reviewed",
        "Cơ cấu tổ chức – Rà soát trong vòng 12 tháng",
        "NĐ224 Đ9(1)(b) (cơ quan chuyên môn); NĐ224 Đ9(1)(c) (cấp tỉnh, cấp xã)",
        "1.5",
    ),
    ("leaders.present", "Lãnh đạo – Có chuyên mục và có nội dung", "NĐ224 Đ9(1)(b,c); NĐ43 Đ10(a)", "1.5"),
    ("leaders.reviewed", "Lãnh đạo – Rà soát trong vòng 6 tháng", "NĐ224 Đ9(1)(b,c); NĐ43 Đ10(a)", "1.5"),
    ("spokesperson.present", "Người phát ngôn – Có chuyên mục và có nội dung", "NĐ244 Đ3(3)", "1.5"),
    (
        "spokesperson.changed_within_hours",
        "Người phát ngôn – Cập nhật trong 24 giờ sau khi chỉ định",
        "NĐ244 Đ3(3)",
        "2",
    ),
    ("news.present", "Tin tức – Sự kiện – Có chuyên mục và có nội dung", "NĐ43 Đ10(b)", "1.5"),
    (
        "news.items_per_days",
        "Tin tức – Sự kiện – Ít nhất 1 tin mỗi 7 ngày (cấp xã, cơ quan chuyên môn), mỗi ngày (cấp tỉnh)",
        "NĐ43 Đ10(b)",
        "3",
    ),
    ("direction.present", "Chỉ đạo – Điều hành – Có chuyên mục và có nội dung", "NĐ43 Đ10(c)", "1.5"),
    ("direction.items_per_days", "Chỉ đạo – Điều hành – Ít nhất 1 tin mỗi 30 ngày", "NĐ43 Đ10(c)", "2"),
    ("schedule.present", "Lịch công tác – Có chuyên mục và có nội dung", "NĐ43 Đ10(c)", "1.5"),
    (
        "schedule.weekly_before_monday",
        "Lịch công tác – Lịch tuần hiện tại đăng trước 08:00 thứ Hai",
        "NĐ43 Đ10(c)",
        "3",
    ),
    ("documents.present", "Văn bản – Có chuyên mục và có nội dung", "NĐ42 Đ4(1)(a); Luật TCTT Đ19(1)(a)", "1.5"),
    (
        "documents.working_days_after_event.own",
        "Văn bản – Văn bản của đơn vị: trong 2 ngày làm việc sau khi ban hành",
        "NĐ42 Đ4(1)(a); Luật TCTT Đ19(1)(a)",
        "3",
    ),
    (
        "documents.working_days_after_event.other",
        "Văn bản – Văn bản của cơ quan khác: trong 10 ngày làm việc",
        "NĐ42 Đ4(1)(a); Luật TCTT Đ19(1)(a)",
        "2",
    ),
    (
        "propaganda.present",
        "Tuyên truyền, phổ biến pháp luật – Có chuyên mục và có nội dung",
        "NĐ42 Đ4(1)(d); Luật TCTT Đ19(1)(b)",
        "1.5",
    ),
    (
        "propaganda.items_per_days",
        "Tuyên truyền, phổ biến pháp luật – Ít nhất 1 tin mỗi 30 ngày",
        "NĐ42 Đ4(1)(d); Luật TCTT Đ19(1)(b)",
        "3.5",
    ),
    (
        "plans.present",
        "Chiến lược – Quy hoạch – Kế hoạch – Có chuyên mục và có nội dung",
        "NĐ42 Đ4(1)(đ); Luật TCTT Đ19",
        "1.5",
    ),
    (
        "plans.working_days_after_event",
        "Chiến lược – Quy hoạch – Kế hoạch – Đăng trong 10 ngày làm việc sau khi phê duyệt",
        "NĐ42 Đ4(1)(đ); Luật TCTT Đ19",
        "2",
    ),
    (
        "projects.present",
        "Dự án – Đầu tư – Đấu thầu – Mua sắm công – Có chuyên mục và có nội dung",
        "Luật TCTT Đ19(1)(d); NĐ43 Đ10(h); Luật 10/2022 Đ11 (cấp xã)",
        "1.5",
    ),
    (
        "projects.working_days_after_event",
        "Dự án – Đầu tư – Đấu thầu – Mua sắm công – Đăng trong 10 ngày làm việc",
        "Luật TCTT Đ19(1)(d); NĐ43 Đ10(h); Luật 10/2022 Đ11 (cấp xã)",
        "2",
    ),
    ("statistics.present", "Thống kê – Có chuyên mục và có nội dung", "Luật TCTT Đ19(1)(e); NĐ43 Đ12", "1.5"),
    (
        "statistics.working_days_after_event",
        "Thống kê – Đăng trong 10 ngày làm việc",
        "Luật TCTT Đ19(1)(e); NĐ43 Đ12",
        "2",
    ),
    (
        "finance.present",
        "Ngân sách – Tài chính – Có chuyên mục và có nội dung",
        "Luật TCTT Đ17, Đ19(1)(e); Luật 10/2022 Đ11(2) (cấp xã)",
        "1.5",
    ),
    (
        "finance.periodic",
        "Ngân sách – Tài chính – Cấp tỉnh, cơ quan chuyên môn: hằng năm; cấp xã: báo cáo thực hiện quý, 6 tháng và năm",
        "Luật TCTT Đ17, Đ19(1)(e); Luật 10/2022 Đ11(2) (cấp xã)",
        "3",
    ),
    ("recruitment.present", "Tuyển dụng – Có chuyên mục và có nội dung", "Luật TCTT Đ17", "1.5"),
    ("announcements.present", "Thông báo – Có chuyên mục và có nội dung", "NĐ43 Đ10(b), (c); NĐ42 Đ4(1)", "1.5"),
    ("science.present", "Chương trình, đề tài khoa học – Có chuyên mục và có nội dung", "NĐ43 Đ11", "1.5"),
    (
        "science.working_days_after_event",
        "Chương trình, đề tài khoa học – Đăng trong 20 ngày làm việc",
        "NĐ43 Đ11",
        "2",
    ),
    ("services.present", "Dịch vụ công trực tuyến – Có chuyên mục và có nội dung", "NĐ224 Đ9(1)(a)", "1.5"),
    ("services.reviewed", "Dịch vụ công trực tuyến – Rà soát trong vòng 6 tháng", "NĐ224 Đ9(1)(a)", "1.5"),
    (
        "disclosure.present",
        "Công khai thông tin – Có chuyên mục và có nội dung",
        "Luật TCTT Đ19(1)(g), Đ23–24; NĐ13 Đ6, Đ11; Luật 10/2022 Đ11–12 (cấp xã)",
        "1.5",
    ),
    (
        "disclosure.reviewed",
        "Công khai thông tin – Rà soát trong vòng 6 tháng",
        "Luật TCTT Đ19(1)(g), Đ23–24; NĐ13 Đ6, Đ11; Luật 10/2022 Đ11–12 (cấp xã)",
        "1.5",
    ),
    ("qa.present", "Hỏi đáp – Phản ánh, kiến nghị – Có chuyên mục và có nội dung", "NĐ42 Đ8", "1.5"),
    ("qa.working_days_after_event", "Hỏi đáp – Phản ánh, kiến nghị – Trả lời trong 15 ngày làm việc", "NĐ42 Đ8", "4"),
    (
        "consultation.present",
        "Lấy ý kiến dự thảo – Có chuyên mục và có nội dung",
        "NĐ42 Đ8; NĐ43 Đ10(i); Luật TCTT Đ17",
        "1.5",
    ),
    (
        "consultation.has_dates",
        "Lấy ý kiến dự thảo – Mỗi dự thảo có ngày mở và ngày kết thúc lấy ý kiến",
        "NĐ42 Đ8; NĐ43 Đ10(i); Luật TCTT Đ17",
        "3",
    ),
    ("rating.present", "Đánh giá mức độ hài lòng – Có chuyên mục và có nội dung", "NĐ224 Đ10(3)(b)", "1.5"),
    ("contacts.present", "Liên hệ – Có chuyên mục và có nội dung", "NĐ42 Đ4(1)(e), Đ7(2)", "1.5"),
    ("contacts.reviewed", "Liên hệ – Rà soát trong vòng 6 tháng", "NĐ42 Đ4(1)(e), Đ7(2)", "1.5"),
    ("sitemap.present", "Sơ đồ cổng – Có chuyên mục và có nội dung", "TT32/2017", "1.5"),
    ("quality.image_alt", "Ảnh có mô tả thay thế (alt)", "NĐ224 Đ10(3)(c); TT26/2020", "3"),
    ("quality.image_size", "Ảnh đúng quy định dung lượng", "NĐ224 Đ10(3)(a)", "2"),
    ("quality.internal_links", "Không có liên kết nội bộ hỏng", "NĐ42 Đ7(1)", "3"),
    ("quality.english", "Có đủ trang tiếng Anh bắt buộc", "NĐ42 Đ7(2)", "2"),
    ("disclosure.requests_on_time", "Yêu cầu cung cấp thông tin được trả lời đúng hạn", "Luật TCTT Đ30", "4"),
    ("rating.satisfaction", "Mức độ hài lòng của người dân", "NĐ224 Đ10(3)(b), Đ12", "3"),
)


def create_default_table(apps, schema_editor):
    ScoreTable = apps.get_model("reports", "ScoreTable")
    ScoreItem = apps.get_model("reports", "ScoreItem")
    if ScoreTable.objects.filter(valid_from=VALID_FROM).exists():
        return
    table = ScoreTable.objects.create(name=NAME, valid_from=VALID_FROM, basis=BASIS)
    ScoreItem.objects.bulk_create(
        ScoreItem(
            table=table,
            sort_order=order,
            check_key=key,
            label=label,
            clause=clause,
            max_points=Decimal(points),
            weight=Decimal(1),
        )
        for order, (key, label, clause, points) in enumerate(ITEMS)
    )


def remove_default_table(apps, schema_editor):
    ScoreTable = apps.get_model("reports", "ScoreTable")
    ScoreTable.objects.filter(valid_from=VALID_FROM, name=NAME, scores__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(create_default_table, remove_default_table)]
