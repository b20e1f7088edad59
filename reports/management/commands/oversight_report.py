"""`manage.py oversight_report --period 2026-11 --format csv|xlsx|json [--output FILE] [--unit slug]`: the oversight
report of a period as a file shaped for the yearly scoring (reports.oversight.exports)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from reports.oversight import exports, report
from reports.oversight.export_views import no_table, not_begun
from reports.oversight.periods import Period
from reports.oversight.scoring import NoScoreTable
from sites.models import Unit
from workdays.calendar import today as calendar_today


class Command(BaseCommand):
    help = (
        "Xuất báo cáo giám sát cổng thành phần của một kỳ (điểm, xếp hạng, tiêu chí chưa đạt) ra CSV, XLSX hoặc JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="Kỳ báo cáo: 2026-11 (tháng), 2026-Q4 (quý), 2026 (năm)")
        parser.add_argument("--format", required=True, choices=exports.FORMATS, help="Định dạng tệp")
        parser.add_argument("--output", help="Tệp ghi ra (mặc định: đầu ra chuẩn; bắt buộc với XLSX)")
        parser.add_argument(
            "--unit", help="Chỉ xuất một đơn vị (mã không dấu, ví dụ ninhson); hạng vẫn tính trên mọi đơn vị"
        )

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        today = calendar_today()
        if period.start > today:
            raise CommandError(not_begun(period))
        file_format = options["format"]
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(slug=options["unit"]).first()
            if unit is None:
                raise CommandError(_("Không có đơn vị có mã “%(slug)s”.") % {"slug": options["unit"]})
        output = options["output"]
        if output is None and file_format == "xlsx":
            raise CommandError(_("Tệp XLSX cần tên tệp ghi ra: hãy chỉ định --output."))

        # The bar goes to stderr on a terminal only, so a file piped from stdout stays clean.
        units = list(Unit.objects.select_related("site").order_by("name"))
        with tqdm(
            total=len(units) + 2,
            desc=_("Chấm điểm"),
            unit=_("bước"),
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
        ) as bar:
            try:
                result = report.build(period, units, today)
            except NoScoreTable as error:
                raise CommandError(no_table(error)) from error
            bar.update(1)
            if unit is not None:
                result = report.only(result, [unit.pk])
                bar.update(len(units) - len(result.units))
            bar.set_description(_("Ghi tệp"))
            content = exports.render(result, file_format, progress=lambda: bar.update(1))
            if output:
                Path(output).write_bytes(content)
            else:
                self.stdout.write(content.decode("utf-8"), ending="")
            bar.update(1)
        if output:
            self.stderr.write(
                _("Đã ghi %(path)s: %(count)d đơn vị, %(period)s.")
                % {"path": output, "count": len(result.units), "period": period.label}
            )
