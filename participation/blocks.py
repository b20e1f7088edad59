"""Blocks of the draft consultation pages: the draft's files (the unit's own documents)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class DraftFileBlock(blocks.StructBlock):
    """One file of a draft (the draft itself, its statement, an impact report …) with the name readers see."""

    document = DocumentChooserBlock(label=_("Tệp"))
    title = blocks.CharBlock(
        label=_("Tên hiển thị"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Tờ trình dự thảo. Để trống để dùng tên tài liệu."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Tệp dự thảo")
        template = "participation/blocks/draft_file_block.html"
        preview_value = {"title": "Dự thảo Quy chế quản lý chợ"}


class DraftFilesBlock(blocks.StreamBlock):
    file = DraftFileBlock()
