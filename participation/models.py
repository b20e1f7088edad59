"""Citizens' voice: questions and feedback (with their processing history), draft consultations and ratings.

Every submission belongs to one unit (`UnitOwnedMixin`) and is read only by that unit's board and the oversight
office. Personal data (name, phone, e-mail, address, attachment) never leaves the admin.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from home.models import IntroBodyMixin
from search.text import fold
from sites.access import unit_for_page_on_request
from sites.models import Unit, UnitOwnedMixin
from workdays.calendar import today as local_today

from .blocks import DraftFilesBlock
from .consultation_forms import CommentModerationForm, ConsultationPageForm
from .rating_cookie import has_voted, survey_key
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

    # The unit administrator keeps the list of the unit's khu phố/ấp; the board and writers read it.
    unit_permissions = {"writer": ("view",), "board": ("view",), "admin": ("add", "change", "delete", "view")}

    class Meta:
        ordering = ["unit", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="participation_area_unique_name")]
        verbose_name = _("khu phố, ấp")
        verbose_name_plural = _("khu phố, ấp")

    def __str__(self) -> str:
        return self.name


class QuestionQuerySet(models.QuerySet):
    def published(self) -> QuestionQuerySet:
        """Questions whose answer the unit has published: what citizens may read."""
        return self.filter(status=Question.Status.PUBLISHED).exclude(kind=Question.Kind.INFORMATION_REQUEST)

    def of_unit(self, unit) -> QuestionQuerySet:
        return self.filter(unit=unit)


class Question(UnitOwnedMixin, models.Model):
    """A citizen's question, feedback (phản ánh) or petition (kiến nghị) and what the unit did with it."""

    # Only the unit's board and administrator process submissions (writers see none); the oversight office gets
    # “view” from provisioning. `participation/access.py` reads these through the unit's groups.
    unit_permissions = {"board": ("change", "view"), "admin": ("change", "view")}

    class Kind(models.TextChoices):
        QUESTION = "question", _("Câu hỏi")
        FEEDBACK = "feedback", _("Phản ánh")
        PETITION = "petition", _("Kiến nghị")
        # Law on Access to Information 2016 Art. 24: a request for information the unit has not disclosed. Sent from
        # the unit's disclosure page (disclosure.DisclosurePage), answered to the requester, never published.
        INFORMATION_REQUEST = "info_request", _("Yêu cầu cung cấp thông tin")

    class Delivery(models.TextChoices):
        """How the requester wants the information (Law on Access to Information 2016 Art. 24(2)(c))."""

        READ_IN_PLACE = "read", _("Đọc, xem, nghe, ghi chép tại trụ sở cơ quan")
        COPY_IN_PLACE = "copy", _("Nhận bản sao, bản chụp tại trụ sở cơ quan")
        POST = "post", _("Gửi bản sao qua dịch vụ bưu chính")
        EMAIL = "email", _("Gửi qua thư điện tử")

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
    # --- information requests only (Law on Access to Information 2016 Art. 24(2)) ---
    requester_id_number = models.CharField(_("số định danh cá nhân, căn cước hoặc hộ chiếu"), max_length=20, blank=True)
    request_purpose = models.TextField(_("lý do, mục đích yêu cầu"), blank=True)
    delivery = models.CharField(_("hình thức nhận thông tin"), max_length=8, choices=Delivery.choices, blank=True)
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

    # --- questions: public side ---
    # What the portal shows once published: the board's copy of the title and content with personal data (names,
    # house numbers, phones, ID numbers) taken out. Pre-filled from the citizen's text when answered; publishing
    # needs both, and the board's confirmation that they hold no personal data.
    public_title = models.CharField(_("tiêu đề công bố"), max_length=255, blank=True)
    public_content = models.TextField(_("nội dung công bố"), blank=True)
    # What the public listing matches, folded (participation.views): filled on save, from the public side only.
    search_text = models.TextField(editable=False, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["unit", "status", "deadline"]), models.Index(fields=["unit", "received_at"])]
        verbose_name = _("câu hỏi, phản ánh")
        verbose_name_plural = _("câu hỏi, phản ánh")

    def __str__(self) -> str:
        return f"{self.tracking_code} – {self.title}"

    def save(self, *args, **kwargs):
        self.fill_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"public_title", "public_content", "answer", "topic"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        return super().save(*args, **kwargs)

    # --- questions: public side (folded search text, published answers) ---

    def fill_search_text(self) -> None:
        """The folded text the public listing matches (the public title and content, the answer, the topic; never the
        citizen's own text): “dat dai” finds “Đất đai”."""
        parts = [self.public_title, self.public_content, self.answer]
        if self.topic_id:
            parts.append(self.topic.name)
        self.search_text = " ".join(fold(" ".join(p for p in parts if p)).split())

    @property
    def is_information_request(self) -> bool:
        return self.kind == self.Kind.INFORMATION_REQUEST

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_overdue(self) -> bool:
        """Not yet answered (received or assigned) after its deadline."""
        open_states = (self.Status.RECEIVED, self.Status.ASSIGNED)
        return self.status in open_states and self.deadline < local_today()


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


