"""Scheduled publishing and expiry: the dashboard warns when a scheduled change is overdue.

Wagtail publishes a scheduled revision and unpublishes an expired page only when `manage.py publish_scheduled` runs
(README “Scheduled publishing”: `make publish-scheduled`, and a cron line or systemd timer in production). When that
job is not running, pages whose go-live time has passed stay unpublished; this panel lists them, for the units of the
signed-in user only, so the board notices.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision

from sites.access import restrict_pages


@dataclass
class OverdueSchedule:
    publish: list[Revision]  # approved revisions whose go-live time has passed, not yet published
    expire: list[Page]  # live pages whose expiry time has passed, not yet unpublished

    def __bool__(self) -> bool:
        return bool(self.publish or self.expire)


def _unit_pages(user) -> QuerySet[Page]:
    return restrict_pages(Page.objects.all(), user, with_ancestors=False)


def overdue_schedule(user, now=None, limit: int = 20) -> OverdueSchedule:
    """Overdue scheduled publications and expiries of the user's units (every unit for superusers and oversight)."""
    now = now or timezone.now()
    page_ids = _unit_pages(user).annotate(pk_text=Cast("pk", CharField())).values("pk_text")
    revisions = (
        Revision.page_revisions.filter(approved_go_live_at__lt=now, object_id__in=page_ids)
        .select_related("user")
        .order_by("approved_go_live_at")[:limit]
    )
    pages = {page.pk: page for page in Page.objects.filter(pk__in=[int(r.object_id) for r in revisions])}
    publish = []
    for revision in revisions:
        revision.scheduled_page = pages.get(int(revision.object_id))
        if revision.scheduled_page is not None:
            publish.append(revision)
    expire = list(_unit_pages(user).filter(live=True, expire_at__lt=now).order_by("expire_at")[:limit])
    return OverdueSchedule(publish=publish, expire=expire)


class OverdueSchedulePanel(Component):
    name = "overdue_schedule"
    template_name = "reports/panels/overdue_schedule.html"
    order = 40

    def __init__(self, overdue: OverdueSchedule):
        self.overdue = overdue

    def get_context_data(self, parent_context):
        return {"overdue": self.overdue}
