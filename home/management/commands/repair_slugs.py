"""Give pages whose address lost its Vietnamese letters (`phng-ninh-sn-…`, `quyet-inh-…`) the transliterated one.

Only a slug that is Wagtail's lossy transliteration of the page's title is changed (`home.slugs.has_wagtail_slug`); a
slug an editor chose is left alone. The change is published at once without a new revision: the page row gets the new
slug (Wagtail updates the descendants' paths), and its latest and live revisions get it too, so publishing the draft
later or reverting to the live version keeps the new address; the page's live/draft state and every other field stay
as they were. The old address answers with a permanent redirect (wagtail.contrib.redirects, on the page's site).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from home.slugs import has_wagtail_slug, slugify_vietnamese, unique_sibling_slug


class Command(BaseCommand):
    help = "Repair page slugs that lost their Vietnamese letters and redirect the old addresses to the pages."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would change; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        # Below the unit home pages (a site root's slug is not in any address), parents before their children.
        pages = Page.objects.filter(depth__gt=2).order_by("path").only("title", "slug")
        candidates = [page.pk for page in pages if has_wagtail_slug(page)]
        repaired = 0
        for pk in candidates:
            page = Page.objects.get(pk=pk).specific
            new_slug = unique_sibling_slug(page, slugify_vietnamese(page.title))
            if new_slug == page.slug:
                continue
            old_url = page.get_url() or page.url_path
            if dry_run:
                self.stdout.write(f"Sẽ sửa: {old_url} → {new_slug}")
            else:
                with transaction.atomic():
                    self.repair(page, new_slug)
                self.stdout.write(f"Đã sửa: {old_url} → {page.get_url() or page.url_path}")
            repaired += 1
        if dry_run:
            self.stdout.write(f"Chạy thử: {repaired} trang cần sửa địa chỉ; chưa thay đổi gì.")
        else:
            self.stdout.write(f"Đã sửa địa chỉ của {repaired} trang.")

    @staticmethod
    def repair(page: Page, new_slug: str) -> None:
        old_slug = page.slug
        old_parts = page.get_url_parts()
        page.slug = new_slug
        page.save(clean=False, update_fields=["slug", "url_path"])
        for revision in {page.latest_revision, page.live_revision} - {None}:
            if revision.content.get("slug") == old_slug:
                revision.content["slug"] = new_slug
                revision.content["url_path"] = page.url_path
                revision.save(update_fields=["content"])
        if old_parts is not None:
            site_id, _root_url, old_path = old_parts
            Redirect.objects.update_or_create(
                site_id=site_id,
                old_path=Redirect.normalise_path(old_path),
                defaults={"redirect_page": page, "redirect_link": "", "is_permanent": True},
            )
