"""Delegated administration: a unit administrator manages the accounts of their own unit.

“Quản trị đơn vị” invites people by e-mail (accounts/invitations.py: nobody types another person's password),
deactivates accounts and assigns that unit's roles (Biên tập viên, Ban Biên tập,
Quản trị đơn vị) — through these views only, never through Wagtail's global user and group permissions. The forms
offer nothing else: no superuser flag, no oversight group, no role of another unit. A user who is a superuser,
holding the oversight permission or a member of a unit the administrator does not administer cannot be opened (403).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from sites.access import administered_units, holds_oversight_permission
from sites.models import Unit, UnitGroup, UnitRole

from .invitations import INVITATION_DAYS, InvitationError, email_taken_message, invite, resend
from .models import Invitation

User = get_user_model()


def unit_members(unit: Unit) -> QuerySet:
    return User.objects.filter(groups__unit_role__unit=unit).distinct()


def why_not_manageable(acting_user, target, unit: Unit) -> str | None:
    """Why `acting_user` may not manage `target` as a member of `unit` (None: they may)."""
    if not unit_members(unit).filter(pk=target.pk).exists():
        return _("Tài khoản này không thuộc %(unit)s.") % {"unit": unit.name}
    if acting_user.is_superuser:
        return None
    if target.is_superuser:
        return _("Không thể quản lý tài khoản quản trị hệ thống.")
    if holds_oversight_permission(target):
        return _("Không thể quản lý tài khoản của nhóm giám sát.")
    own = administered_units(acting_user).values("pk")
    if UnitGroup.objects.filter(group__user=target).exclude(unit__in=own).exists():
        return _("Tài khoản này còn thuộc một đơn vị khác; chỉ quản trị hệ thống mới thay đổi được.")
    if target.groups.exclude(unit_role__unit__in=own).exists():
        return _("Tài khoản này thuộc một nhóm ngoài đơn vị; chỉ quản trị hệ thống mới thay đổi được.")
    return None


class RoleChoiceField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class UnitAccountForm(forms.Form):
    """The fields a unit administrator may set; roles are the unit's three roles and nothing else."""

    # Vietnamese names are family first: `first_name` holds the family and middle names, `last_name` the given
    # name, so that Django's and Wagtail's “first last” reads “Phạm Thị Thu Trang”.
    first_name = forms.CharField(
        label=gettext_lazy("Họ và tên đệm"), max_length=User._meta.get_field("first_name").max_length
    )
    last_name = forms.CharField(label=gettext_lazy("Tên"), max_length=User._meta.get_field("last_name").max_length)
    email = forms.EmailField(
        label=gettext_lazy("Thư điện tử công vụ"),
        help_text=gettext_lazy("Dùng để nhận thông báo phê duyệt và đặt lại mật khẩu."),
    )
    roles = RoleChoiceField(
        label=gettext_lazy("Vai trò trong đơn vị"),
        choices=UnitRole.choices,
        error_messages={
            "required": gettext_lazy("Chọn ít nhất một vai trò; để ngừng cho tài khoản làm việc, hãy khoá tài khoản."),
            "invalid_choice": gettext_lazy("Vai trò “%(value)s” không phải là vai trò của đơn vị này."),
        },
    )

    def __init__(self, *args, unit: Unit, acting_user, instance=None, **kwargs):
        self.unit = unit
        self.acting_user = acting_user
        self.instance = instance
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class UnitAccountInviteForm(UnitAccountForm):
    """Name, e-mail and roles of a person to invite; the account's username comes from the e-mail address."""

    field_order = ["first_name", "last_name", "email", "roles"]

    def clean_email(self) -> str:
        email = super().clean_email()
        problem = email_taken_message(email, self.unit)
        if problem:
            raise forms.ValidationError(problem)
        return email


