"""What a check finds for one unit: how much of the rule is met, and the items that fail it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    """One failing item: what it is, why it fails, and where to fix it (the admin page, the public page)."""

    label: str  # “Quyết định 125/QĐ-UBND”, “Lịch tuần 48/2026”, “Chuyên mục Thống kê”
    detail: str = ""  # “Đăng sau 5 ngày làm việc (hạn 2)”
    edit_url: str = ""  # the admin page to fix it (edit page, snippet, question)
    public_url: str = ""


@dataclass
class CheckResult:
    """The outcome of one check for one unit in one period.

    `ratio`: the share of the rule met, 0.0–1.0 (1.0 when fully met); None when the check does not apply to the unit
    this period (no item to judge, e.g. no document issued): a score table leaves such items out of the maximum.
    `summary`: one line for the dashboard (“3/4 văn bản đăng đúng hạn”). `findings`: the failing items.
    `value`: the figure the summary reports, for exports (e.g. 0.75, 3, 12).
    """

    check: str
    unit_id: int
    ratio: float | None
    summary: str = ""
    findings: list[Finding] = field(default_factory=list)
    value: float | int | None = None

    @property
    def applies(self) -> bool:
        return self.ratio is not None

    @property
    def passed(self) -> bool:
        return self.ratio is not None and self.ratio >= 1.0
