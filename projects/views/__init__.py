"""Public pages of the portal. Every queryset here starts from ``.published()``."""
