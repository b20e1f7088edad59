"""Bring every unit's section tree up to date with the blueprint."""

from django.core.management.base import BaseCommand

from sites.blueprint import BLUEPRINT
from sites.provisioning import sync_all_units


class Command(BaseCommand):
    help = "Bổ sung các chuyên mục còn thiếu theo mẫu cho mọi đơn vị; không sửa nội dung đã biên tập."

    def handle(self, *args, **options):
        report = sync_all_units()
        total = 0
        for unit, changes in report.items():
            for change in changes:
                self.stdout.write(f"{unit.name}: {change}")
            total += len(changes)
        self.stdout.write(self.style.SUCCESS(f"Mẫu {BLUEPRINT.version}: {len(report)} đơn vị, {total} thay đổi."))
