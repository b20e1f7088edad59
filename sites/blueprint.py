"""The standard section tree of a unit portal, as data (the checklist of what the law asks every portal to publish).

One definition used by provisioning, `sync_blueprint`, menus and the oversight score. When the legal basis
changes, add a new `Blueprint` version rather than editing clauses in place, so scores stay explainable.
When a typed page replaces a generic section page, change `page_type` here and run `sync_blueprint`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PROVINCIAL = frozenset({"province", "city"})
COMMUNAL = frozenset({"ward", "commune"})
DEPARTMENT = frozenset({"department"})
ALL_KINDS = PROVINCIAL | COMMUNAL | DEPARTMENT

HOME_PAGE = "home.HomePage"  # the root of every unit's tree
GENERIC_SECTION = "home.SectionPage"
NEWS_INDEX = "news.NewsIndexPage"


@dataclass(frozen=True)
class Freshness:
    """How the oversight score judges a section's timeliness."""

    rule: str  # reviewed | items_per_days | working_days_after_event | yearly | when_held | generated | always
    days: int | None = None
    text: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title_vi: str
    title_en: str
    slug: str
    kinds: frozenset[str]
    basis: str
    must_contain: str
    freshness: Freshness
    page_type: str = GENERIC_SECTION
    parent: str | None = None
    menu: bool = False  # shown in the main menu (children appear under their parent's entry)
    footer: bool = False
    accesskey: str = ""  # Circular 32/2017 access keys
    english_required: bool = False  # must exist in English too (NĐ42 Đ7(2)): the translation status report checks it

    def applies_to(self, kind: str) -> bool:
        return kind in self.kinds


