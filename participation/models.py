"""Citizens' voice: questions and feedback (with their processing history), draft consultations and ratings.

Every submission belongs to one unit (`UnitOwnedMixin`) and is read only by that unit's board and the oversight
office. Personal data (name, phone, e-mail, address, attachment) never leaves the admin.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from home.models import IntroBodyMixin
from sites.models import Unit, UnitOwnedMixin

from .blocks import DraftFilesBlock
from .forms import CommentModerationForm, ConsultationPageForm
from .storage import private_attachment_path, private_storage

DEFAULT_ANSWER_WORKING_DAYS = 15


class Topic(TranslatableMixin, models.Model):
    """A subject citizens ask about (đất đai, xây dựng, môi trường …), shared by every unit, with its answer time."""

    name = models.CharField(_("lĩnh vực"), max_length=120)
    answer_working_days = models.PositiveSmallIntegerField(
        _("thời hạn trả lời (ngày làm việc)"), default=DEFAULT_ANSWER_WORKING_DAYS
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("lĩnh vực hỏi đáp")
        verbose_name_plural = _("lĩnh vực hỏi đáp")

    def __str__(self) -> str:
        return self.name


class Area(UnitOwnedMixin, models.Model):
    """A neighbourhood of the unit (khu phố, ấp): where a question or a piece of feedback comes from."""

    name = models.CharField(_("khu phố, ấp"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["unit", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="participation_area_unique_name")]
        verbose_name = _("khu phố, ấp")
        verbose_name_plural = _("khu phố, ấp")

    def __str__(self) -> str:
        return self.name


class Question(UnitOwnedMixin, models.Model):
    """A citizen's question, feedback (phản ánh) or petition (kiến nghị) and what the unit did with it."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Câu hỏi")
        FEEDBACK = "feedback", _("Phản ánh")
        PETITION = "petition", _("Kiến nghị")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        ASSIGNED = "assigned", _("Đang xử lý")
        ANSWERED = "answered", _("Đã trả lời")
        PUBLISHED = "published", _("Đã công bố")
        REJECTED = "rejected", _("Không tiếp nhận")
        FORWARDED = "forwarded", _("Đã chuyển đơn vị khác")

    class Verification(models.TextChoices):
        PROOF_OF_WORK = "pow", _("Đã qua kiểm tra chống thư rác")
        NO_SCRIPT = "noscript", _("Gửi không có JavaScript")
        STAFF = "staff", _("Cán bộ nhập")

    tracking_code = models.CharField(_("mã tra cứu"), max_length=20, unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.QUESTION)
    topic = models.ForeignKey(
        Topic, verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("khu phố, ấp"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    content = models.TextField(_("nội dung"))
    attachment = models.FileField(
        _("tệp đính kèm"), blank=True, storage=private_storage, upload_to=private_attachment_path, max_length=255
    )

    sender_name = models.CharField(_("họ và tên người gửi"), max_length=120)
    sender_phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    sender_email = models.EmailField(_("thư điện tử"), blank=True)
    sender_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu cá nhân lúc"))
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    verification = models.CharField(
        _("kiểm tra chống thư rác"), max_length=16, choices=Verification.choices, default=Verification.PROOF_OF_WORK
    )

    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("ngày nhận"), auto_now_add=True)
    deadline = models.DateField(_("hạn trả lời"))
    assigned_subunit = models.ForeignKey(
        "organization.SubUnit",
        verbose_name=_("giao cho bộ phận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_official = models.ForeignKey(
        "organization.Official",
        verbose_name=_("giao cho cán bộ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(_("ngày trả lời"), null=True, blank=True)
    published_at = models.DateTimeField(_("ngày công bố"), null=True, blank=True)
    rejection_reason = models.TextField(_("lý do không tiếp nhận"), blank=True)
    forwarded_from = models.ForeignKey(
        "self",
        verbose_name=_("chuyển từ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forwarded_copies",
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["unit", "status", "deadline"]), models.Index(fields=["unit", "received_at"])]
        verbose_name = _("câu hỏi, phản ánh")
        verbose_name_plural = _("câu hỏi, phản ánh")

    def __str__(self) -> str:
        return f"{self.tracking_code} – {self.title}"


class QuestionEvent(models.Model):
    """One step in a question's history: received, assigned, an internal note, answered, published, rejected,
    forwarded. Kept when the question is forwarded to another unit (the copy links back to the original)."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Tiếp nhận")
        ASSIGNED = "assigned", _("Giao xử lý")
        NOTE = "note", _("Ghi chú nội bộ")
        ANSWERED = "answered", _("Trả lời")
        PUBLISHED = "published", _("Công bố")
        REJECTED = "rejected", _("Không tiếp nhận")
        FORWARDED = "forwarded", _("Chuyển đơn vị khác")
        FORWARDED_IN = "forwarded_in", _("Nhận từ đơn vị khác")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True, on_delete=models.SET_NULL
    )
    text = models.TextField(_("nội dung"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("các bước xử lý")


# --- Draft consultations (lấy ý kiến dự thảo) -------------------------------------------------------------------


class ConsultationState(models.TextChoices):
    UPCOMING = "upcoming", _("Sắp lấy ý kiến")
    OPEN = "open", _("Đang lấy ý kiến")
    CLOSED = "closed", _("Đã kết thúc")
    REPORTED = "reported", _("Đã có báo cáo tiếp thu")


class ConsultationIndexPage(IntroBodyMixin, Page):
    """“Lấy ý kiến dự thảo”: the unit's drafts, grouped by state (open, upcoming, closed, reported)."""

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels]

    # TODO(lead): add "participation.QuestionIndexPage" once the questions helper's page type is merged.
    parent_page_types = ["home.HomePage", "home.SectionPage"]
    subpage_types = ["participation.ConsultationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("chuyên mục lấy ý kiến dự thảo")
        verbose_name_plural = _("chuyên mục lấy ý kiến dự thảo")

    def get_context(self, request, *args, **kwargs):
        from .consultations import consultations_by_state  # consultations imports this module

        context = super().get_context(request, *args, **kwargs)
        context["groups"] = consultations_by_state(self)
        return context


class ConsultationPage(Page):
    """One draft put to the public: its text and files, who drafts it, where comments go, when they are accepted,
    the comments the board approved and, after closing, the report on how they were handled."""

    intro = models.TextField(
        _("tóm tắt dự thảo"), max_length=1000, help_text=_("Mục đích, phạm vi và những điểm mới chính của dự thảo.")
    )
    draft_text = RichTextField(_("toàn văn dự thảo"), features=RICH_TEXT_FEATURES, blank=True)
    files = StreamField(DraftFilesBlock(), verbose_name=_("tệp dự thảo"), blank=True)
    drafting_body = models.CharField(
        _("cơ quan chủ trì soạn thảo"), max_length=255, help_text=_("Ví dụ: Phòng Kinh tế, Hạ tầng và Đô thị")
    )
    receiving_address = models.CharField(_("địa chỉ nhận góp ý"), max_length=255, blank=True)
    receiving_email = models.EmailField(_("thư điện tử nhận góp ý"), blank=True)
    opens_at = models.DateTimeField(_("bắt đầu lấy ý kiến"))
    closes_at = models.DateTimeField(_("kết thúc lấy ý kiến"))
    report = RichTextField(
        _("báo cáo tổng hợp, tiếp thu, giải trình"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Công bố sau khi kết thúc lấy ý kiến: tổng hợp ý kiến và việc tiếp thu, giải trình."),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("draft_text"),
        index.SearchField("drafting_body"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("draft_text"),
        FieldPanel("files"),
        MultiFieldPanel(
            [FieldPanel("drafting_body"), FieldPanel("receiving_address"), FieldPanel("receiving_email")],
            heading=_("Cơ quan soạn thảo, nơi nhận góp ý"),
        ),
        MultiFieldPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Thời gian lấy ý kiến")),
        FieldPanel("report"),
    ]

    parent_page_types = ["participation.ConsultationIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ConsultationPageForm

    class Meta:
        verbose_name = _("dự thảo lấy ý kiến")
        verbose_name_plural = _("dự thảo lấy ý kiến")

    def state(self, now=None) -> str:
        """upcoming / open / closed / reported at `now` (default: the current time)."""
        now = now or timezone.now()
        if now < self.opens_at:
            return ConsultationState.UPCOMING
        if now < self.closes_at:
            return ConsultationState.OPEN
        return ConsultationState.REPORTED if self.report else ConsultationState.CLOSED

    @property
    def current_state(self) -> str:
        return self.state()

    @property
    def state_label(self) -> str:
        return ConsultationState(self.current_state).label

    def is_open(self, now=None) -> bool:
        return self.state(now) == ConsultationState.OPEN

    def serve(self, request, *args, **kwargs):
        from .consultations import serve_consultation  # consultations imports this module

        return serve_consultation(self, request, *args, **kwargs)


class ConsultationComment(UnitOwnedMixin, models.Model):
    """A citizen's comment on a draft: moderated by the unit's board before it shows; `response` says how it was
    handled (tiếp thu / giải trình). Contact data never leaves the admin, and writers do not see it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt, hiển thị")
        REJECTED = "rejected", _("Không duyệt")

    page = models.ForeignKey(
        ConsultationPage,
        verbose_name=_("dự thảo"),
        null=True,  # a deleted draft keeps its comments on record
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    organisation = models.CharField(_("cơ quan, tổ chức"), max_length=255, blank=True)
    content = models.TextField(_("nội dung góp ý"))
    show_name = models.BooleanField(_("công khai tên"), default=False)
    consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu cá nhân lúc"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    response = models.TextField(
        _("tiếp thu, giải trình"),
        blank=True,
        help_text=_("Ý kiến được tiếp thu thế nào, hoặc giải trình vì sao không."),
    )
    created_at = models.DateTimeField(_("ngày gửi"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("ngày duyệt"), null=True, blank=True)

    # Writers get nothing: the rows carry personal data. The oversight office gets “view” from provisioning. Nobody
    # in a unit deletes a citizen's comment (it is rejected instead): nothing submitted is lost.
    unit_permissions = {"board": ("change", "view"), "admin": ("change", "view")}
    base_form_class = CommentModerationForm

    panels = [
        FieldPanel("page", read_only=True),
        FieldPanel("content", read_only=True),
        MultiFieldPanel(
            [
                FieldPanel("name", read_only=True),
                FieldPanel("organisation", read_only=True),
                FieldPanel("email", read_only=True),
                FieldPanel("phone", read_only=True),
                FieldPanel("created_at", read_only=True),
            ],
            heading=_("Người góp ý"),
        ),
        FieldPanel("status"),
        FieldPanel("response"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["page", "status"])]
        verbose_name = _("ý kiến góp ý dự thảo")
        verbose_name_plural = _("ý kiến góp ý dự thảo")

    def __str__(self) -> str:
        return Truncator(self.content).chars(60)

    def clean(self):
        super().clean()
        if self.page_id and self.unit_id and Unit.for_page(self.page) != self.unit:
            raise ValidationError({"page": _("Dự thảo không thuộc đơn vị của ý kiến.")})

    @property
    def public_author(self) -> str:
        """What readers see as the author: the name (and organisation) only if the commenter chose so."""
        if self.show_name:
            parts = [part for part in (self.name, self.organisation) if part]
            if parts:
                return " – ".join(parts)
        return str(_("Ẩn danh"))
