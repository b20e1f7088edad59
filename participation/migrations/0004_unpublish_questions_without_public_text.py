"""Published questions without the board's public text go back to “answered”: the portal would otherwise show the
citizen's own text (or nothing). The board reviews the pre-filled public copy and publishes again."""

from django.db import migrations


def unpublish(apps, schema_editor):
    Question = apps.get_model("participation", "Question")
    Question.objects.filter(status="published", public_title="").update(
        status="answered", published_at=None, search_text=""
    )
    Question.objects.filter(status="published", public_content="").update(
        status="answered", published_at=None, search_text=""
    )


class Migration(migrations.Migration):
    dependencies = [("participation", "0003_question_public_text")]

    operations = [migrations.RunPython(unpublish, migrations.RunPython.noop)]
