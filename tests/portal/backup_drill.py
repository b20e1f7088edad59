"""The restore drill's side of the portal, run in its own process against its own database and folders
(tests/portal/test_backup.py sets PORTAL_VAR_DIR, and DATABASE_URL for PostgreSQL): never the pytest database.

    python -m tests.portal.backup_drill seed         a city and a ward: pages with revisions, legal documents with
                                                     attachments, an image and its rendition, a citizen's attachment
    python -m tests.portal.backup_drill hash         prints {"hash": …, "counts": …} of the content (see content_hash)
    python -m tests.portal.backup_drill write STOP   saves revisions of one page until the file STOP exists
                                                     (STOP.writing appears after the third)
    python -m tests.portal.backup_drill writes       prints the numbers of the writer's revisions and of the page's
                                                     latest revision
    python -m tests.portal.backup_drill mutate       changes content and adds a table, as work done after a backup
    python -m tests.portal.backup_drill migrations   exits 1 if a migration is not applied (`migrate --check`)

Several actions run in order in one process: `seed hash`, `mutate hash`, `hash migrations`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

WRITER_TITLE = "Lịch tiếp công dân, bản số "


def seed() -> None:
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from PIL import Image as PILImage
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    from demo.documents import load_demo as load_documents_demo
    from home.models import ContentPage
    from participation.models import Question
    from sites.provisioning import UnitSpec, provision_unit

    call_command("migrate", verbosity=0, interactive=False)
    city = provision_unit(UnitSpec(kind="city", name="Thành phố Tây Ninh", slug="tayninh")).unit
    ward = provision_unit(UnitSpec(kind="ward", name="Phường Ninh Sơn", slug="ninhson", parent_slug="tayninh")).unit
    with transaction.atomic():
        intro = ward.sections.get(key="intro").page
        page = intro.add_child(instance=ContentPage(title="Điều kiện tự nhiên", slug="dieu-kien-tu-nhien"))
        for number, text in enumerate(("Vị trí địa lý.", "Khí hậu nhiệt đới gió mùa.", "Dân số hơn 21.000 người.")):
            page.intro = text
            revision = page.save_revision()
            if number < 2:
                revision.publish()  # the third revision stays a draft: the latest revision is not the live one
        writer = intro.add_child(instance=ContentPage(title=f"{WRITER_TITLE}0", slug="lich-tiep-cong-dan"))
        writer.save_revision().publish()
        buffer = io.BytesIO()
        PILImage.new("RGB", (64, 48), (38, 110, 190)).save(buffer, format="PNG")
        image = Image(title="Trụ sở UBND phường", collection=ward.collection, file=ImageFile(buffer, name="tru-so.png"))
        image.save()
        image.get_rendition("fill-32x32")  # a rendition file and its row
        leaflet = Document(title="Tờ rơi tuyên truyền", collection=ward.collection)
        leaflet.file.save("to-roi.txt", ContentFile("Phòng chống sốt xuất huyết.".encode()), save=False)
        leaflet.save()
        question = Question(
            unit=ward,
            tracking_code="DRILL-0001",
            title="Hỏi về cấp giấy phép xây dựng",
            content="Nhà cấp 4 có cần xin phép?",
            sender_name="Nguyễn Văn An",
            consent_at=timezone.now(),
            deadline=timezone.localdate() + timedelta(days=15),
        )
        question.attachment.save("ban-ve.pdf", ContentFile(b"%PDF-1.4 ban ve nha"), save=False)
        question.save()
    load_documents_demo({"tayninh": city, "ninhson": ward})


def _file_sha256(storage, name: str) -> str | None:
    if not name:
        return None
    with storage.open(name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _tree_sha256(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def content_hash() -> dict:
    """One SHA-256 over the table names, pages (id, path, title, live, latest revision's content), revisions,
    documents' and images' file SHA-256, citizens' attachments and every file under MEDIA_ROOT and
    PRIVATE_MEDIA_ROOT."""
    from django.conf import settings
    from django.db import connection
    from wagtail.documents.models import Document
    from wagtail.images.models import Image, Rendition
    from wagtail.models import Page, Revision

    from documents.models import LegalDocumentAttachment
    from participation.models import Question

    pages = [
        [page.pk, page.path, page.title, page.live, page.latest_revision.content if page.latest_revision else None]
        for page in Page.objects.select_related("latest_revision").order_by("pk")
    ]
    revisions = [
        [row["pk"], row["content_type_id"], row["object_id"], row["content"], row["created_at"].isoformat()]
        for row in Revision.objects.order_by("pk").values("pk", "content_type_id", "object_id", "content", "created_at")
    ]
    documents = [
        [doc.pk, doc.file.name, _file_sha256(doc.file.storage, doc.file.name)]
        for doc in Document.objects.order_by("pk")
    ]
    attachments = list(LegalDocumentAttachment.objects.order_by("pk").values_list("pk", "document_id", "sha256"))
    images = [
        [image.pk, image.file.name, _file_sha256(image.file.storage, image.file.name)]
        for image in Image.objects.order_by("pk")
    ]
    renditions = list(Rendition.objects.order_by("pk").values_list("pk", "image_id", "filter_spec", "file"))
    questions = [
        [question.pk, question.attachment.name, _file_sha256(question.attachment.storage, question.attachment.name)]
        for question in Question.objects.order_by("pk")
    ]
    files = {
        "media": _tree_sha256(Path(settings.MEDIA_ROOT)),
        "private": _tree_sha256(Path(settings.PRIVATE_MEDIA_ROOT)),
    }
    content = {
        "tables": sorted(connection.introspection.table_names()),
        "pages": pages,
        "revisions": revisions,
        "documents": documents,
        "attachments": [list(row) for row in attachments],
        "images": images,
        "renditions": [list(row) for row in renditions],
        "questions": questions,
        "files": files,
    }
    body = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode()
    counts = {key: len(value) for key, value in content.items() if key != "files"}
    counts.update({f"{kind}_files": len(tree) for kind, tree in files.items()})
    return {"hash": hashlib.sha256(body).hexdigest(), "counts": counts}


def _writer_page():
    from home.models import ContentPage

    return ContentPage.objects.get(slug="lich-tiep-cong-dan")


def write_until(stop: Path) -> None:
    """An editor saving revisions while the backup runs: each save, in one transaction, adds revision n and points
    the page's latest revision at it."""
    from django.db import transaction

    number = 0
    while not stop.exists():
        number += 1
        with transaction.atomic():
            page = _writer_page()
            page.title = f"{WRITER_TITLE}{number}"
            page.save_revision()
        if number == 3:
            stop.with_suffix(".writing").touch()  # the test starts the backup now
        time.sleep(0.01)
    print(json.dumps({"written": number}))


def writes() -> dict:
    from wagtail.models import Revision

    page = _writer_page()
    numbers = sorted(
        int(revision.content["title"].removeprefix(WRITER_TITLE))
        for revision in Revision.objects.filter(object_id=str(page.pk), content_type_id=page.content_type_id)
    )
    latest = page.latest_revision.content["title"].removeprefix(WRITER_TITLE)
    return {"numbers": numbers, "latest": int(latest)}


def mutate() -> None:
    """Work done after the backup, which a restore must undo: an edit, a new page, a new file and a table a newer
    migration would have made."""
    from django.conf import settings
    from django.db import connection

    from home.models import ContentPage

    page = ContentPage.objects.get(slug="dieu-kien-tu-nhien")
    page.title = "Điều kiện tự nhiên (đã sửa sau sao lưu)"
    page.save_revision().publish()
    page.get_parent().add_child(instance=ContentPage(title="Trang mới sau sao lưu", slug="trang-moi"))
    (Path(settings.MEDIA_ROOT) / "documents" / "sau-sao-luu.txt").write_text("mới")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE drill_newer_migration (id integer PRIMARY KEY)")


def main(argv: list[str]) -> None:
    """Runs the actions in order in one process (one Django start-up): `seed hash`, `mutate hash`, `hash migrations`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    actions = list(argv)
    while actions:
        action = actions.pop(0)
        if action == "seed":
            seed()
        elif action == "hash":
            print(json.dumps(content_hash()), flush=True)
        elif action == "write":
            write_until(Path(actions.pop(0)))
        elif action == "writes":
            print(json.dumps(writes()), flush=True)
        elif action == "mutate":
            mutate()
        elif action == "migrations":
            from django.core.management import call_command

            call_command("migrate", check_unapplied=True)  # exits 1 if a migration is not applied
        else:
            raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    main(sys.argv[1:])
