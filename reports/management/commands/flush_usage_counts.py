"""Write the page views counted in the cache to the database (reports/usage.py).

Run from cron every minute where `REDIS_URL` is set: each process also writes what it counted at most every
`PORTAL_USAGE_FLUSH_SECONDS`, but only when it serves a page; this writes the views of a quiet hour too.
    * * * * *   manage.py flush_usage_counts
Two runs at once are harmless: one flush at a time writes, the other writes nothing.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reports.usage import flush_buffered_views


class Command(BaseCommand):
    help = (
        "Ghi số lượt xem trang đang đếm trong bộ nhớ đệm (Redis) vào cơ sở dữ liệu. Chạy mỗi phút từ cron khi có "
        "REDIS_URL; không mất lượt xem nào nếu chạy trùng hoặc khi bộ nhớ đệm ngừng."
    )

    def handle(self, *args, **options):
        written = flush_buffered_views()
        if options["verbosity"] > 1:
            self.stdout.write(f"{written} lượt xem đã ghi.")
