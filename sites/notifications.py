"""The approval workflow's mails, told by the unit: to the people of the page's unit, with links on its own address.

Wagtail's notifiers (`wagtail.admin.mail`) build every link from `WAGTAILADMIN_BASE_URL` (one address for the
whole installation, so a ward's board got `localhost:8000/admin/…`) and mail every superuser each unit's
submissions. Wagtail connects them to its workflow signals under fixed `dispatch_uid`s and offers no setting to
choose the notifier classes, so `use_unit_notifiers` (called by `SitesConfig.ready`) puts the subclasses below in
their place under the same `dispatch_uid`s — the one place where Wagtail's notifiers are replaced:

- a submission is mailed by the task notifier to the members of the unit's approving group (its board), superusers
  only if they belong to that group; the workflow-level submission mail (to every superuser) is not sent for a
  unit's page;
- an approval or a rejection goes to the submitter, as in Wagtail, with the board's comment;
- every link starts with the unit's own site root (`Site.root_url`: its hostname and port).

Mails are plain text (the portal does not set `WAGTAILADMIN_NOTIFICATION_USE_HTML`), in Vietnamese
(`templates/sites/notifications/`). Objects outside every unit keep Wagtail's recipients and templates.
"""

from __future__ import annotations

from wagtail.admin.mail import (
    EmailNotificationMixin,
    GroupApprovalTaskStateSubmissionEmailNotifier,
    Notifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.admin.utils import get_admin_base_url
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from .access import unit_members
from .models import Unit

UNIT_TEMPLATES = "sites/notifications/"
_UNIT_ATTRIBUTE = "_portal_notified_unit"


def unit_base_url(unit: Unit | None) -> str:
    """The address a mail about the unit's work links to: its site's root (hostname and port), no trailing slash."""
    if unit is not None and unit.site_id:
        return unit.site.root_url
    return (get_admin_base_url() or "").rstrip("/")


class UnitNotifierMixin(EmailNotificationMixin):
    """A mail about something of a unit: the unit's address in `base_url`, the unit in `unit`."""

    template_directory = UNIT_TEMPLATES

    def content_object(self, instance):
        """The object the mail is about (a workflow's page)."""
        raise NotImplementedError

    def unit_of(self, instance) -> Unit | None:
        """The unit whose people are told and whose address the links use."""
        content = self.content_object(instance)
        return Unit.for_page(content) if isinstance(content, Page) else None

    def get_unit(self, instance) -> Unit | None:
        # Cached per notifier: two notifiers may tell two units about one object.
        attribute = f"{_UNIT_ATTRIBUTE}_{type(self).__name__}"
        if not hasattr(instance, attribute):
            setattr(instance, attribute, self.unit_of(instance))
        return getattr(instance, attribute)

    def get_template_set(self, instance, **kwargs):
        template_set = super().get_template_set(instance, **kwargs)
        if self.get_unit(instance) is None:  # outside every unit: Wagtail's own templates
            wagtail_directory = Notifier.template_directory
            return {key: name.replace(UNIT_TEMPLATES, wagtail_directory, 1) for key, name in template_set.items()}
        return template_set

    def get_context(self, instance, **kwargs):
        context = super().get_context(instance, **kwargs)
        unit = self.get_unit(instance)
        context["unit"] = unit
        context["base_url"] = unit_base_url(unit)
        return context


class UnitTaskSubmissionNotifier(UnitNotifierMixin, GroupApprovalTaskStateSubmissionEmailNotifier):
    """“A page waits for you”: to the unit's members in the task's approving groups (its board)."""

    def content_object(self, task_state: TaskState):
        return task_state.workflow_state.content_object

    def get_recipient_users(self, task_state: TaskState, **kwargs):
        unit = self.get_unit(task_state)
        if unit is None:
            return super().get_recipient_users(task_state, **kwargs)
        recipients = unit_members(unit).filter(groups__in=task_state.task.specific.groups.all())
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            recipients = recipients.exclude(pk=triggering_user.pk)
        return set(recipients)

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["requested_by"] = task_state.workflow_state.requested_by
        return context


class UnitWorkflowSubmissionNotifier(UnitNotifierMixin, WorkflowStateSubmissionEmailNotifier):
    """Wagtail mails every superuser each submission; for a unit's page the task's mail to its board says it."""

    def content_object(self, workflow_state: WorkflowState):
        return workflow_state.content_object

    def get_recipient_users(self, workflow_state: WorkflowState, **kwargs):
        if self.get_unit(workflow_state) is not None:
            return set()
        return super().get_recipient_users(workflow_state, **kwargs)


class UnitApprovalNotifier(UnitNotifierMixin, WorkflowStateApprovalEmailNotifier):
    """“Your page was approved”: to the submitter."""

    def content_object(self, workflow_state: WorkflowState):
        return workflow_state.content_object


class UnitRejectionNotifier(UnitNotifierMixin, WorkflowStateRejectionEmailNotifier):
    """“Your page needs changes”, with the board's comment: to the submitter."""

    def content_object(self, workflow_state: WorkflowState):
        return workflow_state.content_object


# (signal, sender, Wagtail's dispatch_uid, our notifier)
_NOTIFIERS = [
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification", UnitTaskSubmissionNotifier()),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        UnitWorkflowSubmissionNotifier(),
    ),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification", UnitRejectionNotifier()),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification", UnitApprovalNotifier()),
]


def use_unit_notifiers() -> None:
    """Replace Wagtail's workflow notifiers with the unit's, under Wagtail's own `dispatch_uid`s.

    Whichever app is ready first: when Wagtail's are connected already they are disconnected here; when Wagtail
    connects later, a receiver with the same `dispatch_uid` is already there and Django keeps it.
    """
    for signal, sender, dispatch_uid, notifier in _NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(notifier, sender=sender, dispatch_uid=dispatch_uid, weak=False)
