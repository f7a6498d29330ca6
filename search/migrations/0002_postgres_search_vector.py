"""Add the weighted search vector (title A, subtitle and summary B, body C) as a generated
column with a GIN index. PostgreSQL only: on SQLite the search tables stay unused.

Angle brackets become spaces first: PostgreSQL's parser would otherwise take "<script>alert"
for a tag and index none of it, where Whoosh indexes the words, as text."""

from django.db import migrations

VECTOR = """
ALTER TABLE search_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', translate(title, '<>', '  ')), 'A') ||
    setweight(to_tsvector('english', translate(subtitle || ' ' || summary, '<>', '  ')), 'B') ||
    setweight(to_tsvector('english', translate(body, '<>', '  ')), 'C')
) STORED;
CREATE INDEX search_entry_vector ON search_searchentry USING GIN (vector);
"""
DROP = """
DROP INDEX IF EXISTS search_entry_vector;
ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector;
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_tables")]

    operations = [migrations.RunPython(_on_postgres(VECTOR), _on_postgres(DROP))]
