"""The tree's root page is titled “Trang gốc”: Wagtail names it “Root”, which the Vietnamese admin showed as the
first step of every page's breadcrumb."""

from django.db import migrations

VIETNAMESE, ENGLISH = "Trang gốc", "Root"


def rename(apps, old: str, new: str) -> None:
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=old).update(title=new, draft_title=new)


class Migration(migrations.Migration):
    dependencies = [("home", "0004_move_searchentry_to_search")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: rename(apps, ENGLISH, VIETNAMESE),
            lambda apps, schema_editor: rename(apps, VIETNAMESE, ENGLISH),
        )
    ]
