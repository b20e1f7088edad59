"""Write the page a database outage answers with, for every unit (home/outage.py), and remove those of hostnames no
unit has any more. Run after each deploy (the page links the portal's stylesheet by its collected name) and whenever
the pages should be rebuilt at once; a unit's page is also rewritten when its public pages render and when the unit or
its portal settings are saved."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from home.outage import snapshot_dir, write_all_pages


class Command(BaseCommand):
    help = "Write every unit's database-outage page under VAR_DIR/outage/."

    def handle(self, *args, **options):
        count = write_all_pages()
        self.stdout.write(f"{count} outage pages written to {snapshot_dir()}")
