"""The standard section tree of a unit portal, as data (the checklist of what the law asks every portal to publish).

One definition used by provisioning, `sync_blueprint`, menus and the oversight score. When the legal basis
changes, add a new `Blueprint` version rather than editing clauses in place, so scores stay explainable.
When a typed page replaces a generic section page, change `page_type` here and run `sync_blueprint`.

A correction of how a version encodes its own legal basis (a clause mis-cited, a deadline mis-read, a section given to
too few kinds) is made in place and dated in `Blueprint.revised`: the law the version stands for has not changed, and
`sync_blueprint` brings existing units up to date. `docs/legal-catalogue.md` is generated from this module
(`manage.py blueprint_catalogue`); a test fails when the two drift.

Each section cites the clause now in force (`basis`); where Decree 224/2026 replaced a Decree 42/2022 clause the old
one stays in `basis_history`. Where the clause depends on the unit's level, `level_basis` says which applies
(`Section.basis_for`). Freshness rules are data (`Freshness`) the oversight score reads per level
(`Section.freshness_rules`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import slugify

PROVINCIAL = frozenset({"province", "city"})
COMMUNAL = frozenset({"ward", "commune"})
DEPARTMENT = frozenset({"department"})
# Every state agency the portal decree names: the catalogue's “All”.
ALL_KINDS = PROVINCIAL | COMMUNAL | DEPARTMENT
# Contributing organisations (the city's directive, item 4): the Fatherland Front committee, socio-political
# organisations, public service units and the Party's advisory bodies. Not bound by the decree's checklist: they
# publish an introduction, their news, contacts and a site map, and propose articles to the city's board.
CONTRIBUTING = frozenset({"fatherland_front", "socio_political", "public_service", "party_advisory"})
EVERY_KIND = ALL_KINDS | CONTRIBUTING

# Level letters of the catalogue: P province/city, C ward/commune, D department, O contributing organisation.
LEVELS = {"P": PROVINCIAL, "C": COMMUNAL, "D": DEPARTMENT, "O": CONTRIBUTING}
LEVEL_NAMES = {
    "P": "cấp tỉnh, thành phố",
    "C": "cấp xã, phường",
    "D": "cơ quan chuyên môn",
    "O": "tổ chức tham gia cung cấp tin",
}

HOME_PAGE = "home.HomePage"  # the root of every unit's tree
GENERIC_SECTION = "home.SectionPage"
NEWS_INDEX = "news.NewsIndexPage"

CONTRIBUTING_BASIS = "Chỉ đạo của Thành phố về Cổng thông tin điện tử, mục 4 (các cơ quan, tổ chức cùng cung cấp tin)"


def level_of(kind: str) -> str:
    """The catalogue's level letter of a unit kind."""
    for letter, kinds in LEVELS.items():
        if kind in kinds:
            return letter
    raise KeyError(kind)


def levels_of(kinds: frozenset[str]) -> str:
    """“P, C, D” for the kinds a section applies to (the catalogue's Level column; every state level is “All”)."""
    letters = [letter for letter, members in LEVELS.items() if members <= kinds]
    return ", ".join(letters)


@dataclass(frozen=True)
class Freshness:
    """How the oversight score judges a section's timeliness.

    rule: reviewed (the page reviewed within `days`) | items_per_days (at least one item every `days`) |
    working_days_after_event (each item published within `days` after the event it reports) |
    periodic (a report for each of `periods`: quarter, half_year, year) | changed_within_hours (`hours`) |
    weekly_before_monday | when_held | has_dates | generated | always.
    `working_days`: `days` counts working days (workdays.calendar), not calendar days.
    `items`: which items the rule counts, "" for all; for documents "own" (issued by the unit) or "other" (by
    other bodies).
    `levels`: the level letters the rule applies to (empty: every level the section applies to).
    `also`: further rules that hold at the same time (e.g. a deadline per item and a minimum rhythm).
    """

    rule: str
    days: int | None = None
    text: str = ""
    working_days: bool = False
    items: str = ""
    levels: frozenset[str] = frozenset()
    periods: tuple[str, ...] = ()
    hours: int | None = None
    also: tuple[Freshness, ...] = ()

    def applies_to_level(self, level: str) -> bool:
        return not self.levels or level in self.levels

    @property
    def rules(self) -> list[Freshness]:
        """This rule and the rules that hold with it."""
        return [self, *self.also]


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
    # The Decree 42/2022 clause a Decree 224/2026 clause replaced, kept for history (scores made before 01/07/2026).
    basis_history: str = ""
    # The clause for units of some levels only: ((level letters, clause), …); `basis_for` picks it.
    level_basis: tuple[tuple[str, str], ...] = ()

    def applies_to(self, kind: str) -> bool:
        return kind in self.kinds

    @property
    def slug_en(self) -> str:
        """The section's address in a unit's English tree (“News and events” → news-and-events)."""
        return slugify(self.title_en)

    @property
    def levels(self) -> str:
        return levels_of(self.kinds)

    def basis_for(self, kind: str) -> str:
        """The clause that requires this section of a unit of `kind` (the whole `basis` when no level rule)."""
        level = level_of(kind)
        for letters, clause in self.level_basis:
            if level in letters:
                return clause
        return self.basis

    def freshness_rules(self, kind: str) -> list[Freshness]:
        """The freshness rules the oversight score applies to this section of a unit of `kind`."""
        if not self.applies_to(kind):
            return []
        level = level_of(kind)
        return [rule for rule in self.freshness.rules if rule.applies_to_level(level)]


