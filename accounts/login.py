"""The admin's sign-in form: Wagtail's, with the password field labelled through gettext.

Wagtail's `LoginForm` declares the password field without a label, so Django derives "Password" from the field's
name and the Vietnamese sign-in page showed that English word.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mật khẩu")
