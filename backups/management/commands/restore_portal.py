"""`manage.py restore_portal ARCHIVE --yes`: put the database, the media and the citizens' private files back from
an archive of `backup_portal`, after checking every SHA-256 of its manifest. Without --yes it only checks. With
SQLite, stop the portal's server processes first. See docs/operations.md, "Backup and restore"."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, check_restorable, read_manifest, restore_archive, verify_archive


class Command(BaseCommand):
    # A restore must run even when the current database is empty or broken: that is when it is needed.
    requires_system_checks = []
    help = (
        "Khôi phục cổng từ một bản sao lưu của backup_portal: THAY THẾ toàn bộ cơ sở dữ liệu, tệp media và tệp "
        "riêng tư. Không có --yes thì chỉ kiểm tra bản sao lưu. Với SQLite, dừng máy chủ cổng trước khi khôi phục."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Tệp portal-backup-….tar")
        parser.add_argument("--yes", action="store_true", help="Xác nhận thay thế dữ liệu hiện có bằng bản sao lưu")
        parser.add_argument("--list", action="store_true", help="Chỉ in nội dung tệp kê khai của bản sao lưu")

    def handle(self, *args, **options):
        archive = options["archive"]
        try:
            if options["list"]:
                self.describe(read_manifest(archive))
                return
            if not options["yes"]:
                manifest = verify_archive(archive)
                check_restorable(manifest)
                self.describe(manifest)
                raise CommandError(
                    "Bản sao lưu nguyên vẹn (mọi mã kiểm tra SHA-256 đều khớp). Khôi phục sẽ THAY THẾ toàn bộ cơ sở dữ "
                    "liệu, tệp media và tệp riêng tư hiện có: chạy lại với --yes để khôi phục."
                )
            result = restore_archive(archive, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Khôi phục xong từ {archive.name} (tạo lúc {result.manifest.created_at}).")
        )
        if result.caches_cleared:
            self.stdout.write(f"Đã xóa bộ nhớ đệm: {', '.join(result.caches_cleared)}.")
        if result.caches_failed:
            self.stdout.write(
                self.style.WARNING(
                    f"Không xóa được bộ nhớ đệm {', '.join(result.caches_failed)}: xóa tay (redis-cli FLUSHDB) "
                    "trước khi mở lại cổng, kẻo trang cũ còn hiện."
                )
            )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"Bản sao lưu cũ hơn mã nguồn ({len(result.pending_migrations)} migration chưa áp dụng): "
                    "chạy `manage.py migrate` trước khi mở lại cổng."
                )
            )

    def describe(self, manifest) -> None:
        data = manifest.data
        self.stdout.write(f"Bản sao lưu: {manifest.path}")
        self.stdout.write(f"  Tạo lúc: {data['created_at']}  mã nguồn: {data['portal'].get('commit') or 'không rõ'}")
        self.stdout.write(
            f"  Cơ sở dữ liệu: {manifest.engine} {data['database'].get('server_version', '')}, "
            f"{len(data['migrations'])} migration"
        )
        self.stdout.write(
            f"  Tệp: {data['counts']['media']} tệp media, {data['counts']['private']} tệp riêng tư, "
            f"{sum(member['size'] for member in data['members']) / 1_048_576:.1f} MB"
        )