# --- questions: the public page ---


class QuestionIndexPage(RoutablePageMixin, IntroBodyMixin, Page):
    """Hỏi đáp – Phản ánh, kiến nghị: the unit's published answers (searchable, by topic), the form to send a
    question or feedback and the status lookup by tracking code. Never shows a sender's personal data."""

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "participation.ConsultationIndexPage",
        "participation.RatingPage",
        "home.SectionPage",
        "home.ContentPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("trang hỏi đáp, phản ánh")
        verbose_name_plural = _("trang hỏi đáp, phản ánh")

    # The routes import their views when called: participation.views imports these models.
    @path("")
    def listing(self, request):
        from .views import listing_view

        return listing_view(request, self)

    @path("<int:pk>/")
    def detail(self, request, pk: int):
        from .views import detail_view

        return detail_view(request, self, pk)

    @path("gui-cau-hoi/")
    def submit(self, request):
        from .views import submit_view

        return submit_view(request, self)

    @path("gui-cau-hoi/da-nhan/")
    def received(self, request):
        from .views import received_view

        return received_view(request, self)

    @path("tra-cuu/")
    def lookup(self, request):
        from .views import lookup_view

        return lookup_view(request, self)


# --- Satisfaction rating -------------------------------------------------------------------------------------------

SCORE_LABELS = {
    1: _("Không hữu ích"),
    2: _("Ít hữu ích"),
    3: _("Bình thường"),
    4: _("Hữu ích"),
    5: _("Rất hữu ích"),
}
SURVEY_LABELS = {
    1: _("Rất không hài lòng"),
    2: _("Không hài lòng"),
    3: _("Bình thường"),
    4: _("Hài lòng"),
    5: _("Rất hài lòng"),
}
# The public summary covers the current month and the months before it.
RESULT_MONTHS = 12