@dataclass(frozen=True)
class Blueprint:
    version: str
    basis: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def for_kind(self, kind: str) -> list[Section]:
        return [s for s in self.sections if s.applies_to(kind)]

    def get(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        return [s.key for s in self.sections]

    def english_required_for_kind(self, kind: str) -> list[Section]:
        """The sections a unit of this kind must also publish in English."""
        return [s for s in self.for_kind(kind) if s.english_required]


def reviewed(months: int) -> Freshness:
    return Freshness("reviewed", days=months * 30, text=f"Rà soát trong vòng {months} tháng")


BLUEPRINT = Blueprint(
    version="nd224-2026",
    basis="Nghị định 224/2026/NĐ-CP (thay thế Nghị định 42/2022/NĐ-CP từ 01/07/2026)",
    sections=(
        Section(
            "intro",
            "Giới thiệu",
            "About",
            "gioi-thieu",
            ALL_KINDS,
            "NĐ224 Đ9(1)(b,c); NĐ43 Đ10(a)",
            "Tổng quan; với cấp tỉnh/xã: bộ máy hành chính, bản đồ địa giới, điều kiện tự nhiên, lịch sử, văn hóa, "
            "di tích, danh lam thắng cảnh",
            reviewed(12),
            menu=True,
            page_type="organization.IntroductionPage",
            # Not english_required: an overview and geography; NĐ42 Đ7(2)'s functions and duties are on "org".
        ),
        Section(
            "history",
            "Lịch sử hình thành và phát triển",
            "History",
            "lich-su-hinh-thanh-va-phat-trien",
            ALL_KINDS,
            "NĐ224 Đ9(1)(b,c)",
            "Bài viết và dòng thời gian các mốc phát triển",
            reviewed(12),
            parent="intro",
            page_type="organization.HistoryPage",
        ),
        Section(
            "org",
            "Cơ cấu tổ chức",
            "Organisation",
            "co-cau-to-chuc",
            ALL_KINDS,
            "NĐ42 Đ4(1)(e), Đ7(2); NĐ224 Đ9(1)(b)",
            "Sơ đồ tổ chức; chức năng, nhiệm vụ, quyền hạn của đơn vị và từng đơn vị trực thuộc; bản tiếng Anh",
            reviewed(12),
            parent="intro",
            page_type="organization.OrgChartPage",
            english_required=True,  # NĐ42 Đ7(2): organisation structure; functions and duties of the unit
        ),
        Section(
            "leaders",
            "Lãnh đạo",
            "Leadership",
            "lanh-dao",
            ALL_KINDS,
            "NĐ224 Đ9(1)(b,c); NĐ43 Đ10(a)",
            "Họ tên, chức vụ, ảnh, tiểu sử tóm tắt, nhiệm vụ đảm nhiệm, điện thoại, "
            "thư điện tử công vụ của từng lãnh đạo",
            reviewed(6),
            parent="intro",
            page_type="organization.LeadershipPage",
            # NĐ42 Đ7(2) "contacts of competent officials": the leaders are them (phone, official email, duties).
            english_required=True,
        ),
        Section(
            "spokesperson",
            "Người phát ngôn",
            "Spokesperson",
            "nguoi-phat-ngon",
            ALL_KINDS,
            "NĐ244 Đ3(3)",
            "Họ tên, chức vụ, điện thoại, thư điện tử công vụ; đăng trong 24 giờ kể từ khi được chỉ định",
            Freshness("changed_within_hours", days=1, text="Cập nhật trong 24 giờ sau khi chỉ định"),
            parent="intro",
            page_type="organization.SpokespersonPage",
        ),
        Section(
            "news",
            "Tin tức – Sự kiện",
            "News and events",
            "tin-tuc-su-kien",
            ALL_KINDS,
            "NĐ43 Đ10(b)",
            "Tin về hoạt động của đơn vị",
            Freshness("items_per_days", days=7, text="Ít nhất 1 tin mỗi 7 ngày (cấp xã), mỗi ngày (cấp tỉnh)"),
            menu=True,
            page_type=NEWS_INDEX,
        ),
        Section(
            "direction",
            "Chỉ đạo – Điều hành",
            "Direction and administration",
            "chi-dao-dieu-hanh",
            ALL_KINDS,
            "NĐ43 Đ10(c)",
            "Ý kiến chỉ đạo của lãnh đạo, trả lời kiến nghị, khen thưởng, xử lý vi phạm",
            Freshness("items_per_days", days=30, text="Ít nhất 1 tin mỗi 30 ngày"),
            parent="news",
            page_type=NEWS_INDEX,
        ),
        Section(
            "schedule",
            "Lịch công tác",
            "Leaders' work schedule",
            "lich-cong-tac",
            ALL_KINDS,
            "NĐ43 Đ10(c)",
            "Lịch công tác tuần của lãnh đạo",
            Freshness("weekly_before_monday", text="Lịch tuần hiện tại đăng trước 08:00 thứ Hai"),
            menu=True,
            page_type="organization.WorkSchedulePage",
        ),
        Section(
            "documents",
            "Văn bản",
            "Legal documents",
            "van-ban",
            ALL_KINDS,
            "NĐ42 Đ4(1)(a); Luật TCTT Đ19",
            "Văn bản quy phạm pháp luật và văn bản hành chính: hình thức, cơ quan ban hành, số ký hiệu, ngày ban hành, "
            "ngày hiệu lực, trích yếu, tệp tải về; công cụ tìm kiếm",
            Freshness("working_days_after_event", days=2, text="Đăng trong 2 ngày làm việc sau khi ban hành"),
            page_type="documents.LegalDocumentIndexPage",
            menu=True,
        ),
        Section(
            "propaganda",
            "Tuyên truyền, phổ biến pháp luật",
            "Legal dissemination",
            "tuyen-truyen-pho-bien-phap-luat",
            ALL_KINDS,
            "NĐ42 Đ4(1)(d)",
            "Phổ biến, hướng dẫn thực hiện pháp luật, chế độ, chính sách",
            Freshness("items_per_days", days=30, text="Ít nhất 1 tin mỗi 30 ngày"),
            parent="documents",
            page_type=NEWS_INDEX,
        ),
        Section(
            "plans",
            "Chiến lược – Quy hoạch – Kế hoạch",
            "Strategies and plans",
            "chien-luoc-quy-hoach-ke-hoach",
            ALL_KINDS,
            "NĐ42 Đ4(1)(đ); Luật TCTT Đ19",
            "Chiến lược, chương trình, kế hoạch, quy hoạch và kết quả thực hiện; chương trình công tác năm",
            Freshness("working_days_after_event", days=10, text="Đăng trong 10 ngày làm việc sau khi phê duyệt"),
            parent="disclosure",
            page_type="disclosure.PlansPage",
        ),
        Section(
            "projects",
            "Dự án – Đầu tư – Đấu thầu – Mua sắm công",
            "Projects and procurement",
            "du-an-dau-tu-dau-thau-mua-sam-cong",
            PROVINCIAL | COMMUNAL,
            "Luật TCTT Đ19; NĐ43 Đ10(h)",
            "Danh mục dự án (chuẩn bị / đang triển khai / hoàn thành): tên, mục tiêu, lĩnh vực, loại, thời gian, "
            "kinh phí, nguồn vốn, tình trạng",
            Freshness("working_days_after_event", days=10, text="Đăng trong 10 ngày làm việc"),
            parent="disclosure",
            page_type="disclosure.ProjectsPage",
        ),
        Section(
            "statistics",
            "Thống kê",
            "Statistics",
            "thong-ke",
            PROVINCIAL | DEPARTMENT,
            "Luật TCTT Đ19; NĐ43 Đ12",
            "Số liệu thống kê, phương pháp, kỳ thống kê",
            Freshness("working_days_after_event", days=10, text="Đăng trong 10 ngày làm việc"),
            parent="disclosure",
            page_type="disclosure.StatisticsPage",
        ),
        Section(
            "finance",
            "Ngân sách – Tài chính",
            "Budget and finance",
            "ngan-sach-tai-chinh",
            ALL_KINDS,
            "Luật TCTT Đ17, Đ19",
            "Báo cáo tài chính năm, dự toán và quyết toán ngân sách",
            Freshness("yearly", days=365, text="Hằng năm"),
            parent="disclosure",
            page_type="disclosure.FinancePage",
        ),
        Section(
            "recruitment",
            "Tuyển dụng",
            "Recruitment",
            "tuyen-dung",
            ALL_KINDS,
            "Luật TCTT Đ17",
            "Thông báo và kết quả tuyển dụng",
            Freshness("when_held", text="Khi tổ chức tuyển dụng"),
            parent="news",
            page_type=NEWS_INDEX,
        ),
        Section(
            "announcements",
            "Thông báo",
            "Announcements",
            "thong-bao",
            ALL_KINDS,
            "NĐ43 Đ10(b), (c); NĐ42 Đ4(1)",
            "Thông báo của đơn vị và thông báo của cấp trên gửi tới các đơn vị trực thuộc",
            Freshness("when_held", text="Khi có thông báo"),
            page_type=NEWS_INDEX,
            parent="news",
        ),
        Section(
            "science",
            "Chương trình, đề tài khoa học",
            "Science programmes",
            "chuong-trinh-de-tai-khoa-hoc",
            PROVINCIAL | DEPARTMENT,
            "NĐ43 Đ11",
            "Mã số, tên, cấp, lĩnh vực, cơ quan chủ trì, thời gian; kết quả",
            Freshness("working_days_after_event", days=20, text="Đăng trong 20 ngày làm việc"),
            parent="disclosure",
            page_type="disclosure.SciencePage",
        ),
        Section(
            "services",
            "Dịch vụ công trực tuyến",
            "Online public services",
            "dich-vu-cong-truc-tuyen",
            ALL_KINDS,
            "NĐ42 Đ4(1)(c); NĐ224 Đ9(1)(a)",
            "Thủ tục hành chính và dịch vụ công trực tuyến, liên kết Cổng Dịch vụ công quốc gia",
            reviewed(6),
            menu=True,
            page_type="disclosure.ServiceCatalogPage",
        ),
        Section(
            "disclosure",
            "Công khai thông tin",
            "Access to information",
            "cong-khai-thong-tin",
            ALL_KINDS,
            "Luật TCTT Đ19; NĐ13 Đ6, Đ11",
            "Danh mục thông tin phải công khai; đầu mối cung cấp thông tin; địa chỉ và mẫu phiếu yêu cầu",
            reviewed(6),
            menu=True,
            page_type="disclosure.DisclosurePage",
        ),
        Section(
            "qa",
            "Hỏi đáp – Phản ánh, kiến nghị",
            "Questions and feedback",
            "hoi-dap-phan-anh-kien-nghi",
            ALL_KINDS,
            "NĐ42 Đ8",
            "Gửi câu hỏi, phản ánh; theo dõi trạng thái; câu trả lời được công bố",
            Freshness("working_days_after_event", days=15, text="Trả lời trong 15 ngày làm việc"),
            menu=True,
            page_type="participation.QuestionIndexPage",
        ),
        Section(
            "consultation",
            "Lấy ý kiến dự thảo",
            "Draft consultation",
            "lay-y-kien-du-thao",
            ALL_KINDS,
            "NĐ42 Đ8; NĐ43 Đ10(i); Luật TCTT Đ17",
            "Danh sách dự thảo lấy ý kiến, toàn văn, hạn góp ý, ý kiến đã gửi, địa chỉ đơn vị tiếp nhận",
            Freshness("has_dates", text="Mỗi dự thảo có ngày mở và ngày kết thúc lấy ý kiến"),
            parent="qa",
            page_type="participation.ConsultationIndexPage",
        ),
        Section(
            "rating",
            "Đánh giá mức độ hài lòng",
            "Satisfaction rating",
            "danh-gia-muc-do-hai-long",
            ALL_KINDS,
            "NĐ224 Đ10(3)(b)",
            "Đánh giá trực tuyến về thông tin cung cấp; bảo vệ bí mật người đánh giá",
            Freshness("always", text="Luôn sẵn sàng"),
            parent="qa",
            page_type="participation.RatingPage",
        ),
        Section(
            "contacts",
            "Liên hệ",
            "Contacts",
            "lien-he",
            ALL_KINDS,
            "NĐ42 Đ4(1)(e), Đ7(2)",
            "Địa chỉ, điện thoại, fax, thư điện tử của đơn vị; cán bộ đầu mối: họ tên, chức vụ, đơn vị, điện thoại, "
            "thư điện tử công vụ; bản tiếng Anh",
            reviewed(6),
            menu=True,
            footer=True,
            page_type="organization.ContactsPage",
            english_required=True,  # NĐ42 Đ7(2): contacts of the unit and of its competent officials
        ),
        Section(
            "sitemap",
            "Sơ đồ cổng",
            "Site map",
            "so-do-cong",
            ALL_KINDS,
            "TT32/2017",
            "Cây trang cho người đọc và sơ đồ XML cho máy tìm kiếm",
            Freshness("generated", text="Tự sinh"),
            page_type="home.SitemapPage",
            menu=True,
            footer=True,
            accesskey="3",
        ),
    ),
)


def _check(blueprint: Blueprint) -> None:
    keys = blueprint.keys
    if len(keys) != len(set(keys)):
        raise ValueError("Blueprint has duplicate section keys")
    for section in blueprint.sections:
        if section.parent and not section.kinds <= blueprint.get(section.parent).kinds:
            raise ValueError(f"Section {section.key} applies where its parent {section.parent} does not")


_check(BLUEPRINT)
