"""A writer's English translation goes to the unit's board like any other page: “Gửi Ban Biên tập duyệt”.

wagtail-localize's translation editor offers its user one way to put a translation in the page: “publish”, which only
the board may do (sites/publishing.py). A writer translates the segments (saved in the translation memory as they
go) and then submits: the translation is written into a draft revision of the English page and that page enters the
unit's approval workflow, so the board finds it in “Đang chờ bạn duyệt”, previews it, and approves (publishes) or
asks for changes — with the workflow's mails. A page the board sent back resumes the same workflow.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.models import Page, WorkflowState
from wagtail_localize.models import StringSegment, Translation

SUBMIT_ROUTE = "languages_translation_review:submit"


def missing_segments(translation: Translation) -> int:
    """How many text segments of the source have no translation (or one with an error) in the target language."""
    segments = StringSegment.objects.filter(source=translation.source)
    return segments.annotate_translation(translation.target_locale).filter(translation__isnull=True).count()


def review_state(page: Page) -> WorkflowState | None:
    """The page's approval workflow in progress or sent back, if any."""
    return WorkflowState.objects.active().for_instance(page).first()


def may_submit(user, page: Page) -> bool:
    """A writer (the edit right without the publish right) submits; the board publishes from the editor itself."""
    permissions = page.permissions_for_user(user)
    return permissions.can_edit() and not permissions.can_publish() and page.get_workflow() is not None


@require_POST
def submit_translation_for_review(request, translation_id: int):
    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    try:
        page = translation.get_target_instance()
    except Exception as error:  # the target was never created or was deleted
        raise Http404 from error
    if not isinstance(page, Page):
        raise Http404
    page = page.specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    workflow = page.get_workflow()
    if workflow is None:
        messages.error(request, _("Trang này không có quy trình duyệt: đề nghị Ban Biên tập xuất bản trực tiếp."))
        return redirect(edit_url)
    missing = missing_segments(translation)
    if missing:
        messages.error(
            request,
            ngettext(
                "Còn %(count)d đoạn chưa dịch: hãy dịch hết trước khi gửi Ban Biên tập duyệt.",
                "Còn %(count)d đoạn chưa dịch: hãy dịch hết trước khi gửi Ban Biên tập duyệt.",
                missing,
            )
            % {"count": missing},
        )
        return redirect(edit_url)
    with transaction.atomic():
        try:
            translation.save_target(user=request.user, publish=False)
        except ValidationError as error:
            transaction.set_rollback(True)
            messages.error(
                request,
                _("Bản dịch chưa hợp lệ, chưa gửi duyệt: %(errors)s") % {"errors": "; ".join(error.messages)},
            )
            return redirect(edit_url)
        page = Page.objects.get(pk=page.pk).specific
        state = review_state(page)
        if state is None:
            workflow.start(page, request.user)
            messages.success(request, _("Đã gửi bản dịch “%(title)s” cho Ban Biên tập duyệt.") % {"title": page.title})
        elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(request.user)
            messages.success(
                request, _("Đã gửi lại bản dịch “%(title)s” cho Ban Biên tập duyệt.") % {"title": page.title}
            )
        else:
            messages.success(
                request,
                _("Bản dịch “%(title)s” đang chờ Ban Biên tập duyệt; Ban Biên tập sẽ xem bản vừa cập nhật.")
                % {"title": page.title},
            )
    return redirect(edit_url)
