from django.db import migrations

INDEX = "documents_legaldocumentpage_search_text_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite reads every row for LIKE '%…%' whatever its indexes
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without being a superuser.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON documents_legaldocumentpage USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    """PostgreSQL: a trigram (pg_trgm) GIN index on the documents' folded text, which the registry queries with
    `search_text LIKE '%term%'` once per term (documents/search.py, `apply_text`): the index finds the documents
    holding every term without reading the others. The query and its results are the same on SQLite, which has no
    such index; the index is not in the model state (makemigrations stays the same on both databases)."""

    dependencies = [("documents", "0003_reference_data")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
