"""Last resort for an official with neither phone nor recovery codes: remove their two-factor devices, so that they
set up an authenticator again at the next sign-in (accounts/security.py); see `reset_two_factor --help`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.security import two_factor_required


class Command(BaseCommand):
    help = (
        "Đặt lại xác thực hai bước của một tài khoản: xóa ứng dụng xác thực và mã khôi phục đã đăng ký. "
        "Chỉ dùng sau khi đã xác minh người yêu cầu đúng là chủ tài khoản."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Tên đăng nhập của tài khoản cần đặt lại")

    def handle(self, *args, **options):
        username = options["username"]
        User = get_user_model()
        with transaction.atomic():
            user = User._default_manager.select_for_update().filter(**{User.USERNAME_FIELD: username}).first()
            if user is None:
                raise CommandError(f"Không có tài khoản nào có tên đăng nhập “{username}”.")
            app_count = TOTPDevice.objects.filter(user=user).count()
            codes = StaticToken.objects.filter(device__user=user).count()
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
        if not app_count and not codes:
            self.stdout.write(f"Tài khoản “{username}” chưa có thiết bị xác thực hai bước nào; không có gì để xóa.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã đặt lại xác thực hai bước của tài khoản “{username}”: "
                f"xóa {app_count} ứng dụng xác thực và {codes} mã khôi phục chưa dùng."
            )
        )
        if two_factor_required(user):
            self.stdout.write("Lần đăng nhập tới, tài khoản phải thiết lập lại ứng dụng xác thực trước khi làm việc.")
        else:
            self.stdout.write(
                "Tài khoản không bắt buộc xác thực hai bước: từ nay đăng nhập chỉ cần mật khẩu cho tới khi tự bật lại."
            )
