"""The facts' own wording of a project's research partners, so a partner's department is shown
only on the projects whose facts name it; and researchers placed at an institution only because
it was listed first among several partners lose that placement (the facts did not pair them)."""

from django.db import migrations, models
from django.db.models import Count


def unplace_researchers(apps, schema_editor):
    Researcher = apps.get_model("projects", "Researcher")
    Project = apps.get_model("projects", "Project")
    for researcher in Researcher.objects.exclude(partner=None):
        projects = Project.objects.filter(researchers=researcher).annotate(
            partner_count=Count("research_partners")
        )
        if projects.exists() and not projects.filter(partner_count=1).exists():
            researcher.partner = None
            researcher.save(update_fields=["partner"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0020_canonical_source_addresses")]

    operations = [
        migrations.AddField(
            model_name="project",
            name="research_partner_wording",
            field=models.CharField(
                blank=True,
                help_text="The facts' own words for the partners (with a department where they "
                "name one): a partner's department is shown on this project only where these "
                "words give it.",
                max_length=500,
                verbose_name="research partners as the facts give them",
            ),
        ),
        migrations.RunPython(unplace_researchers, migrations.RunPython.noop),
    ]
