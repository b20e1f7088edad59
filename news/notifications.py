"""Mails about syndication: a ward proposes an article to its parent's portal, the parent's board decides.

Built on the unit notifiers of `sites/notifications.py` (Wagtail's mail machinery: each recipient's notification
preferences and language, the `Auto-Submitted` header), with links on the address of the unit that acts on them.
`news/syndication.py` sends them once the transaction that recorded the proposal or the decision commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from wagtail.admin.mail import Notifier

from sites.access import unit_members
from sites.models import Unit, UnitRole
from sites.notifications import UnitNotifierMixin

from .models import SyndicationProposal


class ProposalNotifier(UnitNotifierMixin, Notifier):
    template_directory = "news/notifications/"

    def __init__(self):
        super().__init__((SyndicationProposal,))

    def content_object(self, proposal: SyndicationProposal):
        return proposal.article

    def get_context(self, proposal: SyndicationProposal, **kwargs):
        context = super().get_context(proposal, **kwargs)
        context.update(
            proposal=proposal, article=proposal.article, proposing_unit=proposal.unit, target=proposal.target
        )
        return context


class ProposalSubmittedNotifier(ProposalNotifier):
    """To the parent unit's members who decide (`deciding_roles`): links on the parent's address."""

    notification = "submitted"

    def __init__(self, deciding_roles: Iterable[str]):
        super().__init__()
        self.deciding_roles = list(deciding_roles)

    def unit_of(self, proposal: SyndicationProposal) -> Unit:
        return proposal.target

    def get_recipient_users(self, proposal: SyndicationProposal, **kwargs):
        recipients = unit_members(proposal.target, self.deciding_roles)
        if proposal.proposed_by_id:
            recipients = recipients.exclude(pk=proposal.proposed_by_id)
        return set(recipients)


class ProposalDecidedNotifier(ProposalNotifier):
    """To the proposer and the proposing unit's board: links on the proposing unit's address."""

    def __init__(self, notification: str):
        super().__init__()
        self.notification = notification

    def unit_of(self, proposal: SyndicationProposal) -> Unit:
        return proposal.unit

    def get_recipient_users(self, proposal: SyndicationProposal, **kwargs):
        recipients = set(unit_members(proposal.unit, [UnitRole.BOARD]))
        if proposal.proposed_by is not None:
            recipients.add(proposal.proposed_by)
        return {user for user in recipients if user.pk != proposal.decided_by_id}
