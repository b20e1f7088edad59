from django.db import migrations


class Migration(migrations.Migration):
    """The search index moves to the search app: only Django's record of the model leaves, the table and its rows
    stay (search.0001 takes them over under the same table name)."""

    dependencies = [
        ("home", "0003_searchentry"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SearchEntry")],
            database_operations=[],
        ),
    ]
