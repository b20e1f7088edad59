"""The admin form that provisions a new unit portal in one step (“Tạo cổng thành phần”)."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .hosts import MAX_HOSTNAME_LENGTH
from .models import CONTRIBUTING_KINDS, Unit, UnitKind
from .provisioning import (
    ProvisioningError,
    ProvisionResult,
    UnitSpec,
    provision_unit,
    slug_taken_message,
)
from .signals import first_administrator_named
from .validators import validate_vietnamese_phone


def limit(field: str) -> int:
    """The length the unit's column holds: the form states no limit of its own."""
    return Unit._meta.get_field(field).max_length


class ParentUnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        return f"{unit.name} ({unit.site.hostname})"


def kind_choices() -> list:
    """The kinds in two groups: the state's units, then the organisations that contribute news to the city."""
    state = [(kind.value, kind.label) for kind in UnitKind if kind not in CONTRIBUTING_KINDS]
    contributing = [(kind.value, kind.label) for kind in UnitKind if kind in CONTRIBUTING_KINDS]
    return [
        ("", "---------"),
        (_("Cơ quan hành chính nhà nước"), state),
        (_("Tổ chức tham gia cung cấp tin (trực thuộc tỉnh, thành phố)"), contributing),
    ]


class UnitProvisioningForm(forms.Form):
    """Collects a `UnitSpec`; `provision()` runs the provisioning service and turns its refusals into form errors."""

    kind = forms.ChoiceField(
        label=_("Loại đơn vị"),
        choices=kind_choices,
        error_messages={"required": _("Chọn loại đơn vị."), "invalid_choice": _("Loại đơn vị không hợp lệ.")},
    )
    name = forms.CharField(
        label=_("Tên chính thức"),
        max_length=limit("name"),
        help_text=_("Ví dụ: Phường Ninh Sơn"),
        error_messages={
            "required": _("Chưa nhập tên chính thức của đơn vị."),
            "max_length": _("Tên đơn vị dài quá %(limit_value)s ký tự."),
        },
    )
    name_en = forms.CharField(
        label=_("Tên tiếng Anh"),
        max_length=limit("name_en"),
        required=False,
        help_text=_(
            "Dùng trên các trang tiếng Anh. Để trống thì phường, xã, thành phố, tỉnh có tên dạng “Ninh Son Ward” "
            "(Ủy ban Mặt trận Tổ quốc: “Vietnam Fatherland Front Committee of Tay Ninh City”)."
        ),
        error_messages={"max_length": _("Tên tiếng Anh dài quá %(limit_value)s ký tự.")},
    )
    slug = forms.CharField(
        label=_("Mã định danh"),
        max_length=limit("slug"),
        help_text=_("Chữ thường không dấu, chữ số và dấu gạch ngang; dùng trong tên miền, ví dụ: ninhson"),
        error_messages={
            "required": _("Chưa nhập mã định danh."),
            "max_length": _("Mã định danh dài tối đa %(limit_value)s ký tự."),
        },
    )
    parent = ParentUnitChoiceField(
        label=_("Đơn vị cấp trên"),
        queryset=Unit.objects.select_related("site").order_by("name"),
        required=False,
        help_text=_("Để trống với tỉnh hoặc thành phố cấp cao nhất."),
        error_messages={"invalid_choice": _("Đơn vị cấp trên không tồn tại.")},
    )
    code = forms.CharField(
        label=_("Mã đơn vị hành chính"),
        max_length=limit("code"),
        required=False,
        error_messages={"max_length": _("Mã đơn vị hành chính dài tối đa %(limit_value)s ký tự.")},
    )
    hostname = forms.CharField(
        label=_("Tên miền riêng"),
        max_length=MAX_HOSTNAME_LENGTH,
        required=False,
        help_text=_(
            "Để trống để dùng tên miền mặc định: tỉnh hoặc thành phố (đơn vị cấp cao nhất) nằm trên tên miền gốc "
            "của cổng, mỗi đơn vị khác trên <mã định danh>.<tên miền của tỉnh hoặc thành phố>."
        ),
        error_messages={"max_length": _("Tên miền dài tối đa %(limit_value)s ký tự.")},
    )
    address = forms.CharField(
        label=_("Địa chỉ"),
        max_length=limit("address"),
        required=False,
        error_messages={"max_length": _("Địa chỉ dài tối đa %(limit_value)s ký tự.")},
    )
    phone = forms.CharField(
        label=_("Điện thoại"),
        max_length=limit("phone"),
        required=False,
        validators=[validate_vietnamese_phone],
        error_messages={"max_length": _("Số điện thoại dài tối đa %(limit_value)s ký tự.")},
    )
    fax = forms.CharField(
        label=_("Fax"),
        max_length=limit("fax"),
        required=False,
        validators=[validate_vietnamese_phone],
        error_messages={"max_length": _("Số fax dài tối đa %(limit_value)s ký tự.")},
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ubnd@ninhson.gov.vn.")},
    )
    responsible_person = forms.CharField(
        label=_("Người chịu trách nhiệm nội dung"),
        max_length=limit("responsible_person"),
        required=False,
        help_text=_("Trưởng Ban Biên tập, ví dụ: Nguyễn Văn A – Phó Chủ tịch UBND phường"),
        error_messages={"max_length": _("Tên người chịu trách nhiệm dài tối đa %(limit_value)s ký tự.")},
    )

    # The first administrator, invited by e-mail with the unit (optional; the accounts app sends the invitation).
    first_admin_first_name = forms.CharField(
        label=_("Quản trị viên đầu tiên: họ và tên đệm"),
        max_length=150,
        required=False,
        help_text=_("Ví dụ: Nguyễn Văn"),
    )
    first_admin_last_name = forms.CharField(
        label=_("Quản trị viên đầu tiên: tên"), max_length=150, required=False, help_text=_("Ví dụ: An")
    )
    first_admin_email = forms.EmailField(
        label=_("Quản trị viên đầu tiên: thư điện tử"),
        required=False,
        help_text=_(
            "Người này nhận thư mời đặt mật khẩu với vai trò Quản trị đơn vị của cổng mới. Để trống cả ba ô để mời sau."
        ),
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: nguyenvanan@tanbinh.gov.vn.")},
    )

    def clean(self):
        cleaned = super().clean()
        named = any(cleaned.get(f"first_admin_{part}") for part in ("first_name", "last_name", "email"))
        if named:
            if not cleaned.get("first_admin_last_name") and "first_admin_last_name" not in self.errors:
                self.add_error("first_admin_last_name", _("Nhập tên của quản trị viên đầu tiên."))
            if not cleaned.get("first_admin_email") and "first_admin_email" not in self.errors:
                self.add_error("first_admin_email", _("Nhập thư điện tử để gửi lời mời cho quản trị viên đầu tiên."))
        return cleaned

    def to_spec(self) -> UnitSpec:
        data = self.cleaned_data
        return UnitSpec(
            kind=data["kind"],
            name=data["name"],
            name_en=data["name_en"].strip(),
            slug=data["slug"],
            parent_slug=data["parent"].slug if data["parent"] else None,
            code=data["code"].strip(),
            hostname=data["hostname"].strip() or None,
            address=data["address"].strip(),
            phone=data["phone"].strip(),
            fax=data["fax"].strip(),
            email=data["email"],
            responsible_person=data["responsible_person"].strip(),
        )

    def provision(self, invited_by=None) -> ProvisionResult | None:
        """Create the unit (and invite its first administrator, when named); on refusal add the messages as errors
        and return None (nothing is saved, no mail is sent)."""
        spec = self.to_spec()
        data = self.cleaned_data
        try:
            with transaction.atomic():
                result = provision_unit(spec)
                if not result.created:
                    # The service completes an existing unit; this is a create form, so a taken slug is an error
                    # and whatever the service touched is rolled back.
                    raise ProvisioningError([("slug", slug_taken_message(result.unit))])
                if data.get("first_admin_email"):
                    answered = first_administrator_named.send(
                        sender=Unit,
                        unit=result.unit,
                        first_name=data["first_admin_first_name"].strip(),
                        last_name=data["first_admin_last_name"].strip(),
                        email=data["first_admin_email"],
                        invited_by=invited_by,
                    )
                    if not answered:
                        raise ProvisioningError([("first_admin_email", _("Chưa có dịch vụ gửi lời mời."))])
        except ProvisioningError as error:
            for field_name, message in error.problems:
                self.add_error(field_name, message)
            return None
        return result


