"""Admin registration of the board's side of citizens' questions: the queue (*Hỏi đáp – Phản ánh*) with its exports,
a question's page, steps and attachment, the *Tâm tư, nguyện vọng* report, the dashboard panel and summary item."""

from __future__ import annotations

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.admin.menu import MenuItem

from . import admin_views, reports
from .access import reading_units
from .dashboard import QuestionsPanel, QuestionsSummaryItem
from .models import Question

question_urls = (
    [
        path("", admin_views.QueueView.as_view(), name="index"),
        path("xuat-csv/", admin_views.QueueExportView.as_view(file_format="csv"), name="export_csv"),
        path("xuat-xlsx/", admin_views.QueueExportView.as_view(file_format="xlsx"), name="export_xlsx"),
        path("tam-tu-nguyen-vong/", reports.ConcernsReportView.as_view(), name="concerns"),
        path(
            "tam-tu-nguyen-vong/xuat-csv/", reports.ConcernsExportView.as_view(file_format="csv"), name="concerns_csv"
        ),
        path(
            "tam-tu-nguyen-vong/xuat-xlsx/",
            reports.ConcernsExportView.as_view(file_format="xlsx"),
            name="concerns_xlsx",
        ),
        path("<int:pk>/", admin_views.QuestionDetailView.as_view(), name="detail"),
        path("<int:pk>/tep-dinh-kem/", admin_views.AttachmentView.as_view(), name="attachment"),
        path("<int:pk>/giao-xu-ly/", admin_views.AssignView.as_view(), name="assign"),
        path("<int:pk>/ghi-chu/", admin_views.NoteView.as_view(), name="note"),
        path("<int:pk>/tra-loi/", admin_views.AnswerView.as_view(), name="answer"),
        path("<int:pk>/cong-bo/", admin_views.PublishView.as_view(), name="publish"),
        path("<int:pk>/tu-choi/", admin_views.RejectView.as_view(), name="reject"),
        path("<int:pk>/chuyen-don-vi/", admin_views.ForwardView.as_view(), name="forward"),
    ],
    "participation_questions",
)


@hooks.register("register_admin_urls")
def register_question_urls():
    return [path("hoi-dap/", include(question_urls, namespace="participation_questions"))]


class QuestionAdminURLFinder(ModelAdminURLFinder):
    """A question's admin address is its page in the queue (for the user: only if they read its unit)."""

    edit_url_name = "participation_questions:detail"

    def get_edit_url(self, instance):
        if self.user is not None and not reading_units(self.user).filter(pk=instance.unit_id).exists():
            return None
        return self.construct_edit_url(instance)


register_admin_url_finder(Question, QuestionAdminURLFinder)


class QuestionReaderMenuItem(MenuItem):
    """Shown to the unit's board and administrator, the oversight office and superusers (not to writers)."""

    def is_shown(self, request):
        return reading_units(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QuestionReaderMenuItem(
        _("Hỏi đáp – Phản ánh"),
        reverse("participation_questions:index"),
        icon_name="help",
        name="questions-queue",
        order=240,
    )


@hooks.register("register_reports_menu_item")
def register_concerns_menu_item():
    return QuestionReaderMenuItem(
        _("Tâm tư, nguyện vọng"), reverse("participation_questions:concerns"), icon_name="doc-full", name="concerns"
    )


@hooks.register("construct_homepage_panels")
def add_questions_panel(request, panels):
    panel = QuestionsPanel.for_request(request)
    if panel is not None:
        panels.append(panel)


@hooks.register("construct_homepage_summary_items")
def add_questions_summary_item(request, items):
    item = QuestionsSummaryItem(request)
    if item.is_shown():
        items.append(item)


@hooks.register("insert_global_admin_css")
def questions_admin_css():
    # Global: the dashboard panel uses it too.
    return format_html('<link rel="stylesheet" href="{}">', static("css/participation-admin.css"))
