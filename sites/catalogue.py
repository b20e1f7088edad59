"""The blueprint as a readable catalogue: `docs/legal-catalogue.md` is generated from `sites.blueprint`.

`manage.py blueprint_catalogue` rewrites the file; a test fails when the file and the blueprint drift apart.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from .blueprint import BLUEPRINT, LEVEL_NAMES, Blueprint, Freshness, Section

CATALOGUE_PATH = Path(settings.BASE_DIR) / "docs" / "legal-catalogue.md"

_PERIODS = {"quarter": "quý", "half_year": "6 tháng", "year": "năm"}
_ITEMS = {"own": "văn bản của đơn vị", "other": "văn bản của cơ quan khác"}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def rule_text(rule: Freshness) -> str:
    """One freshness rule as data, e.g. `working_days_after_event 10 ngày làm việc [C] (văn bản của cơ quan khác)`."""
    parts = [rule.rule]
    if rule.hours is not None:
        parts.append(f"{rule.hours} giờ")
    elif rule.periods:
        parts.append(", ".join(_PERIODS.get(p, p) for p in rule.periods))
    elif rule.days is not None:
        parts.append(f"{rule.days} {'ngày làm việc' if rule.working_days else 'ngày'}")
    if rule.levels:
        parts.append("[" + ", ".join(sorted(rule.levels)) + "]")
    if rule.items:
        parts.append(f"({_ITEMS.get(rule.items, rule.items)})")
    return " ".join(parts)


def _basis(section: Section) -> str:
    text = section.basis
    for letters, clause in section.level_basis:
        if clause not in text:
            text += f"; {', '.join(letters)}: {clause}"
    return text


def catalogue_markdown(blueprint: Blueprint = BLUEPRINT) -> str:
    """The catalogue of `blueprint` as Markdown, one row per section."""
    lines = [
        "# Danh mục chuyên mục bắt buộc (legal catalogue)",
        "",
        "<!-- Generated from sites/blueprint.py by `manage.py blueprint_catalogue`; do not edit by hand. -->",
        "",
        f"Mẫu (version) `{blueprint.version}`: {blueprint.basis}.",
        "",
    ]
    if blueprint.revised:
        lines += [f"Sửa đổi (revised): {blueprint.revised}.", ""]
    lines += [
        "Cấp (level): " + "; ".join(f"**{letter}** {name}" for letter, name in LEVEL_NAMES.items()) + ".",
        "“Căn cứ cũ” is the Decree 42/2022 clause a Decree 224/2026 clause replaced, kept for history.",
        "",
        "| Key | Chuyên mục | Section | Cấp | Thuộc | Phải có | Căn cứ | Căn cứ cũ | Thời hạn cập nhật "
        "| Quy tắc (dữ liệu) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in blueprint.sections:
        rules = "; ".join(rule_text(rule) for rule in s.freshness.rules)
        row = [
            s.key,
            s.title_vi,
            s.title_en,
            s.levels,
            s.parent or "",
            s.must_contain + ("; bản tiếng Anh" if s.english_required and "tiếng Anh" not in s.must_contain else ""),
            _basis(s),
            s.basis_history,
            s.freshness.text,
            rules,
        ]
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    return "\n".join(lines) + "\n"
