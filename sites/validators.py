"""Validators of a unit's contact details: Vietnamese telephone numbers and the addresses of its official channels
on social networks (Decree 224 Art. 10(3): a portal names its official channels)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Spaces, dots, hyphens and brackets group the digits: “(0276) 3.822.170”, “0912-345-678”.
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
# After “+84” → “0”: a landline (0 + area code 2xx + 7–8 digits: 11 digits), a mobile (10 digits), or a 1800/1900
# number (8 or 10 digits).
_PHONE_DIGITS = re.compile(r"0\d{9,10}|1[89]00\d{4}(?:\d{2})?")

PHONE_MESSAGE = _(
    "Số điện thoại không hợp lệ. Nhập số cố định kèm mã vùng (ví dụ: 0276 3822 170), số di động 10 chữ số "
    "(ví dụ: 0912 345 678) hoặc số 1800/1900; có thể viết +84 thay cho số 0 đầu."
)


def validate_vietnamese_phone(value: str) -> None:
    """One Vietnamese telephone number, its digits grouped as people write them."""
    digits = _PHONE_SEPARATORS.sub("", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if not _PHONE_DIGITS.fullmatch(digits):
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")


@deconstructible
class OfficialChannelValidator:
    """An https address on the network's own domain (or one of its subdomains), naming a page rather than the
    network's home page: https://www.facebook.com/ubndninhson, https://zalo.me/1234567890, https://www.youtube.com/@x."""

    def __init__(self, network: str, domain: str, example: str):
        self.network = network
        self.domain = domain
        self.example = example

    def __call__(self, value: str) -> None:
        parts = urlsplit(value or "")
        host = (parts.hostname or "").lower()
        on_domain = host == self.domain or host.endswith("." + self.domain)
        if parts.scheme != "https" or not on_domain or parts.path.strip("/") == "" or parts.username:
            raise ValidationError(
                _(
                    "Địa chỉ %(network)s phải bắt đầu bằng https:// và thuộc %(domain)s, dẫn tới trang của đơn vị; "
                    "ví dụ: %(example)s"
                ),
                code="invalid_channel",
                params={"network": self.network, "domain": self.domain, "example": self.example},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, OfficialChannelValidator) and (self.network, self.domain, self.example) == (
            other.network,
            other.domain,
            other.example,
        )


FACEBOOK_VALIDATOR = OfficialChannelValidator("Facebook", "facebook.com", "https://www.facebook.com/ubndphuongninhson")
ZALO_VALIDATOR = OfficialChannelValidator("Zalo", "zalo.me", "https://zalo.me/1234567890123456789")
YOUTUBE_VALIDATOR = OfficialChannelValidator("YouTube", "youtube.com", "https://www.youtube.com/@ubndphuongninhson")
