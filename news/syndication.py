"""Syndication between units: proposals to the parent portal, the board's decision, announcements pushed down.

Every decision records who made it and when; each write runs in a transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from sites.models import Unit, UnitRole
from sites.tenancy import roles_in_unit, unit_of_page

from .models import (
    LISTING_RENDITION,
    AnnouncementPush,
    NewsArticlePage,
    ProposalStatus,
    SyndicationProposal,
)

DECIDING_ROLES = {UnitRole.BOARD, UnitRole.ADMIN}


def can_decide(user, target: Unit) -> bool:
    """The target unit's board and administrators (and superusers) decide on proposals sent to it."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(roles_in_unit(user, target) & DECIDING_ROLES)


def deciding_units(user) -> QuerySet[Unit]:
    if user.is_active and user.is_superuser:
        return Unit.objects.filter(children__isnull=False).distinct()
    return Unit.objects.filter(
        role_groups__group__user=user, role_groups__role__in=DECIDING_ROLES, children__isnull=False
    ).distinct()


@transaction.atomic
def propose(article: NewsArticlePage, user, note: str = "") -> SyndicationProposal:
    """A member of the article's unit proposes it to the parent unit's portal."""
    unit = unit_of_page(article)
    if unit is None or not (user.is_superuser or roles_in_unit(user, unit)):
        raise PermissionDenied(_("Bạn không thuộc đơn vị của bài viết này."))
    proposal = SyndicationProposal(unit=unit, article=article, note=note, proposed_by=user)
    proposal.full_clean(exclude=["target"])
    proposal.save()
    return proposal


@transaction.atomic
def decide(proposal: SyndicationProposal, user, *, approve: bool, reason: str = "") -> SyndicationProposal:
    """Approve or reject a pending proposal; a rejection needs a reason."""
    proposal = SyndicationProposal.objects.select_for_update().select_related("target").get(pk=proposal.pk)
    if not can_decide(user, proposal.target):
        raise PermissionDenied(_("Chỉ Ban Biên tập của %(unit)s được duyệt đề xuất này.") % {"unit": proposal.target})
    if not proposal.is_pending:
        raise ValidationError(_("Đề xuất này đã được xử lý, không thể quyết định lại."))
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(_("Hãy ghi lý do từ chối để đơn vị đề xuất biết cần sửa gì."))
    proposal.status = ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED
    proposal.reason = reason
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    return proposal


def _with_articles(queryset: QuerySet[SyndicationProposal]) -> QuerySet[SyndicationProposal]:
    images = get_image_model().objects.prefetch_renditions(LISTING_RENDITION)
    articles = NewsArticlePage.objects.select_related("category").prefetch_related(
        Prefetch("featured_image", queryset=images)
    )
    return queryset.select_related("unit", "unit__site").prefetch_related(Prefetch("article", queryset=articles))


def public_articles() -> QuerySet[NewsArticlePage]:
    """Live articles without view restrictions (`public()` costs one query: build it once per request)."""
    return NewsArticlePage.objects.live().public()


def has_children(unit: Unit) -> bool:
    """Whether units sit under `unit`, asked once per unit object (header feeds and home slots both need it)."""
    if not hasattr(unit, "_news_has_children"):
        unit._news_has_children = unit.children.exists()
    return unit._news_has_children


def approved_for_unit(unit: Unit, articles: QuerySet | None = None) -> QuerySet[SyndicationProposal]:
    """Approved proposals to `unit` whose article is still live and public, newest article first."""
    live = (articles if articles is not None else public_articles()).values("pk")
    queryset = SyndicationProposal.objects.filter(
        target=unit, status=ProposalStatus.APPROVED, article__in=live
    ).order_by("-article__date", "-pk")
    return _with_articles(queryset)


def queue_for_user(user) -> QuerySet[SyndicationProposal]:
    """Proposals sent to the units whose board this user sits on, pending first."""
    queryset = SyndicationProposal.objects.filter(target__in=deciding_units(user)).select_related(
        "target", "proposed_by", "decided_by"
    )
    pending_first = Case(When(status=ProposalStatus.PENDING, then=Value(0)), default=Value(1))
    return _with_articles(queryset).order_by(pending_first, "-proposed_at")


def pushed_announcements(
    unit: Unit | None, limit: int = 5, articles: QuerySet | None = None
) -> QuerySet[AnnouncementPush]:
    """Active announcements pushed by the unit's parent (and grandparent) to it, newest first."""
    if unit is None or unit.parent_id is None:
        return AnnouncementPush.objects.none()
    ancestors = [unit.parent_id]
    if unit.parent is not None and unit.parent.parent_id:
        ancestors.append(unit.parent.parent_id)
    today = timezone.localdate()
    live = (articles if articles is not None else public_articles()).values("pk")
    return (
        AnnouncementPush.objects.filter(unit_id__in=ancestors, article__in=live)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("unit", "unit__site")
        .prefetch_related(Prefetch("article", queryset=NewsArticlePage.objects.all()))
        .order_by("-pushed_at")[:limit]
    )
