"""Syndication between units: proposals to the parent portal, the board's decision, announcements pushed down.

Every decision records who made it and when; each write runs in a transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from sites.access import roles_in_unit, units_for_user
from sites.models import Unit, UnitRole

from .models import (
    LISTING_RENDITIONS,
    AnnouncementPush,
    NewsArticlePage,
    ProposalStatus,
    SyndicationProposal,
)
from .notifications import ProposalDecidedNotifier, ProposalSubmittedNotifier

DECIDING_ROLES = {UnitRole.BOARD, UnitRole.ADMIN}

_proposal_submitted = ProposalSubmittedNotifier(DECIDING_ROLES)
_proposal_approved = ProposalDecidedNotifier("approved")
_proposal_rejected = ProposalDecidedNotifier("rejected")


def notify_proposed(proposal: SyndicationProposal) -> None:
    """Mail the parent unit's deciders about a new proposal, once the transaction that saved it commits."""
    transaction.on_commit(lambda: _proposal_submitted(proposal))


def notify_decided(proposal: SyndicationProposal) -> None:
    """Mail the proposer and the proposing unit's board about the decision, once it is saved."""
    notifier = _proposal_approved if proposal.status == ProposalStatus.APPROVED else _proposal_rejected
    transaction.on_commit(lambda: notifier(proposal))


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
    unit = Unit.for_page(article)
    if unit is None or not (user.is_superuser or roles_in_unit(user, unit)):
        raise PermissionDenied(_("Bạn không thuộc đơn vị của bài viết này."))
    proposal = SyndicationProposal(unit=unit, article=article, note=note, proposed_by=user)
    proposal.full_clean(exclude=["target"])
    proposal.save()
    notify_proposed(proposal)
    return proposal


@transaction.atomic
def decide(
    proposal: SyndicationProposal, user, *, approve: bool, reason: str = "", revision_id: int | None = None
) -> SyndicationProposal:
    """Approve or reject a proposal awaiting a decision (new, or changed since its approval); a rejection needs a
    reason. An approval approves the article's live revision — `revision_id`, the one the board was shown, when
    given: if the unit published a newer one meanwhile, nothing is approved."""
    proposal = SyndicationProposal.objects.select_for_update().select_related("target").get(pk=proposal.pk)
    if not can_decide(user, proposal.target):
        raise PermissionDenied(_("Chỉ Ban Biên tập của %(unit)s được duyệt đề xuất này.") % {"unit": proposal.target})
    if not proposal.awaits_decision:
        raise ValidationError(_("Đề xuất này đã được xử lý, không thể quyết định lại."))
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(_("Hãy ghi lý do từ chối để đơn vị đề xuất biết cần sửa gì."))
    live_revision_id = NewsArticlePage.objects.filter(pk=proposal.article_id, live=True).values_list(
        "live_revision_id", flat=True
    )
    live_revision_id = live_revision_id[0] if live_revision_id else None
    if approve and live_revision_id is None:
        raise ValidationError(_("Bài viết không còn được xuất bản nên không thể duyệt."))
    if approve and revision_id is not None and revision_id != live_revision_id:
        raise ValidationError(
            _("Bài viết vừa được sửa và xuất bản lại sau khi bạn mở trang này; hãy xem lại bản mới rồi quyết định.")
        )
    proposal.status = ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED
    proposal.approved_revision_id = live_revision_id if approve else None
    proposal.reason = reason
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "approved_revision", "reason", "decided_by", "decided_at"])
    notify_decided(proposal)
    return proposal


def _with_articles(queryset: QuerySet[SyndicationProposal]) -> QuerySet[SyndicationProposal]:
    images = get_image_model().objects.prefetch_renditions(*LISTING_RENDITIONS)
    articles = NewsArticlePage.objects.select_related("category").prefetch_related(
        Prefetch("featured_image", queryset=images)
    )
    return queryset.select_related("unit", "unit__site").prefetch_related(Prefetch("article", queryset=articles))


def public_articles() -> QuerySet[NewsArticlePage]:
    """Live articles without view restrictions (`public()` costs one query: build it once per request)."""
    return NewsArticlePage.objects.live().public()


def has_children(unit: Unit) -> bool:
    """Whether units sit under `unit`, asked once per unit object (header feeds and home slots both need it)."""
    return unit.has_children


