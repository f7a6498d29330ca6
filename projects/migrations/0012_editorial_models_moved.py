"""The revisions, the audit log and the content version now belong to the editorial app
(``editorial.0001``): dropped from this app's state only, their tables and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0011_per_award_facts_headline_caveats_rating_reasons"),
        ("editorial", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditEvent"),
                migrations.DeleteModel(name="ContentVersion"),
                migrations.DeleteModel(name="Revision"),
            ],
            database_operations=[],
        )
    ]
