"""StreamField blocks shared by the generic content pages. Editors never get raw HTML (DESIGN.md decision 6)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "h2", "h3", "h4", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Tiêu đề"), max_length=200)
    # The level is layout, not content: kept out of the search text, where its label would match every page.
    level = blocks.ChoiceBlock(
        label=_("Cấp"),
        choices=[("h2", _("Tiêu đề mục (H2)")), ("h3", _("Tiêu đề tiểu mục (H3)"))],
        default="h2",
        search_index=False,
    )

    class Meta:
        icon = "title"
        label = _("Tiêu đề mục")
        template = "blocks/heading_block.html"
        preview_value = {"text": "I. Vị trí địa lý", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Đoạn văn")
        template = "blocks/paragraph_block.html"
        preview_value = "<p>Phường có diện tích tự nhiên 4,8 km², dân số hơn 21.000 người, chia thành 7 khu phố.</p>"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Ảnh"))
    alt_text = blocks.CharBlock(
        label=_("Mô tả ảnh cho người khiếm thị"),
        max_length=255,
        help_text=_("Mô tả nội dung ảnh, ví dụ: “Trụ sở UBND phường nhìn từ đường Cách Mạng Tháng Tám”."),
    )
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=255)
    credit = blocks.CharBlock(label=_("Tác giả ảnh"), required=False, max_length=100)

    class Meta:
        icon = "image"
        label = _("Ảnh có chú thích")
        template = "blocks/captioned_image_block.html"

    def clean(self, value):
        value = super().clean(value)
        if value.get("alt_text", "").strip().lower() in {"anh", "ảnh", "image", "hinh", "hình", "photo"}:
            raise ValidationError(_("Mô tả ảnh cần nói ảnh thể hiện điều gì, không chỉ ghi “ảnh”."))
        return value


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Trích dẫn"))
    attribution = blocks.CharBlock(label=_("Người phát biểu / nguồn"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Trích dẫn")
        template = "blocks/quote_block.html"
        preview_value = {
            "text": "Lấy sự hài lòng của người dân làm thước đo hiệu quả phục vụ.",
            "attribution": "Chủ tịch UBND phường",
        }


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