def approved_for_unit(unit: Unit, articles: QuerySet | None = None) -> QuerySet[SyndicationProposal]:
    """Approved proposals to `unit` whose article is still live and public, newest article first.

    Show them through `with_approved_articles`: the parent portal shows the revision its board approved.
    """
    live = (articles if articles is not None else public_articles()).values("pk")
    return (
        SyndicationProposal.objects.filter(
            target=unit, status=ProposalStatus.APPROVED, approved_revision__isnull=False, article__in=live
        )
        .select_related("unit", "unit__site", "approved_revision", "article")
        .order_by("-article__date", "-pk")
    )


# Fields of the live article kept on the approved version shown: where it lives (its current address) and its state.
_ADDRESS_FIELDS = ("id", "content_type_id", "path", "depth", "numchild", "url_path", "live", "locale_id")


def approved_article(proposal: SyndicationProposal) -> NewsArticlePage:
    """The article as the board approved it (the approved revision's title, sapo, image…) at its current address."""
    article = proposal.article
    approved = type(article).from_serializable_data(proposal.approved_revision.content, check_fks=False)
    for name in _ADDRESS_FIELDS:
        setattr(approved, name, getattr(article, name))
    return approved


def with_approved_articles(proposals, with_images: bool = True) -> list[SyndicationProposal]:
    """The proposals, each with `approved_article`; their images in one query with the listing's renditions (or
    none: the caller attaches them together with other articles' images, `with_listing_images`)."""
    proposals = list(proposals)
    for proposal in proposals:
        proposal.approved_article = approved_article(proposal)
    if with_images:
        with_listing_images([proposal.approved_article for proposal in proposals])
    return proposals


def with_listing_images(articles: list[NewsArticlePage]) -> list[NewsArticlePage]:
    """These articles with their featured images and the listing's renditions, read in one query for all."""
    image_ids = {article.featured_image_id for article in articles if article.featured_image_id}
    images = {}
    if image_ids:
        found = get_image_model().objects.filter(pk__in=image_ids).prefetch_renditions(*LISTING_RENDITIONS)
        images = {image.pk: image for image in found}
    for article in articles:
        if article.featured_image_id:
            article.featured_image = images.get(article.featured_image_id)  # None: deleted since
    return articles


def queue_for_user(user) -> QuerySet[SyndicationProposal]:
    """Proposals sent to the units whose board this user sits on: those awaiting a decision first (new ones, and
    approved ones the unit changed since), then the decided ones."""
    queryset = SyndicationProposal.objects.filter(target__in=deciding_units(user)).select_related(
        "target", "proposed_by", "decided_by", "approved_revision"
    )
    awaiting_first = Case(When(_awaiting_decision(), then=Value(0)), default=Value(1))
    return _with_articles(queryset).order_by(awaiting_first, "-proposed_at")


def _awaiting_decision() -> Q:
    """New proposals, and approved ones whose article the unit changed since (`awaits_decision`, in SQL)."""
    changed = Q(status=ProposalStatus.APPROVED, article__live=True) & (
        Q(approved_revision__isnull=True) | ~Q(approved_revision=F("article__live_revision"))
    )
    return Q(status=ProposalStatus.PENDING) | changed


def awaiting_decision_for_user(user, limit: int = 10) -> list[SyndicationProposal]:
    """Proposals waiting for this user's decision (sent to the units whose board they sit on), newest first."""
    return list(
        SyndicationProposal.objects.filter(_awaiting_decision(), target__in=deciding_units(user))
        .select_related("unit", "target", "article", "proposed_by")
        .order_by("-proposed_at")[:limit]
    )


def sent_from_users_units(user, limit: int = 10) -> list[SyndicationProposal]:
    """The latest proposals of the user's units (every unit for superusers and the oversight office), the latest
    proposed or decided first: what the proposing side follows."""
    return list(
        SyndicationProposal.objects.filter(unit__in=units_for_user(user))
        .select_related("unit", "target", "article", "proposed_by", "decided_by")
        .order_by(Coalesce("decided_at", "proposed_at").desc(), "-pk")[:limit]
    )


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
        .select_related("unit", "unit__site", "article")
        .order_by("-pushed_at")[:limit]
    )
