"""Move every unit portal to another base domain or port (a demo database to its production names); see `--help`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sites.hosts import HostMoveError, apply_move, plan_move, site_root_url


class Command(BaseCommand):
    help = (
        "Chuyển tên miền của mọi cổng thành phần sang tên miền gốc mới (ví dụ từ bản trình diễn sang tayninh.gov.vn): "
        "tỉnh/thành phố nằm trên tên miền gốc, mỗi đơn vị khác trên <mã định danh>.<tên miền của tỉnh/thành phố>. "
        "Không tạo lại cổng nào; chạy lại lần hai không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-domain",
            default=None,
            help=f"Tên miền gốc mới, ví dụ tayninh.gov.vn (mặc định PORTAL_BASE_DOMAIN={settings.PORTAL_BASE_DOMAIN})",
        )
        parser.add_argument(
            "--city-host",
            default=None,
            help="Tên miền của tỉnh/thành phố nếu khác tên miền gốc, ví dụ www.tayninh.gov.vn",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=None,
            help="Cổng lưu cho mọi cổng: 80 (http) hoặc 443 (https); mặc định giữ nguyên, cổng phát triển đổi về 80",
        )
        parser.add_argument(
            "--rewrite-custom",
            action="store_true",
            help="Đổi cả tên miền riêng nằm ngoài tên miền của tỉnh/thành phố về tên miền mặc định",
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in các thay đổi, không ghi gì")

    def handle(self, *args, **options):
        base_domain = options["base_domain"] if options["base_domain"] is not None else settings.PORTAL_BASE_DOMAIN
        try:
            plan = plan_move(base_domain, options["city_host"], options["port"], options["rewrite_custom"])
        except HostMoveError as error:
            raise CommandError("\n".join(error.messages)) from error
        width = max((len(self._name(move)) for move in plan.moves), default=0)
        for move in plan.moves:
            old = self._address(move.old_hostname, move.old_port)
            new = self._address(move.new_hostname, move.new_port)
            line = (
                f"  {self._name(move):<{width}}  {old} → {new}"
                if move.changed
                else f"  {self._name(move):<{width}}  {old} (không đổi)"
            )
            if move.note:
                line += f" — {move.note}"
            self.stdout.write(line)
        changes = plan.changes
        if not changes:
            self.stdout.write("Không có thay đổi.")
            return
        if options["dry_run"]:
            self.stdout.write(self.style.WARNING(f"Chạy thử: {len(changes)} cổng sẽ đổi, chưa ghi gì."))
            return
        other = apply_move(plan)
        for line in other:
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS(f"Đã chuyển {len(changes)} cổng; bộ nhớ đệm trang đã được làm mới."))
        top = next((move for move in plan.moves if move.unit is not None and move.unit.parent_id is None), None)
        if top is not None:
            self.stdout.write(f"Trang quản trị: {site_root_url(top.site)}/admin/")
        reminders = []
        if base_domain != settings.PORTAL_BASE_DOMAIN:
            reminders.append(f"PORTAL_BASE_DOMAIN={base_domain}")
        city_host = options["city_host"]
        if city_host and city_host != base_domain and not city_host.endswith("." + base_domain):
            reminders.append(f"ALLOWED_HOSTS (thêm {city_host} và .{city_host})")
        if reminders:
            self.stdout.write(
                self.style.WARNING(
                    "Đặt trong môi trường rồi khởi động lại máy chủ: "
                    + ", ".join(reminders)
                    + "; WAGTAILADMIN_BASE_URL theo địa chỉ trang quản trị trên."
                )
            )

    @staticmethod
    def _name(move) -> str:
        return move.unit.name if move.unit is not None else (move.site.site_name or move.old_hostname)

    @staticmethod
    def _address(hostname: str, port: int) -> str:
        """The stored pair as an operator reads it: the scheme a standard port stands for, else the port."""
        if port == 443:
            return f"https://{hostname}"
        if port == 80:
            return f"http://{hostname}"
        return f"http://{hostname}:{port}"