@dataclass(frozen=True)
class Blueprint:
    version: str
    basis: str
    sections: tuple[Section, ...] = field(default_factory=tuple)
    revised: str = ""  # date of the last in-place correction of this version (see the module docstring)

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
        """The sections a unit of this kind must also publish in English (state agencies only: NĐ42 Đ7(2) binds
        them, not the contributing organisations)."""
        if kind not in ALL_KINDS:
            return []
        return [s for s in self.for_kind(kind) if s.english_required]


def reviewed(months: int) -> Freshness:
    return Freshness("reviewed", days=months * 30, text=f"Rà soát trong vòng {months} tháng")


def within_working_days(days: int, text: str = "", **kwargs) -> Freshness:
    return Freshness(
        "working_days_after_event",
        days=days,
        working_days=True,
        text=text or f"Đăng trong {days} ngày làm việc",
        **kwargs,
    )


BLUEPRINT = Blueprint(
    version="nd224-2026",
    basis="Nghị định 224/2026/NĐ-CP (thay thế Nghị định 42/2022/NĐ-CP từ 01/07/2026)",
    revised="2026-12-04: rà soát pháp lý (căn cứ NĐ224 thay NĐ42, thời hạn văn bản, nhịp báo cáo ngân sách cấp xã, "
    "dự án và thống kê cho mọi cấp, tổ chức tham gia cung cấp tin)",
    sections=(
        Section(
            "intro",
            "Giới thiệu",
            "About",
            "gioi-thieu",
            EVERY_KIND,
            "NĐ224 Đ9(1)(b,c); NĐ43 Đ10(a)",
            "Tổng quan; với cấp tỉnh/xã: bộ máy hành chính, bản đồ địa giới, điều kiện tự nhiên, lịch sử, văn hóa, "
            "di tích, danh lam thắng cảnh; tầm nhìn, sứ mệnh (nếu có); niên giám",
            reviewed(12),
            menu=True,
            page_type="organization.IntroductionPage",
            level_basis=(("O", CONTRIBUTING_BASIS),),
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
            "NĐ224 Đ9(1)(b) (cơ quan chuyên môn); NĐ224 Đ9(1)(c) (cấp tỉnh, cấp xã)",
            "Sơ đồ tổ chức; chức năng, nhiệm vụ, quyền hạn của đơn vị và từng đơn vị trực thuộc; bản tiếng Anh",
            reviewed(12),
            parent="intro",
            page_type="organization.OrgChartPage",
            # The English version: NĐ42 Đ7(2) has no confirmed successor in NĐ224 Đ9–13, so it is still cited
            # (reports.translation_status.ENGLISH_BASIS) until one is found.
            english_required=True,
            basis_history="NĐ42 Đ4(1)(e), Đ7(2)",
            level_basis=(("D", "NĐ224 Đ9(1)(b)"), ("PC", "NĐ224 Đ9(1)(c)")),
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
            Freshness("changed_within_hours", days=1, hours=24, text="Cập nhật trong 24 giờ sau khi chỉ định"),
            parent="intro",
            page_type="organization.SpokespersonPage",
        ),
        Section(
            "news",
            "Tin tức – Sự kiện",
            "News and events",
            "tin-tuc-su-kien",
            EVERY_KIND,
            "NĐ43 Đ10(b)",
            "Tin về hoạt động của đơn vị",
            Freshness(
                "items_per_days",
                days=7,
                levels=frozenset("CD"),
                text="Ít nhất 1 tin mỗi 7 ngày (cấp xã, cơ quan chuyên môn), mỗi ngày (cấp tỉnh)",
                also=(Freshness("items_per_days", days=1, levels=frozenset("P"), text="Ít nhất 1 tin mỗi ngày"),),
            ),
            menu=True,
            page_type=NEWS_INDEX,
            level_basis=(("O", CONTRIBUTING_BASIS),),
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
            "NĐ42 Đ4(1)(a); Luật TCTT Đ19(1)(a)",
            "Văn bản quy phạm pháp luật và văn bản hành chính: hình thức, cơ quan ban hành, số ký hiệu, ngày ban hành, "
            "ngày hiệu lực, trích yếu, tệp tải về; công cụ tìm kiếm",
            within_working_days(
                2,
                "Văn bản của đơn vị: trong 2 ngày làm việc sau khi ban hành; của cơ quan khác: trong 10 ngày làm việc",
                items="own",
                also=(within_working_days(10, "Văn bản của cơ quan khác: trong 10 ngày làm việc", items="other"),),
            ),
            page_type="documents.LegalDocumentIndexPage",
            menu=True,
        ),
        Section(
            "propaganda",
            "Tuyên truyền, phổ biến pháp luật",
            "Legal dissemination",
            "tuyen-truyen-pho-bien-phap-luat",
            ALL_KINDS,
            "NĐ42 Đ4(1)(d); Luật TCTT Đ19(1)(b)",
            "Phổ biến, hướng dẫn thực hiện pháp luật, chế độ, chính sách",
            within_working_days(
                15,
                "Trong 15 ngày làm việc sau khi chính sách được ban hành; ít nhất 1 tin mỗi 30 ngày",
                also=(Freshness("items_per_days", days=30, text="Ít nhất 1 tin mỗi 30 ngày"),),
            ),
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
            within_working_days(10, "Đăng trong 10 ngày làm việc sau khi phê duyệt"),
            parent="disclosure",
            page_type="disclosure.PlansPage",
        ),
        Section(
            "projects",
            "Dự án – Đầu tư – Đấu thầu – Mua sắm công",
            "Projects and procurement",
            "du-an-dau-tu-dau-thau-mua-sam-cong",
            ALL_KINDS,
            "Luật TCTT Đ19(1)(d); NĐ43 Đ10(h); Luật 10/2022 Đ11 (cấp xã)",
            "Danh mục dự án (chuẩn bị / đang triển khai / hoàn thành): tên, mục tiêu, lĩnh vực, loại, thời gian, "
            "kinh phí, nguồn vốn, tình trạng; thông báo đấu thầu, mua sắm công",
            within_working_days(10),
            parent="disclosure",
            page_type="disclosure.ProjectsPage",
        ),
        Section(
            "statistics",
            "Thống kê",
            "Statistics",
            "thong-ke",
            ALL_KINDS,
            "Luật TCTT Đ19(1)(e); NĐ43 Đ12",
            "Số liệu thống kê, phương pháp, kỳ thống kê",
            within_working_days(10),
            parent="disclosure",
            page_type="disclosure.StatisticsPage",
        ),
        Section(
            "finance",
            "Ngân sách – Tài chính",
            "Budget and finance",
            "ngan-sach-tai-chinh",
            ALL_KINDS,
            "Luật TCTT Đ17, Đ19(1)(e); Luật 10/2022 Đ11(2) (cấp xã)",
            "Báo cáo tài chính năm, dự toán, báo cáo tình hình thực hiện và quyết toán ngân sách",
            Freshness(
                "periodic",
                periods=("year",),
                days=365,
                levels=frozenset("PD"),
                text="Cấp tỉnh, cơ quan chuyên môn: hằng năm; cấp xã: báo cáo thực hiện quý, 6 tháng và năm",
                also=(
                    Freshness(
                        "periodic",
                        periods=("quarter", "half_year", "year"),
                        days=92,
                        levels=frozenset("C"),
                        text="Báo cáo tình hình thực hiện ngân sách quý, 6 tháng và năm",
                    ),
                ),
            ),
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
            within_working_days(20),
            parent="disclosure",
            page_type="disclosure.SciencePage",
        ),
        Section(
            "services",
            "Dịch vụ công trực tuyến",
            "Online public services",
            "dich-vu-cong-truc-tuyen",
            ALL_KINDS,
            "NĐ224 Đ9(1)(a)",
            "Thủ tục hành chính và dịch vụ công trực tuyến, liên kết Cổng Dịch vụ công quốc gia",
            reviewed(6),
            menu=True,
            page_type="disclosure.ServiceCatalogPage",
            basis_history="NĐ42 Đ4(1)(c)",
        ),
        Section(
            "disclosure",
            "Công khai thông tin",
            "Access to information",
            "cong-khai-thong-tin",
            ALL_KINDS,
            "Luật TCTT Đ19(1)(g), Đ23–24; NĐ13 Đ6, Đ11; Luật 10/2022 Đ11–12 (cấp xã)",
            "Danh mục thông tin phải công khai (tên, số, ngày, hình thức, thời điểm, thời hạn, liên kết hoặc tệp); "
            "đầu mối cung cấp thông tin; địa chỉ và mẫu phiếu yêu cầu; với cấp xã: các nội dung của Luật 10/2022 Đ11",
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
            within_working_days(15, "Trả lời trong 15 ngày làm việc"),
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
            EVERY_KIND,
            "NĐ42 Đ4(1)(e), Đ7(2)",
            "Địa chỉ, điện thoại, fax, thư điện tử của đơn vị; cán bộ đầu mối: họ tên, chức vụ, đơn vị, điện thoại, "
            "thư điện tử công vụ; bản tiếng Anh",
            reviewed(6),
            menu=True,
            footer=True,
            page_type="organization.ContactsPage",
            english_required=True,  # NĐ42 Đ7(2): contacts of the unit and of its competent officials
            level_basis=(("O", f"TT32/2017; {CONTRIBUTING_BASIS}"),),
        ),
        Section(
            "sitemap",
            "Sơ đồ cổng",
            "Site map",
            "so-do-cong",
            EVERY_KIND,
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
