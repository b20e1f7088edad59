import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="home", target="search"):
    """The model's content type (and the permissions that point at it) follows the model to its new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=target, model="searchentry").exists():
        ContentType.objects.filter(app_label=source, model="searchentry").update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="search", target="home")


class Migration(migrations.Migration):
    """The search index, taken over from the home app: the table `home_searchentry` keeps its name and its rows
    (home.0003 created it, also on a fresh database), so this migration changes only Django's record of the model."""

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0004_move_searchentry_to_search"),
        ("sites", "0001_initial"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=255)),
                        ("text", models.TextField(blank=True)),
                        ("title_folded", models.CharField(db_index=True, max_length=255)),
                        ("text_folded", models.TextField(blank=True)),
                        ("last_published_at", models.DateTimeField(db_index=True, null=True)),
                        (
                            "content_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="contenttypes.contenttype",
                            ),
                        ),
                        (
                            "page",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="search_entry",
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="sites.unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "mục tìm kiếm",
                        "verbose_name_plural": "mục tìm kiếm",
                        "db_table": "home_searchentry",
                        "indexes": [models.Index(fields=["unit", "content_type"], name="home_search_unit_type")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
