"""Citizens' voice: questions and feedback (with their processing history), draft consultations and ratings.

Every submission belongs to one unit (`UnitOwnedMixin`) and is read only by that unit's board and the oversight
office. Personal data (name, phone, e-mail, address, attachment) never leaves the admin.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin

from sites.models import UnitOwnedMixin

from .storage import get_private_storage, private_attachment_path

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

    # Only the unit's board and administrator process submissions (writers see none); the oversight office gets
    # “view” from provisioning. `participation/access.py` reads these through the unit's groups.
    unit_permissions = {"board": ("change", "view"), "admin": ("change", "view")}

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
        _("tệp đính kèm"), blank=True, storage=get_private_storage, upload_to=private_attachment_path, max_length=255
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
