"""StreamField blocks shared by the content pages, and the one rule for an image's description (alt text).
Editors never get raw HTML."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "h2", "h3", "h4", "ol", "ul", "link", "document-link", "hr"]

# Words that name the medium, not what the picture shows: a blind reader learns nothing from them.
GENERIC_ALT_TEXTS = frozenset({"anh", "ảnh", "image", "hinh", "hình", "photo", "picture"})
IMAGE_FILE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff", ".heic")
GENERIC_ALT_TEXT = _("Mô tả ảnh cần nói ảnh thể hiện điều gì, không chỉ ghi “ảnh”.")
FILE_NAME_ALT_TEXT = _("Mô tả ảnh cần nói ảnh thể hiện điều gì, không phải tên tệp ảnh.")


def alt_text_error(text: str, image=None) -> str | None:
    """Why `text` tells a blind reader nothing about `image`, or None. A word for “image” or a file name (the
    image's own, or any name ending in an image file extension) is refused; whether a blank text is allowed is the
    caller's rule."""
    folded = (text or "").strip().lower()
    if not folded:
        return None
    if folded in GENERIC_ALT_TEXTS:
        return GENERIC_ALT_TEXT
    file_name = PurePath(getattr(getattr(image, "file", None), "name", None) or "").name.lower()
    if folded.endswith(IMAGE_FILE_SUFFIXES) or (file_name and folded in {file_name, PurePath(file_name).stem}):
        return FILE_NAME_ALT_TEXT
    return None


class DescribedImageBlock(blocks.StructBlock):
    """A struct with an `image` and its `alt_text`: an image needs a description a blind reader can use."""

    def clean(self, value):
        value = super().clean(value)
        image, text = value.get("image"), value.get("alt_text", "")
        if image is not None and not text.strip():
            raise blocks.StructBlockValidationError(
                {"alt_text": ValidationError(_("Nhập mô tả ảnh cho người khiếm thị."))}
            )
        error = alt_text_error(text, image)
        if error:
            raise blocks.StructBlockValidationError({"alt_text": ValidationError(error)})
        return value


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
    """Rich text limited to `features` (no raw HTML)."""

    features = RICH_TEXT_FEATURES

    def __init__(self, **kwargs):
        kwargs.setdefault("features", self.features)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Đoạn văn")
        template = "blocks/paragraph_block.html"
        preview_value = "<p>Phường có diện tích tự nhiên 4,8 km², dân số hơn 21.000 người, chia thành 7 khu phố.</p>"


class GalleryImageBlock(DescribedImageBlock):
    """A photo with its description and an optional caption: one photo of a gallery (the news gallery lists them,
    the introduction pages' gallery streams them), and the base of the captioned image."""

    image = ImageChooserBlock(label=_("Ảnh"))
    alt_text = blocks.CharBlock(
        label=_("Mô tả ảnh cho người khiếm thị"),
        max_length=255,
        help_text=_("Mô tả nội dung ảnh, ví dụ: “Trụ sở UBND phường nhìn từ đường Cách Mạng Tháng Tám”."),
    )
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Ảnh trong bộ sưu tập")
        preview_value = {"alt_text": "Núi Bà Đen nhìn từ hồ Dầu Tiếng", "caption": "Núi Bà Đen mùa nước nổi"}


class CaptionedImageBlock(GalleryImageBlock):
    credit = blocks.CharBlock(label=_("Tác giả ảnh"), required=False, max_length=100)

    class Meta:
        label = _("Ảnh có chú thích")
        template = "blocks/captioned_image_block.html"


class GalleryBlock(blocks.StructBlock):
    """A titled set of photos with one credit line."""

    title = blocks.CharBlock(label=_("Tên bộ ảnh"), required=False, max_length=200)
    images = blocks.ListBlock(GalleryImageBlock(), label=_("Các ảnh"), min_num=2)
    credit = blocks.CharBlock(label=_("Tác giả ảnh"), required=False, max_length=100)

    class Meta:
        icon = "image"
        label = _("Bộ ảnh")
        template = "blocks/gallery_block.html"
        preview_value = {"title": "Hình ảnh ngày hội đại đoàn kết", "credit": "Minh Tâm"}


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
