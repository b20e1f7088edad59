"""Load the Tây Ninh demo (13 unit portals, their introductions and demo accounts); safe to run again."""

import time

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from demo.units import PASSWORD_ENV, DemoPassword, SeedReport, resolve_demo_password, seed_demo
from sites.models import UnitKind
from sites.provisioning import ProvisioningError


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu trình diễn: Thành phố Tây Ninh cùng 12 phường, xã, phòng chuyên môn, nội dung trang Giới "
        "thiệu và các tài khoản trình diễn. Chạy lại nhiều lần không tạo trùng và không ghi đè nội dung đã sửa. "
        f"Mật khẩu lấy từ biến môi trường {PASSWORD_ENV}, nếu không có thì sinh một lần và lưu trong thư mục var/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Cho phép chạy khi DEBUG=False (tạo tài khoản quản trị có mật khẩu đã biết – chỉ dùng để thử).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "seed_demo tạo tài khoản quản trị có mật khẩu đã biết nên chỉ chạy với cấu hình phát triển "
                "(DEBUG=True). Thêm --allow-production nếu thật sự muốn chạy trên cấu hình này."
            )
        started = time.perf_counter()
        password = resolve_demo_password()
        try:
            report = seed_demo(password.value)
        except ProvisioningError as error:
            raise CommandError("\n".join(error.messages)) from error
        elapsed = time.perf_counter() - started
        self._print_summary(report, password, elapsed, options["verbosity"])

    def _print_summary(self, report: SeedReport, password: DemoPassword, elapsed: float, verbosity: int) -> None:
        out = self.stdout
        out.write(self.style.MIGRATE_HEADING("Cổng thông tin điện tử trình diễn"))
        width = max(len(o.unit.name) for o in report.units)
        for outcome in report.units:
            unit = outcome.unit
            state = "mới tạo" if outcome.created else ("đã bổ sung" if outcome.changes else "không đổi")
            out.write(f"  {unit.name:<{width}}  {UnitKind(unit.kind).label:<18}  {unit.site.root_url}/  ({state})")
            for notice in outcome.notices:
                out.write(self.style.WARNING(f"      ! {notice}"))
            if verbosity > 1:
                for change in outcome.changes:
                    out.write(f"      - {change}")
        if report.content:
            out.write("")
            out.write(self.style.MIGRATE_HEADING("Nội dung trình diễn"))
            for line in report.content:
                out.write(f"  {line}")
        city = report.units[0].unit
        out.write("")
        out.write(self.style.MIGRATE_HEADING("Trang quản trị"))
        out.write(f"  {city.site.root_url}/admin/")
        stored = {o.unit.site.port for o in report.units} - {80, 443}
        if stored:
            # A database seeded by an older version, which stored the development port on its Sites.
            out.write(
                self.style.WARNING(
                    f"  Lưu ý: cơ sở dữ liệu đang lưu cổng (port) {', '.join(str(p) for p in sorted(stored))} cho các "
                    f"trang; chạy `manage.py move_hosts --base-domain {settings.PORTAL_BASE_DOMAIN}` để bỏ."
                )
            )
        out.write("")
        out.write(self.style.MIGRATE_HEADING("Tài khoản trình diễn (tên đăng nhập → vai trò → đơn vị)"))
        name_width = max(len(a.username) for a in report.accounts)
        role_width = max(len(a.role) for a in report.accounts)
        for account in report.accounts:
            unit_name = account.unit.name if account.unit else "Tất cả đơn vị"
            out.write(f"  {account.username:<{name_width}}  {account.role:<{role_width}}  {unit_name}")
        out.write("")
        if password.source == "env":
            out.write(f"Mật khẩu của mọi tài khoản: giá trị của biến môi trường {PASSWORD_ENV}.")
        else:
            note = "vừa sinh, lưu tại" if password.source == "new-file" else "lưu tại"
            out.write(f"Mật khẩu của mọi tài khoản: {password.value}  ({note} {password.path})")
        try:
            validate_password(password.value)
        except ValidationError as error:
            out.write(self.style.WARNING("Mật khẩu trình diễn yếu: " + " ".join(error.messages)))
        created = sum(o.created for o in report.units)
        new_accounts = sum(a.created for a in report.accounts)
        if not report.changed:
            verdict = "Dữ liệu trình diễn đã đầy đủ, không có thay đổi"
        elif created or new_accounts:
            verdict = f"Đã tạo {created} cổng và {new_accounts} tài khoản mới"
        else:
            verdict = "Đã bổ sung dữ liệu trình diễn còn thiếu"
        out.write(self.style.SUCCESS(f"{verdict} trong {elapsed:.1f} giây."))
