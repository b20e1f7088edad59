"""The admin image upload form: images are checked by their pixel count before decoding, then by decoding them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

BROKEN_IMAGE = _("Tệp ảnh bị hỏng hoặc không đầy đủ nên không đọc được. Hãy lưu lại ảnh rồi tải lên lần nữa.")
TOO_MANY_PIXELS = _(
    "Ảnh có quá nhiều điểm ảnh (%(num_pixels)s, tối đa %(max_pixels_count)s). Hãy thu nhỏ ảnh rồi tải lên lại."
)


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, refusing from the header alone an image above WAGTAILIMAGES_MAX_IMAGE_PIXELS (Wagtail
    would decode it first), and refusing with a message an image that does not decode (Wagtail raises on it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["file_too_many_pixels"] = TOO_MANY_PIXELS

    def to_python(self, data):
        if data is not None and hasattr(data, "read") and self.max_image_pixels:
            self._check_header_size(data)
        try:
            return super().to_python(data)
        except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as error:
            raise ValidationError(BROKEN_IMAGE, code="broken_image") from error

    def _check_header_size(self, data) -> None:
        try:
            data.seek(0)
            with PILImage.open(data) as image:  # reads the header only
                width, height = image.size
        except Exception:  # not an image Pillow knows (SVG, garbage): Wagtail's own check answers
            return
        finally:
            data.seek(0)
        if width * height > self.max_image_pixels:
            raise ValidationError(
                TOO_MANY_PIXELS % {"num_pixels": width * height, "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels",
            )


class CheckedImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: the library, the chooser's upload tab and multiple upload all use it."""

    file = CheckedImageField(label=capfirst(get_image_model()._meta.get_field("file").verbose_name))
