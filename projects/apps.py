from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

# Apps whose records never show on a public page: their writes leave cached pages as they are.
# (Listing what to ignore, rather than what to watch, means a new kind of content can only cost a
# cache miss, never a stale page.) An app of this portal says so itself, with `public_content =
# False` on its AppConfig: this app cannot name the apps above it.
NOT_PUBLIC = {"admin", "auth", "axes", "contenttypes", "migrations", "sessions"}


def content_changed(sender, **kwargs):
    from .models import ContentVersion, Revision

    if sender._meta.app_label in NOT_PUBLIC or sender in (ContentVersion, Revision):
        return
    if not getattr(sender._meta.app_config, "public_content", True):
        return
    if sender.__module__ == "__fake__":
        return  # a migration's historical model: the schema may not be complete yet
    ContentVersion.bump_on_commit()


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projects and case studies"

    def ready(self):
        from .signals import created_in_bulk

        for signal in (post_save, post_delete, m2m_changed, created_in_bulk):
            signal.connect(content_changed, dispatch_uid=f"content_changed_{signal}")
