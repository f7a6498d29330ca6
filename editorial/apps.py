from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial history"
    # Revisions, audit events and the content version are never shown on a public page.
    public_content = False

    def ready(self):
        from . import changes
        from .models import ContentVersion

        changes.connect()
        changes.content_changed.connect(ContentVersion.on_content_changed)
