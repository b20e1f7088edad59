"""The topics (lĩnh vực) citizens' questions and feedback are filed under, in Vietnamese and English, with their
answer time in working days (15 unless a topic's procedure says otherwise; superusers change them in the admin).

Rows are matched by name in their locale, so running it on a database that already has them adds nothing; each
topic's rows share a translation key derived from its Vietnamese name. The English locale is made when missing: the
portal always publishes in English too (Decree 42/2022 Art. 7(2)). Reversing keeps the rows: questions name them.
"""

import uuid

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant

# (Vietnamese, English, answer time in working days)
TOPICS = (
    ("Đất đai", "Land", 15),
    ("Xây dựng – Trật tự đô thị", "Construction and urban order", 15),
    ("Môi trường", "Environment", 15),
    ("Hộ tịch – Chứng thực", "Civil status and certification", 15),
    ("An sinh xã hội", "Social welfare", 15),
    ("Giáo dục", "Education", 15),
    ("Y tế", "Health", 15),
    ("Giao thông", "Transport", 15),
    ("An ninh trật tự", "Public security and order", 15),
    ("Thủ tục hành chính", "Administrative procedures", 15),
    ("Khác", "Other", 15),
)
KEY_NAMESPACE = uuid.UUID("0b8f5d3e-6a1c-4c57-9e2f-3d4a5b6c7d81")


def create_topics(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Topic = apps.get_model("participation", "Topic")
    vietnamese, _created = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    english, _created = Locale.objects.get_or_create(language_code="en")
    for locale, column in ((vietnamese, 0), (english, 1)):
        existing = set(Topic.objects.filter(locale=locale).values_list("name", flat=True))
        for order, row in enumerate(TOPICS, start=1):
            name = row[column]
            if name not in existing:
                Topic.objects.create(
                    name=name,
                    answer_working_days=row[2],
                    sort_order=order,
                    locale=locale,
                    translation_key=uuid.uuid5(KEY_NAMESPACE, f"topic:{row[0]}"),
                )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(create_topics, migrations.RunPython.noop)]
