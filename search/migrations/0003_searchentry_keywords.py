"""Keywords (synonyms, strategy and partner names, measures) get a column of their own, indexed
like the body (weight C) but never used for a snippet: snippets come from prose. They come
before the body in the vector, where the lists used to start the body."""

from django.db import migrations, models


VECTOR = """
DROP INDEX IF EXISTS search_entry_vector;
ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector;
ALTER TABLE search_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', translate(title, '<>', '  ')), 'A') ||
    setweight(to_tsvector('english', translate(subtitle || ' ' || summary, '<>', '  ')), 'B') ||
    setweight(to_tsvector('english', translate(keywords || ' ' || body, '<>', '  ')), 'C')
) STORED;
CREATE INDEX search_entry_vector ON search_searchentry USING GIN (vector);
"""
PREVIOUS = """
DROP INDEX IF EXISTS search_entry_vector;
ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector;
ALTER TABLE search_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', translate(title, '<>', '  ')), 'A') ||
    setweight(to_tsvector('english', translate(subtitle || ' ' || summary, '<>', '  ')), 'B') ||
    setweight(to_tsvector('english', translate(body, '<>', '  ')), 'C')
) STORED;
CREATE INDEX search_entry_vector ON search_searchentry USING GIN (vector);
"""


def on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_search_vector")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="keywords",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(on_postgres(VECTOR), on_postgres(PREVIOUS)),
    ]
