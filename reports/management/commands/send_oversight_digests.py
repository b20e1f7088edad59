"""Send the oversight reminder mails: `--weekly` to each unit's board, `--monthly` to each unit's head and the office.

Run from cron (time zone Asia/Ho_Chi_Minh):
    0 7 * * 1   manage.py send_oversight_digests --weekly
    30 7 1 * *  manage.py send_oversight_digests --monthly
A second run for the same week or month sends nothing more (reports.digests.DigestSent).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from reports.digests import RunReport, send_monthly, send_weekly


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc việc giám sát cổng thông tin: --weekly (việc cần làm trong tuần, tới Ban Biên tập từng đơn vị) "
        "hoặc --monthly (tổng kết tháng trước, tới Thủ trưởng từng đơn vị và Phòng Nội vụ). Mỗi đơn vị chỉ nhận một "
        "thư cho mỗi tuần hoặc tháng, dù lệnh chạy lại."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--weekly", action="store_true", help="Thư việc cần làm trong tuần tới Ban Biên tập.")
        which.add_argument(
            "--monthly", action="store_true", help="Thư tổng kết tháng trước tới Thủ trưởng và Phòng Nội vụ."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ liệt kê ai sẽ nhận thư, không gửi, không ghi nhận."
        )
        parser.add_argument("--today", help="Coi hôm nay là ngày này (YYYY-MM-DD), để gửi bù hoặc thử.")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(f"Ngày không hợp lệ: “{options['today']}”. Ví dụ: 2026-12-07.") from error
        dry_run = options["dry_run"]
        runs = [send_weekly(today, dry_run)] if options["weekly"] else send_monthly(today, dry_run)
        for run in runs:
            self._print(run, dry_run)
        failed = sum(run.failed for run in runs)
        sent = sum(run.sent for run in runs)
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Chạy thử: không gửi thư nào."))
        elif failed:
            self.stdout.write(self.style.WARNING(f"Đã gửi {sent} thư, {failed} thư không gửi được."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Đã gửi {sent} thư."))

    def _print(self, run: RunReport, dry_run: bool) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"{run.kind} {run.period}"))
        for outcome in run.outcomes:
            if dry_run and outcome.would_send:
                self.stdout.write(f"  {outcome.label}: sẽ gửi tới {', '.join(outcome.would_send)}")
            elif outcome.sent:
                self.stdout.write(f"  {outcome.label}: đã gửi tới {', '.join(outcome.sent)}")
            elif outcome.skipped:
                self.stdout.write(f"  {outcome.label}: không gửi ({outcome.skipped})")
            for address, error in outcome.failed:
                self.stdout.write(self.style.ERROR(f"  {outcome.label}: không gửi được tới {address}: {error}"))
