"""News and announcements: section index pages, articles, categories, media files, syndication between units."""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from home.blocks import alt_text_error
from home.params import page_param, text_param
from languages.helpers import in_locale, is_alias, vietnamese_active
from sites.access import unit_for_request
from sites.models import Unit, UnitOwnedMixin, UnitSection, home_path

from .blocks import ArticleBodyBlock
from .forms import AnnouncementPushForm, NewsArticleForm, SyndicationProposalForm
from .media import sniff_media

OG_WIDTH, OG_HEIGHT = 1200, 630
# The renditions a news card shows (templates/news/includes/article_card.html), prefetched with every listing: a
# prefetched image whose renditions miss one of these renders that rendition again on every request.
LISTING_RENDITIONS = ("fill-240x135|format-webp", "fill-480x270|format-webp", "fill-800x450|format-webp")
PER_PAGE = 10


# --- Snippets ------------------------------------------------------------------------------------------------------


class NewsCategory(TranslatableMixin, UnitOwnedMixin):
    """A news category of one unit (“Kinh tế”, “An ninh – Trật tự”, …)."""

    name = models.CharField(_("tên chủ đề"), max_length=100)
    slug = models.SlugField(
        _("mã chủ đề"), max_length=100, allow_unicode=False, help_text=_("Chữ không dấu, ví dụ: kinh-te")
    )

    panels = [FieldPanel("unit"), FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("chủ đề tin")
        verbose_name_plural = _("chủ đề tin")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "locale", "slug"], name="unique_news_category_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        clash = NewsCategory.objects.filter(unit_id=self.unit_id, locale_id=self.locale_id, slug=self.slug)
        if self.unit_id and self.locale_id and clash.exclude(pk=self.pk).exists():
            raise ValidationError({"slug": _("Đơn vị đã có một chủ đề với mã “%(slug)s”.") % {"slug": self.slug}})


class MediaFile(UnitOwnedMixin):
    """An audio bulletin or a video uploaded to the portal, checked by content."""

    KIND_CHOICES = [("audio", _("Âm thanh")), ("video", _("Video"))]

    title = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="news/media/%Y/%m/")
    kind = models.CharField(_("loại"), max_length=10, choices=KIND_CHOICES, editable=False)
    mime_type = models.CharField(max_length=40, editable=False)
    transcript = models.TextField(
        _("nội dung bằng chữ"),
        blank=True,
        help_text=_("Lời của bản tin, cho người khiếm thính và người không nghe được (WCAG 1.2.1)."),
    )
    duration_seconds = models.PositiveIntegerField(_("thời lượng (giây)"), null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("unit"), FieldPanel("title"), FieldPanel("file"), FieldPanel("transcript")]

    class Meta:
        verbose_name = _("tệp âm thanh, video")
        verbose_name_plural = _("tệp âm thanh, video")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})" if self.kind else self.title

    def clean(self):
        super().clean()
        if not self.file:
            return
        sniffed = sniff_media(self.file)
        if sniffed is None:
            raise ValidationError(
                {"file": _("Tệp không phải âm thanh (WAV, MP3, OGG, FLAC, M4A) hoặc video (MP4, WebM) hợp lệ.")}
            )
        self.kind, self.mime_type = sniffed


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


# --- Page mixins ---------------------------------------------------------------------------------------------------


