from django.core.management.base import BaseCommand
from django.db import transaction

from search.pages import rebuild_entries


class Command(BaseCommand):
    help = "Rebuild the portal's folded search index (search.SearchEntry) from every live page of every unit."

    def handle(self, *args, **options):
        with transaction.atomic():
            written = rebuild_entries()
        self.stdout.write(f"Đã lập chỉ mục tìm kiếm cho {written} trang.")
