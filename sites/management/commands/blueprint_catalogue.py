"""Write docs/legal-catalogue.md from the blueprint (or, with --check, fail when it is out of date)."""

from django.core.management.base import BaseCommand, CommandError

from sites.catalogue import CATALOGUE_PATH, catalogue_markdown


class Command(BaseCommand):
    help = "Sinh tệp docs/legal-catalogue.md từ mẫu chuyên mục (sites/blueprint.py)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Chỉ kiểm tra tệp có khớp với mẫu không.")

    def handle(self, *args, check=False, **options):
        text = catalogue_markdown()
        current = CATALOGUE_PATH.read_text(encoding="utf-8") if CATALOGUE_PATH.exists() else ""
        if check:
            if current != text:
                raise CommandError(f"{CATALOGUE_PATH} không khớp với mẫu; chạy manage.py blueprint_catalogue.")
            self.stdout.write(self.style.SUCCESS("Danh mục khớp với mẫu."))
            return
        CATALOGUE_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {CATALOGUE_PATH}."))
