from django.db import migrations

INDEXES = {"home_searchentry_title_folded_trgm": "title_folded", "home_searchentry_text_folded_trgm": "text_folded"}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite reads every row for LIKE '%…%' whatever its indexes
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without being a superuser.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON home_searchentry USING gin ({column} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    """PostgreSQL: trigram (pg_trgm) GIN indexes on the folded title and text of the site search index, which the
    site search queries with `title_folded LIKE '%word%' OR text_folded LIKE '%word%'` once per word (search/pages.py,
    `match_entries`): PostgreSQL combines the two indexes (BitmapOr) per word and the words (BitmapAnd) instead of
    reading every entry. The query and its results are the same on SQLite, which has no such index; the indexes are
    not in the model state (makemigrations stays the same on both databases)."""

    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