class UnitAccountEditForm(UnitAccountForm):
    is_active = forms.BooleanField(
        label=gettext_lazy("Đang hoạt động"),
        required=False,
        help_text=gettext_lazy("Bỏ chọn để khoá tài khoản: người dùng không đăng nhập được nữa, dữ liệu vẫn giữ."),
    )
    new_password = forms.CharField(
        label=gettext_lazy("Đặt mật khẩu mới"),
        required=False,
        strip=False,
        widget=forms.PasswordInput,
        help_text=gettext_lazy("Để trống nếu không đổi."),
    )

    field_order = ["first_name", "last_name", "email", "roles", "is_active", "new_password"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk == self.acting_user.pk:
            if not cleaned.get("is_active", True):
                self.add_error("is_active", _("Bạn không thể tự khoá tài khoản của mình."))
            roles = cleaned.get("roles")
            if roles is not None and UnitRole.ADMIN not in roles and not self.acting_user.is_superuser:
                self.add_error("roles", _("Bạn không thể tự bỏ vai trò Quản trị đơn vị của mình."))
        password = cleaned.get("new_password")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except forms.ValidationError as error:
                self.add_error("new_password", error)
        return cleaned


def set_unit_roles(user, unit: Unit, roles: list[str]) -> None:
    """Make `roles` the user's roles in `unit`; groups outside the unit are left as they are."""
    groups = {ug.role: ug.group for ug in unit.role_groups.select_related("group")}
    user.groups.remove(*[group for role, group in groups.items() if role not in roles])
    user.groups.add(*[groups[role] for role in roles])


class UnitScopedMixin:
    """Resolves the unit from the URL and refuses (403) a unit the user does not administer."""

    @cached_property
    def unit(self) -> Unit:
        unit = get_object_or_404(Unit.objects.select_related("site"), pk=self.kwargs["unit_id"])
        if not administered_units(self.request.user).filter(pk=unit.pk).exists():
            raise PermissionDenied
        return unit

    def dispatch(self, request, *args, **kwargs):
        self.unit  # noqa: B018 - resolve (and refuse) before anything else runs
        return super().dispatch(request, *args, **kwargs)

    def unit_breadcrumbs(self, *items):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("unit_accounts:index"), "label": _("Tài khoản của đơn vị")},
            {"url": reverse("unit_accounts:unit", args=[self.unit.pk]), "label": self.unit.name},
            *items,
        ]


class AccountUnitsView(WagtailAdminTemplateMixin, TemplateView):
    """The units the user administers; with one unit, straight to its accounts."""

    template_name = "accounts/unit_accounts/units.html"
    page_title = gettext_lazy("Tài khoản của đơn vị")
    header_icon = "group"

    def get(self, request, *args, **kwargs):
        units = list(administered_units(request.user).order_by("name"))
        if not units:
            raise PermissionDenied
        if len(units) == 1:
            return redirect("unit_accounts:unit", units[0].pk)
        self.units = units
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "units": self.units}