class UnitContactForm(forms.ModelForm):
    """The contact details a unit administrator keeps up to date (shown in the footer and on the contacts page)."""

    class Meta:
        model = Unit
        fields = ["address", "phone", "fax", "email", "responsible_person"]
        labels = {
            "address": _("Địa chỉ"),
            "phone": _("Điện thoại"),
            "fax": _("Fax"),
            "email": _("Thư điện tử"),
            "responsible_person": _("Người chịu trách nhiệm nội dung"),
        }
        help_texts = {
            "address": _("Ví dụ: Số 5 đường Bời Lời, khu phố Ninh Phúc, Phường Ninh Sơn"),
            "phone": _("Ví dụ: 0276 3821 111"),
            "fax": _("Để trống nếu đơn vị không dùng fax."),
            "email": _("Hộp thư công vụ của đơn vị, ví dụ: ubnd@ninhson.tayninh.gov.vn"),
            "responsible_person": _("Trưởng Ban Biên tập, ví dụ: Nguyễn Văn A – Phó Chủ tịch UBND phường"),
        }
        error_messages = {
            "address": {"max_length": _("Địa chỉ dài tối đa %(limit_value)s ký tự.")},
            "phone": {"max_length": _("Số điện thoại dài tối đa %(limit_value)s ký tự.")},
            "fax": {"max_length": _("Số fax dài tối đa %(limit_value)s ký tự.")},
            "email": {"invalid": _("Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ubnd@ninhson.gov.vn.")},
            "responsible_person": {"max_length": _("Tên người chịu trách nhiệm dài tối đa %(limit_value)s ký tự.")},
        }