class SourceAttributionMixin(models.Model):
    """Original or aggregated content; aggregated content carries its source (IP law; seed item on press reuse)."""

    ORIGINAL, AGGREGATED = "original", "aggregated"
    SOURCE_KIND_CHOICES = [(ORIGINAL, _("Tin tự viết")), (AGGREGATED, _("Tin tổng hợp, trích đăng"))]

    source_kind = models.CharField(_("loại tin"), max_length=12, choices=SOURCE_KIND_CHOICES, default=ORIGINAL)
    source_name = models.CharField(_("tên nguồn"), max_length=255, blank=True, help_text=_("Ví dụ: Báo Tây Ninh"))
    source_url = models.URLField(_("đường dẫn bài gốc"), max_length=500, blank=True)
    source_date = models.DateField(_("ngày đăng bài gốc"), null=True, blank=True)

    source_panels = [
        MultiFieldPanel(
            [
                FieldPanel("source_kind"),
                FieldPanel("source_name"),
                FieldPanel("source_url"),
                FieldPanel("source_date"),
            ],
            heading=_("Nguồn tin"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def is_aggregated(self) -> bool:
        return self.source_kind == self.AGGREGATED

    def source_errors(self) -> dict[str, str]:
        if not self.is_aggregated:
            return {}
        errors = {}
        if not self.source_name.strip():
            errors["source_name"] = _("Tin tổng hợp phải ghi tên nguồn (ví dụ: Báo Tây Ninh).")
        if not self.source_url.strip():
            errors["source_url"] = _("Tin tổng hợp phải có đường dẫn tới bài gốc.")
        if self.source_date is None:
            errors["source_date"] = _("Tin tổng hợp phải ghi ngày đăng của bài gốc.")
        return errors


class AudioBulletinMixin(models.Model):
    """A radio bulletin read on the ward's loudspeakers, offered on the page with an accessible player."""

    audio_bulletin = models.ForeignKey(
        MediaFile,
        verbose_name=_("bản tin âm thanh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Bản tin phát thanh của đài truyền thanh cơ sở (tệp âm thanh)."),
    )

    audio_panels = [FieldPanel("audio_bulletin")]

    class Meta:
        abstract = True

    def audio_errors(self, unit: Unit | None) -> dict[str, str]:
        audio = self.audio_bulletin
        if audio is None:
            return {}
        if audio.kind != "audio":
            return {"audio_bulletin": _("Bản tin âm thanh phải là một tệp âm thanh, không phải video.")}
        if unit is not None and audio.unit_id != unit.pk:
            return {"audio_bulletin": _("Tệp âm thanh này thuộc đơn vị khác.")}
        return {}


# --- Pages ---------------------------------------------------------------------------------------------------------


class NewsIndexPage(RoutablePageMixin, Page):
    """A section of articles (news, direction, legal dissemination, recruitment, announcements)."""

    intro = models.TextField(_("lời dẫn"), blank=True, max_length=500)

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage", "home.SectionPage", "news.NewsIndexPage", "documents.LegalDocumentIndexPage"]
    subpage_types = ["news.NewsArticlePage", "news.NewsIndexPage"]

    class Meta:
        verbose_name = _("chuyên mục tin")
        verbose_name_plural = _("chuyên mục tin")

    # Listing

    def articles(self):
        """Live public articles anywhere under this section, pinned first then newest."""
        return NewsArticlePage.objects.live().public().descendant_of(self).order_by("-pinned", "-date", "-pk")

    @staticmethod
    def for_listing(queryset):
        """What a listing shows, prefetched: category, image with its listing rendition, the section."""
        images = get_image_model().objects.prefetch_renditions(*LISTING_RENDITIONS)
        return queryset.select_related("category").prefetch_related(Prefetch("featured_image", queryset=images))

    def filtered_articles(self, request):
        articles = self.articles()
        filters = {}
        category_slug = text_param(request.GET.get("chu-de"), NewsCategory._meta.get_field("slug").max_length)
        if category_slug:
            # The category named by its slug in either language, shown in the page's language; its articles by
            # translation key (an article may point to another language's row of its category).
            unit_categories = self.unit_categories()
            named = unit_categories.filter(slug=category_slug).values("translation_key")
            category = in_locale(unit_categories.filter(translation_key__in=named), self.locale_id).first()
            filters["category"] = category
            if category is None:
                articles = articles.none()
            else:
                articles = articles.filter(category__translation_key=category.translation_key)
        tag = text_param(request.GET.get("the"), Tag._meta.get_field("name").max_length)
        if tag:
            filters["tag"] = tag
            articles = articles.filter(tags__name=tag)
        month = parse_month(request.GET.get("thang", ""))
        if month:
            filters["month"] = month
            start, end = month_bounds(month)
            articles = articles.filter(date__gte=start, date__lt=end)
        return articles, filters

    def paginate(self, request, queryset):
        return Paginator(queryset, PER_PAGE).get_page(page_param(request.GET.get("page")))

    def month_archive(self) -> list[dict]:
        """Months with articles in this section, newest first, with their counts (one query)."""
        tz = timezone.get_current_timezone()
        rows = (
            self.articles()
            .order_by()
            .annotate(month=TruncMonth("date", tzinfo=tz))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )
        return [{"month": row["month"], "value": row["month"].strftime("%Y-%m"), "count": row["count"]} for row in rows]

    @cached_property
    def section_row(self) -> UnitSection | None:
        """The blueprint section this page is, with its unit (sections are recorded on their Vietnamese page; an
        English section finds its row by translation key); None for a news page that is no blueprint section."""
        return UnitSection.objects.filter(page__translation_key=self.translation_key).select_related("unit").first()

    def owner_unit(self) -> Unit | None:
        return self.section_row.unit if self.section_row is not None else Unit.for_page(self)

    def unit_categories(self):
        return NewsCategory.objects.filter(unit=self.owner_unit())

    def categories(self):
        """Categories of this section's articles, in the page's language (the Vietnamese row where untranslated)."""
        used = self.articles().order_by().values("category__translation_key")
        return in_locale(self.unit_categories().filter(translation_key__in=used), self.locale_id).order_by("name")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles, filters = self.filtered_articles(request)
        page_obj = self.paginate(request, self.for_listing(articles))
        context.update(
            page_obj=page_obj,
            articles=page_obj.object_list,
            filters=filters,
            month_archive=self.month_archive(),
            categories=self.categories(),
            subsections=self.get_children().live().public().type(NewsIndexPage).order_by("path"),
            **self.feed_context(request),
        )
        return context

    def feed_context(self, request=None) -> dict:
        """The section's RSS address and whether this is the news section of a unit with units under it."""
        row = self.section_row
        if row is None:
            return {"section_feed_url": "", "syndicated_url": ""}
        feed = reverse("news_feeds:section", args=[row.key])
        syndicated = ""
        request_unit = unit_for_request(request) if request is not None else None  # read with the site
        unit = request_unit if request_unit is not None and request_unit.pk == row.unit_id else row.unit
        if row.key == "news" and vietnamese_active() and unit.has_children:
            syndicated = self.url + self.reverse_subpage("syndicated_route")
        return {"section_feed_url": feed, "syndicated_url": syndicated}

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("tin-tu-cac-don-vi/")
    def syndicated_route(self, request):
        """“Tin từ các đơn vị”: articles of units the city's board approved, linking to each unit's own URL."""
        from .syndication import approved_for_unit, with_approved_articles  # news.syndication imports these models

        unit = Unit.for_page(self)
        if unit is None or not unit.children.exists():
            raise Http404
        page_obj = self.paginate(request, approved_for_unit(unit))
        proposals = with_approved_articles(page_obj.object_list)
        return self.render(
            request,
            context_overrides={"page_obj": page_obj, "proposals": proposals, "syndicated": True},
            template="news/news_index_syndicated.html",
        )


class NewsArticlePage(SourceAttributionMixin, AudioBulletinMixin, Page):
    """One article: sapo, featured image, structured body, category and tags, source and audio bulletin."""

    intro = models.TextField(
        _("sa-pô (tóm tắt)"),
        max_length=300,
        help_text=_("Một hoặc hai câu tóm tắt bài, tối đa 300 ký tự; hiển thị trong danh sách và khi chia sẻ."),
    )
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Ảnh ngang, tối thiểu 1200×630 điểm ảnh. Đặt tiêu điểm ảnh (focal point) trong thư viện ảnh để "
            "ảnh cắt đúng phần quan trọng."
        ),
    )
    featured_image_alt = models.CharField(
        _("mô tả ảnh đại diện"),
        max_length=255,
        help_text=_("Mô tả nội dung ảnh cho người khiếm thị, ví dụ: “Lãnh đạo phường trao quà cho hộ nghèo”."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("nội dung"))
    category = models.ForeignKey(
        NewsCategory, verbose_name=_("chủ đề"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = ClusterTaggableManager(through=NewsArticleTag, blank=True, verbose_name=_("từ khóa"))
    author = models.CharField(_("tác giả"), max_length=150, blank=True)
    photographer = models.CharField(_("ảnh"), max_length=150, blank=True, help_text=_("Người chụp ảnh"))
    date = models.DateTimeField(_("ngày đăng"), default=timezone.now)
    pinned = models.BooleanField(_("ghim lên đầu"), default=False, help_text=_("Tin ghim đứng đầu chuyên mục."))

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("date"),
        index.FilterField("category"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("featured_image"), FieldPanel("featured_image_alt")], heading=_("Ảnh đại diện")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldPanel("tags"),
                FieldRowPanel([FieldPanel("author"), FieldPanel("photographer")]),
                FieldRowPanel([FieldPanel("date"), FieldPanel("pinned")]),
            ],
            heading=_("Phân loại và tác giả"),
        ),
        *SourceAttributionMixin.source_panels,
        *AudioBulletinMixin.audio_panels,
    ]

    base_form_class = NewsArticleForm

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []
    # Read with the page when it is served (home/routing.py): its template shows all three.
    served_with = ("category", "featured_image", "audio_bulletin")

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")

    def clean(self):
        super().clean()
        errors: dict[str, str] = {}
        limit = self._meta.get_field("intro").max_length
        if self.intro and len(self.intro) > limit:
            errors["intro"] = _("Sa-pô dài %(count)s ký tự; tối đa %(limit)s ký tự.") % {
                "count": len(self.intro),
                "limit": limit,
            }
        image = self.featured_image
        if image is None:
            errors["featured_image"] = _("Bài viết phải có ảnh đại diện.")
        elif image.width < OG_WIDTH or image.height < OG_HEIGHT:
            errors["featured_image"] = _(
                "Ảnh đại diện chỉ có %(width)s×%(height)s điểm ảnh; cần tối thiểu 1200×630 để hiển thị rõ khi "
                "chia sẻ lên mạng xã hội."
            ) % {"width": image.width, "height": image.height}
        if not (self.featured_image_alt or "").strip():
            errors["featured_image_alt"] = _("Hãy mô tả ảnh đại diện cho người khiếm thị.")
        elif alt_error := alt_text_error(self.featured_image_alt, image):
            errors["featured_image_alt"] = alt_error
        errors.update(self.source_errors())
        unit = self.owning_unit()
        if self.category_id and unit is not None and self.category.unit_id != unit.pk:
            errors["category"] = _("Chủ đề “%(name)s” thuộc đơn vị khác; hãy chọn chủ đề của %(unit)s.") % {
                "name": self.category.name,
                "unit": unit.name,
            }
        errors.update(self.audio_errors(unit))
        if errors:
            raise ValidationError(errors)

    def owning_unit(self) -> Unit | None:
        """The unit of this article, also while it is being created (its path is not set yet)."""
        if not hasattr(self, "_owning_unit"):
            page = self if self.path else None
            if page is None:
                parent = getattr(self, "_parent_for_clean", None)
                page = parent
            self._owning_unit = Unit.for_page(page) if page is not None else None
        return self._owning_unit

    @property
    def section(self) -> Page:
        return self.get_parent()

    @cached_property
    def listing_page(self) -> Page | None:
        """The listing that filters by this article's category and tags: its section, unless the section is an
        untranslated parent copied into the English tree (an alias, which sends readers to the Vietnamese one) or
        is not live (being translated)."""
        section = self.get_parent()
        return None if section is None or not section.live or is_alias(section) else section

    @cached_property
    def tag_list(self) -> list:
        """The article's tags, read once (its head, its tag list and its related articles all show them)."""
        return list(self.tags.all())

    def related_articles(self, limit: int = 3):
        """Articles of the same unit sharing the category or a tag, newest first."""
        home = home_path(self)
        # In a preview the tags are an in-memory cluster (no `pk` lookups); tags typed there may not be saved yet.
        tag_ids = [tag.pk for tag in self.tag_list if tag.pk is not None]
        condition = Q(tags__in=tag_ids) if tag_ids else Q(pk__in=[])
        if self.category_id:
            condition |= Q(category_id=self.category_id)
        related_ids = (
            NewsArticlePage.objects.live()
            .public()
            .filter(path__startswith=home)
            .filter(condition)
            .exclude(pk=self.pk)
            .values("pk")
        )
        queryset = NewsArticlePage.objects.filter(pk__in=related_ids).order_by("-date", "-pk")[:limit]
        return NewsIndexPage.for_listing(queryset)

    def previous_next(self) -> tuple[NewsArticlePage | None, NewsArticlePage | None]:
        """The older and the newer article of the same section, by publication date."""
        siblings = NewsArticlePage.objects.live().public().sibling_of(self, inclusive=False)
        older = (
            siblings.filter(Q(date__lt=self.date) | Q(date=self.date, pk__lt=self.pk)).order_by("-date", "-pk").first()
        )
        newer = (
            siblings.filter(Q(date__gt=self.date) | Q(date=self.date, pk__gt=self.pk)).order_by("date", "pk").first()
        )
        return older, newer

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        older, newer = self.previous_next()
        context.update(related_articles=self.related_articles(), previous_article=older, next_article=newer)
        return context


# --- Syndication ---------------------------------------------------------------------------------------------------


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Từ chối")


class SyndicationProposal(UnitOwnedMixin):
    """A unit's proposal to show one of its articles on its parent unit's portal (“Tin từ các đơn vị”).

    `unit` is the proposing unit (it owns and lists its proposals); `target` is the parent unit whose board
    approves or rejects in its queue. Who proposed and who decided, and when, are recorded.
    """

    article = models.ForeignKey(
        NewsArticlePage, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="syndication_proposals"
    )
    target = models.ForeignKey(
        Unit, verbose_name=_("đề xuất lên"), on_delete=models.CASCADE, related_name="received_proposals", editable=False
    )
    note = models.TextField(_("lời nhắn cho Ban Biên tập cấp trên"), blank=True, max_length=1000)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING, editable=False
    )
    reason = models.TextField(_("lý do"), blank=True, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề xuất"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    proposed_at = models.DateTimeField(_("thời điểm đề xuất"), default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("thời điểm quyết định"), null=True, blank=True, editable=False)
    # What the board approved: the parent portal shows this revision, and a newer one goes back to its queue.
    approved_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("phiên bản được duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    panels = [FieldPanel("unit"), FieldPanel("article"), FieldPanel("note")]
    base_form_class = SyndicationProposalForm

    unit_permissions = {
        "writer": ("add", "view"),
        "board": ("add", "view", "delete"),
        "admin": ("add", "view", "delete"),
    }

    class Meta:
        verbose_name = _("đề xuất đăng lên cổng cấp trên")
        verbose_name_plural = _("đề xuất đăng lên cổng cấp trên")
        ordering = ["-proposed_at"]
        constraints = [models.UniqueConstraint(fields=["article", "target"], name="unique_syndication_proposal")]

    def __str__(self) -> str:
        return f"{self.article.title} → {self.target.name}" if self.target_id else str(self.article_id)

    def clean(self):
        super().clean()
        if not self.unit_id or not self.article_id:
            return
        unit = self.unit
        if unit.parent_id is None:
            raise ValidationError({"unit": _("%(unit)s không có cổng cấp trên để đề xuất.") % {"unit": unit.name}})
        self.target_id = unit.parent_id
        article = self.article
        if Unit.for_page(article) != unit:
            raise ValidationError({"article": _("Chỉ đề xuất được bài viết của chính %(unit)s.") % {"unit": unit.name}})
        if not article.live:
            raise ValidationError({"article": _("Bài viết chưa được xuất bản; hãy xuất bản trước khi đề xuất.")})
        existing = SyndicationProposal.objects.filter(article=article, target_id=self.target_id).exclude(pk=self.pk)
        if existing.exists():
            raise ValidationError({"article": _("Bài viết này đã được đề xuất lên cổng cấp trên.")})

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING

    @property
    def changed_since_approval(self) -> bool:
        """Approved, but the article's live revision is no longer the one approved (the unit changed it)."""
        article = self.article
        return (
            self.status == ProposalStatus.APPROVED
            and article.live
            and (self.approved_revision_id is None or self.approved_revision_id != article.live_revision_id)
        )

    @property
    def awaits_decision(self) -> bool:
        return self.is_pending or self.changed_since_approval


class AnnouncementPush(UnitOwnedMixin):
    """An announcement of a parent unit (the city) shown on the home page of every unit under it."""

    article = models.ForeignKey(
        NewsArticlePage, verbose_name=_("thông báo"), on_delete=models.CASCADE, related_name="pushes"
    )
    ends_on = models.DateField(
        _("hiển thị đến hết ngày"), null=True, blank=True, help_text=_("Để trống để hiển thị cho tới khi gỡ.")
    )
    pushed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    pushed_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now, editable=False)

    panels = [FieldPanel("unit"), FieldPanel("article"), FieldPanel("ends_on")]
    base_form_class = AnnouncementPushForm

    unit_permissions = {
        "writer": ("view",),
        "board": ("add", "change", "delete", "view"),
        "admin": ("add", "change", "delete", "view"),
    }

    class Meta:
        verbose_name = _("thông báo gửi các đơn vị")
        verbose_name_plural = _("thông báo gửi các đơn vị")
        ordering = ["-pushed_at"]

    def __str__(self) -> str:
        return self.article.title if self.article_id else ""

    def clean(self):
        super().clean()
        if not self.unit_id or not self.article_id:
            return
        if not self.unit.children.exists():
            raise ValidationError(
                {"unit": _("%(unit)s không có đơn vị trực thuộc để gửi thông báo.") % {"unit": self.unit.name}}
            )
        if Unit.for_page(self.article) != self.unit:
            raise ValidationError(
                {"article": _("Chỉ gửi được thông báo của chính %(unit)s.") % {"unit": self.unit.name}}
            )
        if not self.article.live:
            raise ValidationError({"article": _("Thông báo chưa được xuất bản; hãy xuất bản trước khi gửi.")})

    def is_active(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.ends_on is None or self.ends_on >= today


# --- Helpers -------------------------------------------------------------------------------------------------------


def parse_month(value: str) -> datetime.date | None:
    """“2026-05” → 1 May 2026; anything else → None."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(year, month, 1) if 2000 <= year <= 2100 and 1 <= month <= 12 else None
    except ValueError:
        return None


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    last_day = calendar.monthrange(month.year, month.month)[1]
    start = datetime.datetime(month.year, month.month, 1, tzinfo=tz)
    end = datetime.datetime(month.year, month.month, last_day, tzinfo=tz) + datetime.timedelta(days=1)
    return start, end
