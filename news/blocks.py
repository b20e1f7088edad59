"""StreamField blocks of a news article. Editors never get raw HTML."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from home.blocks import CaptionedImageBlock, GalleryBlock, ParagraphBlock, QuoteBlock

# Articles get fewer features than generic pages: no headings above h3 inside news copy, no horizontal rules.
ARTICLE_TEXT_FEATURES = ["bold", "italic", "h3", "ol", "ul", "link", "document-link"]
_CELL_SEPARATOR = re.compile(r"\t|\s*\|\s*")


class ArticleParagraphBlock(ParagraphBlock):
    features = ARTICLE_TEXT_FEATURES

    class Meta:
        preview_value = (
            "<p>Sáng 12/5, UBND phường tổ chức ra quân tổng vệ sinh môi trường tại 7 khu phố, "
            "thu gom hơn 3 tấn rác thải.</p>"
        )


class DataTableBlock(blocks.StructBlock):
    """A table typed or pasted from a spreadsheet: one row per line, cells separated by tab or “|”."""

    caption = blocks.CharBlock(label=_("Tên bảng"), max_length=255, help_text=_("Ví dụ: Kết quả thu ngân sách quý I"))
    data = blocks.TextBlock(
        label=_("Dữ liệu"),
        help_text=_(
            "Dòng đầu là tiêu đề cột; mỗi dòng sau là một hàng; các ô cách nhau bằng phím Tab (dán từ Excel) "
            "hoặc dấu “|”."
        ),
    )

    class Meta:
        icon = "table"
        label = _("Bảng số liệu")
        template = "news/blocks/data_table_block.html"
        preview_value = {
            "caption": "Kết quả tiêm chủng mở rộng",
            "data": "Khu phố | Số trẻ | Đã tiêm\nKhu phố 1 | 120 | 118\nKhu phố 2 | 96 | 96",
        }

    @staticmethod
    def rows(data: str) -> list[list[str]]:
        return [
            [cell.strip() for cell in _CELL_SEPARATOR.split(line.strip())] for line in data.splitlines() if line.strip()
        ]

    def clean(self, value):
        value = super().clean(value)
        rows = self.rows(value.get("data", ""))
        if len(rows) < 2:
            raise blocks.StructBlockValidationError(
                {"data": ValidationError(_("Bảng cần một dòng tiêu đề cột và ít nhất một hàng dữ liệu."))}
            )
        width = len(rows[0])
        for number, row in enumerate(rows[1:], start=2):
            if len(row) != width:
                message = _("Dòng %(line)s có %(count)s ô, trong khi dòng tiêu đề có %(width)s cột.") % {
                    "line": number,
                    "count": len(row),
                    "width": width,
                }
                raise blocks.StructBlockValidationError({"data": ValidationError(message)})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        rows = self.rows(value.get("data", ""))
        context["headers"] = rows[0] if rows else []
        context["rows"] = rows[1:]
        return context


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Tài liệu"))
    title = blocks.CharBlock(
        label=_("Tên hiển thị"), required=False, max_length=255, help_text=_("Để trống để dùng tên tài liệu.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Tài liệu đính kèm")
        template = "news/blocks/attachment_block.html"


class VideoBlock(blocks.StructBlock):
    """A video uploaded to the portal (never an embed: nothing at run time calls another site)."""

    video = SnippetChooserBlock("news.MediaFile", label=_("Tệp video"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "news/blocks/video_block.html"

    def clean(self, value):
        value = super().clean(value)
        media = value.get("video")
        if media is not None and media.kind != "video":
            raise blocks.StructBlockValidationError(
                {"video": ValidationError(_("Tệp “%(title)s” không phải là video.") % {"title": media.title})}
            )
        return value


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ArticleParagraphBlock()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    table = DataTableBlock()
    attachment = AttachmentBlock()
    video = VideoBlock()
