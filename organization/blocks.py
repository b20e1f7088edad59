"""StreamField blocks of the organisation pages: history milestones, photo galleries and yearbook downloads."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from home.blocks import RICH_TEXT_FEATURES, DescribedImageBlock, GalleryImageBlock


class MilestoneBlock(DescribedImageBlock):
    """One step of a unit's history: when, what, a short text and an optional photo."""

    year = blocks.CharBlock(
        label=_("Năm / thời điểm"), max_length=40, help_text=_("Ví dụ: 1975, hoặc 12/2013 – 01/2014")
    )
    title = blocks.CharBlock(label=_("Sự kiện"), max_length=200)
    text = blocks.RichTextBlock(label=_("Nội dung"), features=RICH_TEXT_FEATURES, required=False)
    image = ImageChooserBlock(label=_("Ảnh"), required=False)
    alt_text = blocks.CharBlock(label=_("Mô tả ảnh cho người khiếm thị"), max_length=255, required=False)

    class Meta:
        icon = "date"
        label = _("Mốc lịch sử")
        template = "organization/blocks/milestone_block.html"
        preview_value = {
            "year": "2013",
            "title": "Thành lập Thành phố Tây Ninh",
            "text": "<p>Thị xã Tây Ninh được nâng cấp thành Thành phố Tây Ninh trực thuộc tỉnh.</p>",
        }


class YearbookBlock(blocks.StructBlock):
    """A yearbook (niên giám) or statistical report offered for download."""

    year = blocks.IntegerBlock(label=_("Năm"), min_value=1945, max_value=2100)
    title = blocks.CharBlock(label=_("Tên tài liệu"), max_length=255)
    document = DocumentChooserBlock(label=_("Tệp tải về"))

    class Meta:
        icon = "doc-full"
        label = _("Niên giám")
        template = "organization/blocks/yearbook_block.html"
        preview_value = {"year": 2025, "title": "Niên giám thống kê Thành phố Tây Ninh năm 2025"}


class MilestoneStreamBlock(blocks.StreamBlock):
    milestone = MilestoneBlock()


class GalleryStreamBlock(blocks.StreamBlock):
    image = GalleryImageBlock(template="organization/blocks/gallery_image_block.html")


class YearbookStreamBlock(blocks.StreamBlock):
    yearbook = YearbookBlock()
