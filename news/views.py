"""Admin views of the syndication queue: the parent unit's board approves or rejects its units' proposals."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import DecisionForm
from .models import SyndicationProposal
from .syndication import approved_article, can_decide, decide, deciding_units, queue_for_user

QUEUE_BREADCRUMB = {"url": reverse_lazy("news_syndication:queue"), "label": gettext_lazy("Duyệt tin từ các đơn vị")}


class QueueAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not deciding_units(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ProposalQueueView(QueueAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """Proposals sent to the user's units, pending first, with who proposed and who decided, and when."""

    template_name = "news/admin/queue.html"
    page_title = gettext_lazy("Duyệt tin từ các đơn vị")
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposals = list(queue_for_user(self.request.user))
        context["pending"] = [p for p in proposals if p.awaits_decision]
        context["decided"] = [p for p in proposals if not p.awaits_decision]
        return context


class ProposalDecisionView(QueueAccessMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "news/admin/decide.html"
    form_class = DecisionForm
    page_title = gettext_lazy("Quyết định về đề xuất")
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.proposal = get_object_or_404(
            SyndicationProposal.objects.select_related("unit", "target", "article", "proposed_by", "approved_revision"),
            pk=kwargs["pk"],
        )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_decide(request.user, self.proposal.target):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, QUEUE_BREADCRUMB, {"url": "", "label": self.proposal.article.title}]

    def get_initial(self):
        return {"revision": self.proposal.article.live_revision_id}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proposal"] = self.proposal
        context["article_url"] = self.proposal.article.get_full_url(self.request)
        if self.proposal.changed_since_approval and self.proposal.approved_revision_id:
            context["approved_article"] = approved_article(self.proposal)
        return context

    def form_valid(self, form):
        approve = form.cleaned_data["decision"] == "approve"
        try:
            decide(
                self.proposal,
                self.request.user,
                approve=approve,
                reason=form.cleaned_data["reason"],
                revision_id=form.cleaned_data.get("revision"),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if approve:
            messages.success(self.request, _("Đã duyệt “%(title)s”.") % {"title": self.proposal.article.title})
        else:
            messages.success(self.request, _("Đã từ chối “%(title)s”.") % {"title": self.proposal.article.title})
        return redirect(reverse("news_syndication:queue"))
