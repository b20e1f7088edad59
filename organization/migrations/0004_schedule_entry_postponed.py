"""“Hoãn” (postponed) and “Hủy” (cancelled) become two statuses; until now one status, “Hoãn / hủy”, stood for both.

An existing “Hoãn / hủy” entry whose note or content says “hoãn” (and not “hủy”) was a postponement: it becomes
postponed; every other one stays cancelled, as the iCal feeds have announced it so far. Drafts and past revisions of
the week pages get the same reading, so publishing an older draft does not bring the old status back.
"""

import unicodedata

from django.db import migrations, models


def _says_postponed(note: str, content: str) -> bool:
    text = unicodedata.normalize("NFC", f"{note} {content}").lower()
    return "hoãn" in text and "hủy" not in text and "huỷ" not in text


def _split(apps, schema_editor):
    ScheduleEntry = apps.get_model("organization", "ScheduleEntry")
    postponed = [
        entry.pk
        for entry in ScheduleEntry.objects.filter(status="cancelled").only("pk", "note", "content")
        if _says_postponed(entry.note, entry.content)
    ]
    ScheduleEntry.objects.filter(pk__in=postponed).update(status="postponed")
    _rewrite_revisions(apps, lambda entry: "postponed" if _says_postponed(entry.get("note") or "", entry.get("content") or "") else "cancelled", "cancelled")


def _merge(apps, schema_editor):
    ScheduleEntry = apps.get_model("organization", "ScheduleEntry")
    ScheduleEntry.objects.filter(status="postponed").update(status="cancelled")
    _rewrite_revisions(apps, lambda entry: "cancelled", "postponed")


def _rewrite_revisions(apps, new_status, old_status: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="organization", model="workscheduleweekpage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator():
        entries = (revision.content or {}).get("entries") or []
        changed = False
        for entry in entries:
            if entry.get("status") == old_status:
                status = new_status(entry)
                changed = changed or status != old_status
                entry["status"] = status
        if changed:
            Revision.objects.filter(pk=revision.pk).update(content=revision.content)


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0003_shared_gallery_block"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name='scheduleentry',
            name='status',
            field=models.CharField(choices=[('planned', 'Theo kế hoạch'), ('changed', 'Điều chỉnh'), ('postponed', 'Hoãn'), ('cancelled', 'Hủy')], default='planned', help_text='“Điều chỉnh”: đổi giờ, địa điểm hay nội dung; “Hoãn”: dời sang thời gian chưa định; “Hủy”: không diễn ra.', max_length=20, verbose_name='tình trạng'),
        ),
        migrations.RunPython(_split, _merge),
    ]
