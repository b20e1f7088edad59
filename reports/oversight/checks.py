"""What the oversight office measures, as declarations derived from the blueprint.

Every blueprint section that applies to a unit's kind gives a presence check (`<section>.present`: the section page
exists, is live and has content) and one timeliness check per measurable freshness rule
(`<section>.<rule>[.<items>]`, e.g. `documents.working_days_after_event.own`). Unit-wide checks judge quality and
participation. Check keys are stable: score tables (tables.ScoreItem) refer to them.

`evaluate` judges many units at once in a bounded number of queries (not one per unit per check).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sites.blueprint import BLUEPRINT, Blueprint, Freshness, Section, level_of
from workdays.calendar import today as local_today

from . import rules
from .facts import Facts
from .periods import Period
from .probes import PROBES
from .results import CheckResult
from .unit_checks import evaluate_unit_checks

COMPLETENESS, TIMELINESS, QUALITY, PARTICIPATION = "completeness", "timeliness", "quality", "participation"
GROUPS = {
    COMPLETENESS: _("Tính đầy đủ"),
    TIMELINESS: _("Tính kịp thời"),
    QUALITY: _("Chất lượng thông tin"),
    PARTICIPATION: _("Tương tác với người dân"),
}
# Freshness rules a check can measure; "when_held", "generated" and "always" are judged by presence alone.
MEASURED_RULES = (
    "reviewed",
    "items_per_days",
    "working_days_after_event",
    "periodic",
    "changed_within_hours",
    "weekly_before_monday",
    "has_dates",
)


@dataclass(frozen=True)
class Check:
    """One measured requirement. `section` is the blueprint key ("" for a unit-wide check); `rule_key` names the
    freshness rule (with its `items`) for timeliness checks."""

    key: str
    group: str
    label: str
    section: str = ""
    rule_key: str = ""
    basis: str = ""  # the clause of a unit-wide check; a section's check cites the section's clause for the kind

    @property
    def title(self) -> str:
        """“Văn bản – Văn bản của cơ quan khác: trong 10 ngày làm việc”: the section's name, then the label."""
        section = self.section_of()
        return f"{section.title_vi} – {self.label}" if section is not None else str(self.label)

    def label_for(self, kind: str, blueprint: Blueprint = BLUEPRINT) -> str:
        """The rule as it applies to a unit of `kind` (“Ít nhất 1 tin mỗi 7 ngày” for a ward, “mỗi ngày” for the
        city)."""
        rule = self.rule(kind, blueprint)
        return rule.text if rule is not None and rule.text else str(self.label)

    def section_of(self, blueprint: Blueprint = BLUEPRINT) -> Section | None:
        return blueprint.get(self.section) if self.section else None

    def applies_to(self, kind: str, blueprint: Blueprint = BLUEPRINT) -> bool:
        section = self.section_of(blueprint)
        if section is None:
            return True
        if not section.applies_to(kind):
            return False
        return not self.rule_key or self.rule(kind, blueprint) is not None

    def rule(self, kind: str, blueprint: Blueprint = BLUEPRINT) -> Freshness | None:
        """The freshness rule this check applies to a unit of `kind` (rules of the same name differ per level)."""
        section = self.section_of(blueprint)
        if section is None or not self.rule_key:
            return None
        for rule in section.freshness_rules(kind):
            if rule_key(rule) == self.rule_key:
                return rule
        return None

    def clause(self, kind: str, blueprint: Blueprint = BLUEPRINT) -> str:
        section = self.section_of(blueprint)
        return section.basis_for(kind) if section is not None else self.basis


def rule_key(rule: Freshness) -> str:
    return f"{rule.rule}.{rule.items}" if rule.items else rule.rule


# Unit-wide checks (not tied to one section).
UNIT_CHECKS = (
    Check("quality.image_alt", QUALITY, _("Ảnh có mô tả thay thế (alt)"), basis="NĐ224 Đ10(3)(c); TT26/2020"),
    Check("quality.image_size", QUALITY, _("Ảnh đúng quy định dung lượng"), basis="NĐ224 Đ10(3)(a)"),
    Check("quality.internal_links", QUALITY, _("Không có liên kết nội bộ hỏng"), basis="NĐ42 Đ7(1)"),
    Check("quality.english", QUALITY, _("Có đủ trang tiếng Anh bắt buộc"), basis="NĐ42 Đ7(2)"),
    Check(
        "disclosure.requests_on_time",
        PARTICIPATION,
        _("Yêu cầu cung cấp thông tin được trả lời đúng hạn"),
        basis="Luật TCTT Đ30",
    ),
    Check("rating.satisfaction", PARTICIPATION, _("Mức độ hài lòng của người dân"), basis="NĐ224 Đ10(3)(b), Đ12"),
)


