"""Addresses whose host ends in a dot ("https://ojp.gov./...") become the same address without
it, as the importer now stores them; where both spellings were stored, the dotted record's links
move to the other and the dotted record goes (a reader saw the same document twice)."""

import re
from urllib.parse import urlsplit, urlunsplit

from django.db import migrations

_NETLOC = re.compile(r"(?P<user>[^@/]*@)?(?P<host>[^:@/\[\]]+?)\.+(?P<port>:\d+)?")


def _canonical(url):
    # A copy of projects.models.canonical_address: a migration must not change with the code.
    parts = urlsplit(url)
    match = _NETLOC.fullmatch(parts.netloc)
    if match is None:
        return url
    netloc = f"{match['user'] or ''}{match['host']}{match['port'] or ''}"
    return urlunsplit(parts._replace(netloc=netloc))


def _dotted(model):
    return [
        (row, _canonical(row.url))
        for row in model.objects.filter(url__contains=".")
        if row.url and _canonical(row.url) != row.url
    ]


def forwards(apps, schema_editor):
    Source = apps.get_model("projects", "Source")
    Resource = apps.get_model("projects", "Resource")
    for source, url in _dotted(Source):
        kept = Source.objects.filter(url=url).first()
        if kept is None:
            source.url = url
            source.save(update_fields=["url"])
            continue
        # Every record pointing at the dotted source (projects, outcomes, copies, ratings,
        # lessons) points at the kept one instead.
        # (include_hidden: the ratings' sources have no reverse name; a many-to-many table's
        # own rows are moved through the many-to-many relation itself.)
        relations = [
            r
            for r in Source._meta.get_fields(include_hidden=True)
            if r.auto_created and not r.concrete and not r.related_model._meta.auto_created
        ]
        for relation in relations:
            name = relation.field.name
            if relation.many_to_many:
                for row in relation.related_model.objects.filter(**{name: source}):
                    getattr(row, name).add(kept)
            else:
                relation.related_model.objects.filter(**{name: source}).update(**{name: kept})
        source.delete()
    for resource, url in _dotted(Resource):
        kept = Resource.objects.filter(url=url).first()
        if kept is None:
            resource.url = url
            resource.save(update_fields=["url"])
            continue
        for project in resource.projects.all():
            kept.projects.add(project)
        resource.delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0019_project_source_wording")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