class AccountListView(UnitScopedMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/unit_accounts/index.html"
    header_icon = "group"

    def get_page_title(self):
        return _("Tài khoản của %(unit)s") % {"unit": self.unit.name}

    def get_breadcrumbs_items(self):
        return [*self.unit_breadcrumbs()[:-1], {"url": "", "label": self.unit.name}]

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Mời tài khoản mới"), url=reverse("unit_accounts:create", args=[self.unit.pk]), icon_name="mail"
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        role_groups = UnitGroup.objects.filter(unit=self.unit)
        labels = dict(UnitRole.choices)
        members = (
            unit_members(self.unit)
            .prefetch_related(
                Prefetch("groups__unit_role", queryset=role_groups),
                Prefetch("invitations", queryset=Invitation.objects.filter(unit=self.unit), to_attr="unit_invitations"),
            )
            .order_by("-is_active", "first_name", "last_name", "username")
        )
        rows = []
        for member in members:
            roles = [
                labels[group.unit_role.role]
                for group in member.groups.all()
                if getattr(group, "unit_role", None) is not None and group.unit_role.unit_id == self.unit.pk
            ]
            # Not activated: no password set yet; the latest invitation says whether its link still works.
            invitation = None
            if not member.has_usable_password():
                invitation = member.unit_invitations[0] if member.unit_invitations else None
            rows.append(
                {"user": member, "roles": roles, "invited": not member.has_usable_password(), "invitation": invitation}
            )
        context.update(unit=self.unit, rows=rows)
        return context


class AccountCreateView(UnitScopedMixin, WagtailAdminTemplateMixin, FormView):
    """Invites a person into the unit: the account is created without a password and its owner sets one from the
    link e-mailed to them."""

    template_name = "accounts/unit_accounts/form.html"
    form_class = UnitAccountInviteForm
    page_title = gettext_lazy("Mời tài khoản mới")
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return self.unit_breadcrumbs({"url": "", "label": self.get_page_title()})

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.unit, "acting_user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            unit=self.unit,
            inviting=True,
            invitation_days=INVITATION_DAYS,
            action_url=reverse("unit_accounts:create", args=[self.unit.pk]),
            submit_button_label=_("Gửi lời mời"),
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user = invite(
                unit=self.unit,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                roles=data["roles"],
                invited_by=self.request.user,
            )
        except InvitationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Đã gửi lời mời tới %(email)s; tài khoản %(username)s hoạt động khi người được mời đặt mật khẩu.")
            % {"email": user.email, "username": user.username},
        )
        return redirect("unit_accounts:unit", self.unit.pk)

    def form_invalid(self, form):
        messages.validation_error(self.request, _("Chưa gửi được lời mời. Vui lòng sửa các lỗi bên dưới."), form)
        return super().form_invalid(form)


class InvitationResendView(UnitScopedMixin, View):
    """A new invitation link for an account of the unit that has not set its password (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        member = get_object_or_404(User, pk=self.kwargs["user_id"])
        reason = why_not_manageable(request.user, member, self.unit)
        if reason is not None:
            raise PermissionDenied(reason)
        try:
            resend(member, self.unit, request.user)
        except InvitationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã gửi lại lời mời tới %(email)s.") % {"email": member.email})
        return redirect("unit_accounts:unit", self.unit.pk)


class AccountEditView(UnitScopedMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "accounts/unit_accounts/form.html"
    form_class = UnitAccountEditForm
    header_icon = "user"

    @cached_property
    def member(self):
        member = get_object_or_404(User, pk=self.kwargs["user_id"])
        reason = why_not_manageable(self.request.user, member, self.unit)
        if reason is not None:
            raise PermissionDenied(reason)
        return member

    def dispatch(self, request, *args, **kwargs):
        self.unit  # noqa: B018 - the unit first (403 outside the user's units), then the account
        self.member  # noqa: B018
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Tài khoản %(username)s") % {"username": self.member.username}

    def get_breadcrumbs_items(self):
        return self.unit_breadcrumbs({"url": "", "label": self.member.get_username()})

    def get_initial(self):
        member = self.member
        return {
            "first_name": member.first_name,
            "last_name": member.last_name,
            "email": member.email,
            "is_active": member.is_active,
            "roles": list(self.unit.role_groups.filter(group__user=member).values_list("role", flat=True)),
        }

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "unit": self.unit,
            "acting_user": self.request.user,
            "instance": self.member,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            unit=self.unit,
            member=self.member,
            action_url=reverse("unit_accounts:edit", args=[self.unit.pk, self.member.pk]),
            submit_button_label=_("Lưu"),
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        member = self.member
        with transaction.atomic():
            member.first_name = data["first_name"]
            member.last_name = data["last_name"]
            member.email = data["email"]
            member.is_active = data["is_active"]
            if data.get("new_password"):
                member.set_password(data["new_password"])
            member.save()
            set_unit_roles(member, self.unit, data["roles"])
        saved = _("Đã lưu tài khoản %(username)s.")
        text = saved if member.is_active else _("Đã lưu và khoá tài khoản %(username)s.")
        messages.success(self.request, text % {"username": member.username})
        return redirect("unit_accounts:unit", self.unit.pk)

    def form_invalid(self, form):
        messages.validation_error(self.request, _("Chưa lưu được tài khoản. Vui lòng sửa các lỗi bên dưới."), form)
        return super().form_invalid(form)