def _measurable(section: Section, rule: Freshness) -> bool:
    """A deadline after an event needs the items' event date: legal dissemination's articles record no date for the
    policy they explain, so its 15-working-day rule is not scored (its 30-day rhythm is)."""
    if rule.rule != "working_days_after_event":
        return True
    probe = PROBES.get(section.key)
    return probe is None or probe.questions or (probe.items is not None and bool(probe.items.event))


def _section_checks(section: Section) -> list[Check]:
    checks = [Check(f"{section.key}.present", COMPLETENESS, _("Có chuyên mục và có nội dung"), section.key)]
    seen: set[str] = set()
    for kind in sorted(section.kinds):
        for rule in section.freshness_rules(kind):
            key = rule_key(rule)
            if rule.rule not in MEASURED_RULES or key in seen or not _measurable(section, rule):
                continue
            seen.add(key)
            group = PARTICIPATION if section.key in ("qa", "consultation") else TIMELINESS
            # Rules of one name differ per level (news: every 7 days for a ward, every day for the city): the label
            # of the check is the section's whole rule; `label_for(kind)` gives the one a unit is judged by.
            label = rule.text if len(section.freshness.rules) > 1 and rule.items else section.freshness.text
            checks.append(Check(f"{section.key}.{key}", group, label or rule.text, section.key, key))
    return checks


# Checks judged on citizens' submissions and the unit as a whole (`unit_checks`), not on one section's pages: the
# unit-wide checks, and the deadline checks of sections whose probe names questions (`qa`).
def _unit_wide_keys() -> frozenset[str]:
    keys = {check.key for check in UNIT_CHECKS}
    for section in BLUEPRINT.sections:
        if PROBES.get(section.key) is not None and PROBES[section.key].questions:
            keys.add(f"{section.key}.working_days_after_event")
    return frozenset(keys)


def all_checks(blueprint: Blueprint = BLUEPRINT) -> list[Check]:
    """Every check, in blueprint order, then the unit-wide ones."""
    checks = [check for section in blueprint.sections for check in _section_checks(section)]
    return [*checks, *UNIT_CHECKS]


UNIT_WIDE_KEYS = _unit_wide_keys()


def checks_for_kind(kind: str, blueprint: Blueprint = BLUEPRINT) -> list[Check]:
    level_of(kind)  # KeyError for an unknown kind
    return [check for check in all_checks(blueprint) if check.applies_to(kind, blueprint)]


def get_check(key: str, blueprint: Blueprint = BLUEPRINT) -> Check:
    for check in all_checks(blueprint):
        if check.key == key:
            return check
    raise KeyError(key)


def evaluate(units: Iterable, period: Period, today: dt.date | None = None) -> dict[int, dict[str, CheckResult]]:
    """{unit id: {check key: result}} for every check that applies to each unit's kind, judged at
    `period.as_of(today)`. A bounded number of queries whatever the number of units."""
    from sites.models import Unit

    today = today or local_today()
    unit_ids = [unit.pk for unit in units]
    unit_list = list(Unit.objects.filter(pk__in=unit_ids).select_related("home_page", "site").order_by("pk"))
    if not unit_list:
        return {}
    report = Facts(unit_list, period, today)
    kinds = {unit.kind for unit in unit_list}
    applicable = {kind: checks_for_kind(kind) for kind in kinds}
    unit_wide = {check.key for checks in applicable.values() for check in checks if check.key in UNIT_WIDE_KEYS}
    results = evaluate_unit_checks(report, unit_wide)
    evaluated: dict[int, dict[str, CheckResult]] = {}
    for unit in unit_list:
        facts = report.units[unit.pk]
        unit_results: dict[str, CheckResult] = {}
        for check in applicable[unit.kind]:
            if check.key in UNIT_WIDE_KEYS:
                unit_results[check.key] = results[unit.pk][check.key]
                continue
            section = check.section_of()
            if check.key == f"{section.key}.present":
                unit_results[check.key] = rules.present(check.key, facts, section, report)
                continue
            rule = check.rule(unit.kind)
            unit_results[check.key] = rules.EVALUATORS[rule.rule](check.key, facts, section, rule, report)
        evaluated[unit.pk] = unit_results
    return evaluated
