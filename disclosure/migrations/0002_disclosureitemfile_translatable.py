"""Item files become translatable (their display name is offered for translation with the item): the translation
key and locale are added nullable, filled from each file's page, then required (Wagtail's bootstrap pattern)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def fill_translation_fields(apps, schema_editor):
    DisclosureItemFile = apps.get_model("disclosure", "DisclosureItemFile")
    for item_file in DisclosureItemFile.objects.select_related("page"):
        item_file.translation_key = uuid.uuid4()
        item_file.locale_id = item_file.page.locale_id
        item_file.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosureitemfile",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="disclosureitemfile",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(fill_translation_fields, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="disclosureitemfile",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="disclosureitemfile",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(name="disclosureitemfile", unique_together={("translation_key", "locale")}),
    ]
