"""The editors' workplace on top of the Django admin: roles and publishing rules, previews,
revisions, the audit log, optimistic locking and safe image uploads."""
