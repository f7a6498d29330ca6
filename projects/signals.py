"""The projects app's own signal.

Django sends no ``post_save`` for ``bulk_create``. An import that writes new records in bulk
sends ``created_in_bulk`` instead, once per model and batch, after the records and their links
are written, so those who listen to saves (the search queue, the page cache) hear of them too.
Arguments: ``sender`` (the model) and ``instances`` (the new records, saved).
"""

from django.dispatch import Signal

created_in_bulk = Signal()
