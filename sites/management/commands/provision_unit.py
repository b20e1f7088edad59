"""Create (or complete) a unit portal from the command line; see `provision_unit --help`."""

import time

from django.core.management.base import BaseCommand, CommandError

from sites.models import UnitKind
from sites.provisioning import ProvisioningError, UnitSpec, provision_unit


class Command(BaseCommand):
    help = "Tạo cổng thành phần của một đơn vị với đủ chuyên mục theo quy định, nhóm biên tập và quy trình phê duyệt."

    def add_arguments(self, parser):
        # No argparse `choices`: the service explains a wrong kind in Vietnamese, as it does every other problem.
        parser.add_argument("--kind", required=True, help=f"Loại đơn vị: {', '.join(UnitKind.values)}")
        parser.add_argument("--name", required=True, help="Tên chính thức, ví dụ “Phường Ninh Sơn”")
        parser.add_argument("--name-en", default="", help="Tên tiếng Anh (mặc định theo loại: “Ninh Son Ward”)")
        parser.add_argument("--slug", required=True, help="Mã không dấu dùng trong tên miền, ví dụ ninhson")
        parser.add_argument("--parent", help="Mã định danh của đơn vị cấp trên")
        parser.add_argument("--code", default="", help="Mã đơn vị hành chính")
        parser.add_argument(
            "--hostname",
            help=(
                "Tên miền riêng (mặc định: đơn vị cấp cao nhất trên PORTAL_BASE_DOMAIN, đơn vị khác trên "
                "<mã>.<tên miền của tỉnh hoặc thành phố>)"
            ),
        )
        for name in ("address", "phone", "fax", "email", "responsible-person"):
            parser.add_argument(f"--{name}", default="")

    def handle(self, *args, **options):
        spec = UnitSpec(
            kind=options["kind"],
            name=options["name"],
            name_en=options["name_en"],
            slug=options["slug"],
            parent_slug=options["parent"],
            code=options["code"],
            hostname=options["hostname"],
            address=options["address"],
            phone=options["phone"],
            fax=options["fax"],
            email=options["email"],
            responsible_person=options["responsible_person"],
        )
        started = time.perf_counter()
        try:
            result = provision_unit(spec)
        except ProvisioningError as error:
            raise CommandError("\n".join(error.messages)) from error
        elapsed = time.perf_counter() - started
        unit = result.unit
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Đã tạo cổng {unit.name}: {unit.root_url}/ ({elapsed:.2f} s)"))
        elif result.changed:
            self.stdout.write(self.style.SUCCESS(f"Đã bổ sung cổng {unit.name}: {unit.root_url}/"))
        else:
            self.stdout.write(f"Cổng {unit.name} đã đầy đủ, không có thay đổi ({unit.root_url}/).")
        for change in result.changes:
            self.stdout.write(f"  - {change}")
