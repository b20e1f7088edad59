# Translatable with its page (wagtail-localize offers its text with the page): existing rows take their page's locale.

import uuid

import django.db.models.deletion
from django.db import migrations, models


def set_translation_fields(apps, schema_editor):
    model = apps.get_model("organization.ScheduleEntry")
    Page = apps.get_model("wagtailcore", "Page")
    locales = dict(Page.objects.filter(pk__in=model.objects.values("page_id")).values_list("pk", "locale_id"))
    for row in model.objects.filter(translation_key__isnull=True).only("pk", "page_id"):
        row.translation_key = uuid.uuid4()
        row.locale_id = locales[row.page_id]
        row.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="scheduleentry",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="scheduleentry",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(set_translation_fields, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="scheduleentry",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="scheduleentry",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="scheduleentry",
            unique_together={("translation_key", "locale")},
        ),
    ]
