from django.db import migrations


def load_fields(apps, schema_editor):
    from disclosure.procedure_fields import PROCEDURE_FIELDS

    ProcedureField = apps.get_model("disclosure", "ProcedureField")
    for order, (slug, name, name_en) in enumerate(PROCEDURE_FIELDS, start=1):
        ProcedureField.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]

    operations = [migrations.RunPython(load_fields, migrations.RunPython.noop)]
