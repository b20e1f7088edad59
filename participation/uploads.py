"""A citizen's attachment (a photo or a PDF) is checked by what it contains and by its size, not by its name.

The registry's checker (documents/validators.py) belongs to a sibling content app, which participation may not
import; this one knows the three formats a citizen may send.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024
ALLOWED = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "pdf": "PDF"}
_MAGIC = {"JPEG": (b"\xff\xd8\xff",), "PNG": (b"\x89PNG\r\n\x1a\n",), "PDF": (b"%PDF-",)}


def _max_pixels() -> int:
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40_000_000)


def _image_is_whole(upload, kind: str) -> bool:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format != kind:
                return False
            width, height = image.size
            if width * height > _max_pixels():
                return False
            image.verify()  # reads the whole file, decoding nothing
    except Exception:  # Pillow raises many kinds on a broken file
        return False
    finally:
        upload.seek(0)
    return True


def check_attachment(upload) -> None:
    """ValidationError unless `upload` is a JPEG or PNG photo, or a PDF, of at most 10 MB, whose content is what its
    name says."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = ALLOWED.get(extension)
    if kind is None:
        raise ValidationError(
            _("Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF; tệp “%(name)s” không thuộc các định dạng này."),
            code="extension",
            params={"name": name},
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng."), code="empty", params={"name": name})
    if upload.size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _(
                "Tệp “%(name)s” (%(size)s) lớn hơn giới hạn 10 MB. Hãy chụp ảnh với kích thước nhỏ hơn hoặc nén "
                "tệp PDF rồi chọn lại."
            ),
            code="size",
            params={"name": name, "size": filesizeformat(upload.size)},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    matches = head.startswith(_MAGIC[kind])
    if matches and kind in ("JPEG", "PNG"):
        matches = _image_is_whole(upload, kind)
    if not matches:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không phải là %(format)s như phần mở rộng .%(extension)s cho biết."),
            code="content",
            params={"name": name, "format": kind, "extension": extension},
        )