class RatingPage(IntroBodyMixin, Page):
    """“Đánh giá mức độ hài lòng” (Decree 224 Art. 10(3)(b)): the unit's survey about its portal's information and
    the public summary of what citizens answered (counts and averages per month; comments stay in the admin)."""

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels]

    parent_page_types = ["participation.QuestionIndexPage", "home.HomePage", "home.SectionPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("trang đánh giá mức độ hài lòng")
        verbose_name_plural = _("trang đánh giá mức độ hài lòng")

    @cached_property
    def unit(self) -> Unit | None:
        return Unit.for_page(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if "unit" not in self.__dict__:
            self.unit = unit_for_page_on_request(request, self)
        unit = self.unit
        ratings = PageRating.objects.filter(unit=unit) if unit else PageRating.objects.none()
        since = first_of_month(local_today(), months_back=RESULT_MONTHS - 1)
        context.update(
            already_answered=unit is not None and has_voted(request, survey_key(unit.pk)),
            rating_status=request.GET.get("danh-gia", ""),
            survey_labels=SURVEY_LABELS,
            results_since=since,
            **ratings.filter(month__gte=since).summary(SURVEY_LABELS),
        )
        return context


def first_of_month(day: dt.date, months_back: int = 0) -> dt.date:
    """The first day of the month `months_back` months before the month of `day`."""
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


class PageRatingQuerySet(models.QuerySet):
    def totals(self) -> dict:
        """{"count": n, "average": mean score or None}."""
        row = self.aggregate(count=Count("pk"), average=Avg("score"))
        return {"count": row["count"], "average": row["average"]}

    def distribution(self, labels: dict | None = None) -> list[dict]:
        """[{"score", "label", "count", "percent"}] for scores 5 down to 1, zeros included."""
        labels = labels or SCORE_LABELS
        counts = dict(self.order_by().values_list("score").annotate(n=Count("pk")))
        total = sum(counts.values())
        return [
            {
                "score": score,
                "label": labels[score],
                "count": counts.get(score, 0),
                "percent": round(100 * counts.get(score, 0) / total) if total else 0,
            }
            for score in range(5, 0, -1)
        ]

    def summary(self, survey_labels: dict) -> dict:
        """`survey_totals`, `page_totals`, `survey_distribution` and `monthly_results` of these ratings, as `totals`,
        `distribution` and `monthly_by_kind` compute them, from one query grouped by month, kind and score."""
        rows = list(self.order_by().values_list("month", "kind", "score").annotate(n=Count("pk")))

        def totals(kind: str) -> dict:
            count = sum(n for _month, row_kind, _score, n in rows if row_kind == kind)
            points = sum(score * n for _month, row_kind, score, n in rows if row_kind == kind)
            return {"count": count, "average": points / count if count else None}

        survey = PageRating.Kind.SURVEY
        scores: dict[int, int] = {}
        for _month, kind, score, n in rows:
            if kind == survey:
                scores[score] = scores.get(score, 0) + n
        total = sum(scores.values())
        months: dict[dt.date, dict] = {}
        for month, kind, score, n in rows:
            entry = months.setdefault(month, {"month": month, "survey": None, "page": None})
            cell = entry[kind] or {"count": 0, "points": 0}
            entry[kind] = {"count": cell["count"] + n, "points": cell["points"] + score * n}
        for entry in months.values():
            for kind in ("survey", "page"):
                if entry[kind]:
                    entry[kind] = {
                        "count": entry[kind]["count"],
                        "average": entry[kind]["points"] / entry[kind]["count"],
                    }
        return {
            "survey_totals": totals(survey),
            "page_totals": totals(PageRating.Kind.PAGE),
            "survey_distribution": [
                {
                    "score": score,
                    "label": survey_labels[score],
                    "count": scores.get(score, 0),
                    "percent": round(100 * scores.get(score, 0) / total) if total else 0,
                }
                for score in range(5, 0, -1)
            ],
            "monthly_results": [months[month] for month in sorted(months, reverse=True)],
        }

    def monthly_by_kind(self) -> list[dict]:
        """Newest month first: {"month", "survey": {count, average}, "page": {count, average}}."""
        rows = self.order_by().values("month", "kind").annotate(count=Count("pk"), average=Avg("score"))
        months: dict[dt.date, dict] = {}
        for row in rows:
            entry = months.setdefault(row["month"], {"month": row["month"], "survey": None, "page": None})
            entry[row["kind"]] = {"count": row["count"], "average": row["average"]}
        return [months[month] for month in sorted(months, reverse=True)]


class PageRating(UnitOwnedMixin, models.Model):
    """One anonymous answer: “Thông tin này có hữu ích không?” on a content page, or the portal survey.

    Nothing identifies the rater: no IP address, browser, account or exact time is stored (the day only, so a row
    cannot be matched against a web server's access log). One vote per page per browser is kept by a signed cookie
    on the citizen's side (participation/rating.py)."""

    class Kind(models.TextChoices):
        PAGE = "page", _("Đánh giá trang")
        SURVEY = "survey", _("Khảo sát về cổng")

    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices, default=Kind.PAGE)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("trang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Trống với phiếu khảo sát về cổng (hoặc khi trang đã bị xóa)."),
    )
    section = models.CharField(_("chuyên mục"), max_length=40, blank=True)
    month = models.DateField(_("tháng"))
    score = models.PositiveSmallIntegerField(_("điểm"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("góp ý"), max_length=1000, blank=True)
    created_on = models.DateField(_("ngày đánh giá"), auto_now_add=True)

    unit_permissions = {"board": ("view",), "admin": ("view",)}

    objects = PageRatingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_on", "-pk"]
        indexes = [models.Index(fields=["unit", "month", "section"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="participation_rating_score")
        ]
        verbose_name = _("lượt đánh giá")
        verbose_name_plural = _("lượt đánh giá")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.score}/5 – {self.month:%m/%Y}"


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

    parent_page_types = ["participation.QuestionIndexPage", "home.HomePage", "home.SectionPage"]
    subpage_types = ["participation.ConsultationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("chuyên mục lấy ý kiến dự thảo")
        verbose_name_plural = _("chuyên mục lấy ý kiến dự thảo")

    def get_context(self, request, *args, **kwargs):
        from .consultations import consultations_by_state  # consultations imports this module

        context = super().get_context(request, *args, **kwargs)
        context["groups"] = consultations_by_state(self, request=request)
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
