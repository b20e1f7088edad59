"""`manage.py backup_portal`: one archive of the database, the media and the citizens' private files, with a
manifest of SHA-256 sums (backups/archive.py); then the retention policy prunes older archives. Runs while the
portal serves. See docs/operations.md, "Backup and restore"."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.archive import (
    BackupError,
    archives_to_keep,
    create_backup,
    default_backup_dir,
    list_archives,
    prune_archives,
    read_manifest,
)


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Sao lưu cổng: cơ sở dữ liệu (bản chụp nhất quán, khi cổng vẫn chạy), tệp media và tệp riêng tư của người dân "
        "vào một tệp .tar có tệp kê khai SHA-256; sau đó xóa các bản cũ ngoài chính sách lưu giữ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            help="Thư mục chứa bản sao lưu (mặc định: PORTAL_BACKUP_DIR hoặc var/backups)",
        )
        parser.add_argument("--keep", type=positive, metavar="N", help="Giữ N bản mới nhất")
        parser.add_argument(
            "--keep-daily",
            type=positive,
            metavar="N",
            help="Giữ bản mới nhất của mỗi ngày, N ngày gần nhất có bản sao lưu",
        )
        parser.add_argument(
            "--keep-weekly",
            type=positive,
            metavar="N",
            help="Giữ bản mới nhất của mỗi tuần, N tuần gần nhất",
        )
        parser.add_argument(
            "--keep-monthly",
            type=positive,
            metavar="N",
            help="Giữ bản mới nhất của mỗi tháng, N tháng gần nhất",
        )
        parser.add_argument(
            "--list",
            action="store_true",
            help="Chỉ liệt kê các bản sao lưu có trong thư mục, không sao lưu",
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Chỉ xóa các bản ngoài chính sách lưu giữ, không sao lưu (bản sao ngoài máy)",
        )

    def handle(self, *args, **options):
        folder = options["output_dir"] or default_backup_dir()
        policy = {
            "keep": options["keep"],
            "daily": options["keep_daily"],
            "weekly": options["keep_weekly"],
            "monthly": options["keep_monthly"],
        }
        if options["list"]:
            self.list(folder, policy)
            return
        if options["prune"]:
            if not any(policy.values()):
                raise CommandError("--prune cần ít nhất một chính sách lưu giữ (--keep, --keep-daily, …).")
            self.prune(folder, policy)
            return
        try:
            archive = create_backup(folder, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Sao lưu xong: {archive}"))
        if any(policy.values()):
            self.prune(folder, policy)

    def prune(self, folder: Path, policy: dict) -> None:
        for path in prune_archives(folder, **policy):
            self.stdout.write(f"Đã xóa bản cũ ngoài chính sách lưu giữ: {path.name}")

    def list(self, folder: Path, policy: dict) -> None:
        archives = list_archives(folder)
        if not archives:
            self.stdout.write(f"Chưa có bản sao lưu nào trong {folder}.")
            return
        kept = archives_to_keep(archives, **policy) if any(policy.values()) else {path for path, _ in archives}
        self.stdout.write(f"{len(archives)} bản sao lưu trong {folder} (mới nhất trước):")
        for path, _moment in archives:
            try:
                manifest = read_manifest(path)
                about = (
                    f"{manifest.engine}, {manifest.data['counts']['media']} tệp media, "
                    f"{manifest.data['counts']['private']} tệp riêng tư"
                )
            except BackupError as error:
                about = f"HỎNG: {error}"
            mark = "" if path in kept else "  [sẽ bị xóa theo chính sách]"
            self.stdout.write(f"  {path.name}  {path.stat().st_size / 1_048_576:.1f} MB  {about}{mark}")
