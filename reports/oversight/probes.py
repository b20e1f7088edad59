"""What each blueprint section holds, as one declaration per section: where the oversight checks find its items,
the date each item reports (its event), what counts as content, and which rows a section page shows.

Adding a section to the blueprint means adding its probe here (a test fails when a section has none); the rule
evaluators in `checks` are generic over these declarations.

- `PageItems(model, event=…, owner=…, filter=…)`: the section's items are the pages of `model` directly under the
  section page (live and public to count; drafts only to fail a deadline). `event` names the item's date the
  deadline runs from (a document's issue date, a disclosure item's approval date); `owner` the path to the unit id
  that issued it (documents: own when the issuing body is the unit, other bodies otherwise).
- `Rows(model, filter=…, updated=…, dated=…)`: rows of a unit's snippets the section page shows (leaders, contact
  officials, procedures); any current row is content, and a change of one is an update of the section: the admin's
  log of its edits, its `updated` field (the last change) and its `dated` fields (moments the row itself records a
  change the portal shows: a procedure adopted, a spokesperson made public), each as known by the day judged.
- `fields`: fields of the section page whose value is content (a body, a timeline, a focal point).
- `unit_fields`: fields of the unit the page shows; content when all are filled (the contacts page shows the unit's
  address, phone and email).
- `needs_content=False`: the live page is the content (a form, a generated site map, a section used only when
  something happens, e.g. recruitment).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PageItems:
    model: str  # "news.NewsArticlePage"
    event: str = ""  # the item's date a deadline runs from; "" when the items carry none
    owner: str = ""  # path to the issuing unit's id ("issuing_body__unit_id"), for own/other items
    filter: Q = field(default_factory=Q)
    noun: str = _("mục")  # what an item is called in a finding: “Không có tin từ 3/11 đến 9/11/2026”


@dataclass(frozen=True)
class Rows:
    model: str  # "organization.Official"
    filter: Q = field(default_factory=Q)
    updated: str = ""  # a timestamp field of the row's last change, read alongside the admin's log of its edits
    dated: tuple[str, ...] = ()  # timestamps of changes the row records itself (an adoption, a publication)
    current: bool = False  # Official rows: only those serving on the day judged (term_start/term_end)


@dataclass(frozen=True)
class Probe:
    items: PageItems | None = None
    rows: tuple[Rows, ...] = ()
    fields: tuple[str, ...] = ()
    unit_fields: tuple[str, ...] = ()
    needs_content: bool = True
    # The section's deadlines are those of citizens' questions (participation.Question), not of pages.
    questions: bool = False


NEWS = PageItems("news.NewsArticlePage", noun=_("tin"))
DISCLOSED = PageItems("disclosure.DisclosureItemPage", event="issued_on", noun=_("mục công khai"))
OFFICIALS = "organization.Official"

PROBES: dict[str, Probe] = {
    "intro": Probe(
        items=PageItems("organization.IntroductionTopicPage", noun=_("bài giới thiệu")),
        fields=("intro", "body", "vision", "mission"),
    ),
    "history": Probe(fields=("intro", "body", "milestones")),
    "org": Probe(fields=("body",), rows=(Rows("organization.SubUnit"),)),
    "leaders": Probe(rows=(Rows(OFFICIALS, Q(is_leader=True), current=True),)),
    "spokesperson": Probe(
        rows=(Rows(OFFICIALS, Q(is_spokesperson=True), current=True, dated=("spokesperson_since",)),)
    ),
    # Propaganda articles carry no date of the policy they explain: its working-day deadline is not measurable
    # (the check answers None) until articles record that date; its 30-day rhythm is measured.
    "news": Probe(items=NEWS),
    "direction": Probe(items=NEWS),
    "propaganda": Probe(items=NEWS),
    "recruitment": Probe(items=NEWS, needs_content=False),
    "announcements": Probe(items=NEWS, needs_content=False),
    "schedule": Probe(items=PageItems("organization.WorkScheduleWeekPage", event="week_start", noun=_("lịch tuần"))),
    "documents": Probe(
        items=PageItems(
            "documents.LegalDocumentPage", event="issue_date", owner="issuing_body__unit_id", noun=_("văn bản")
        )
    ),
    "plans": Probe(items=DISCLOSED),
    "projects": Probe(items=DISCLOSED),
    "statistics": Probe(items=DISCLOSED),
    "finance": Probe(items=DISCLOSED),
    "science": Probe(items=DISCLOSED),
    "services": Probe(
        fields=("body",),
        rows=(
            Rows("disclosure.Procedure", updated="updated_at"),
            Rows("disclosure.AdoptedProcedure", dated=("adopted_at",)),
        ),
    ),
    "disclosure": Probe(items=DISCLOSED, fields=("focal_point", "request_address")),
    "qa": Probe(
        needs_content=False, questions=True
    ),  # the question form and the published answers: always there when live
    "consultation": Probe(
        items=PageItems("participation.ConsultationPage", event="opens_at", noun=_("dự thảo")), needs_content=False
    ),
    "rating": Probe(needs_content=False),
    "contacts": Probe(
        fields=("body", "office_hours"),
        rows=(Rows(OFFICIALS, Q(is_contact=True), current=True),),
        unit_fields=("address", "phone", "email"),
    ),
    "sitemap": Probe(needs_content=False),
}


def probe_for(section_key: str) -> Probe:
    return PROBES[section_key]
