"""The editorial platform every content app builds on: publication state and scheduling,
revisions and restore, the audit log, roles and workflow, the admin editors work in, the number
public pages are cached under, and the one event that says public content changed.

It sits below the content apps (``projects``, ``lessons``) and names none of them: what it needs
to know of a model it reads from the model itself.
"""
