"""Turn an admin change page into the POST data its form would send, so tests can change one
field and submit the rest exactly as an editor's browser would."""

import datetime
import json

from django import forms


def _put(data: dict, bound) -> None:
    value = bound.value()
    if value is None or isinstance(bound.field, forms.FileField):
        return
    if isinstance(bound.field, forms.JSONField) and not isinstance(value, str):
        value = json.dumps(value)
    if isinstance(value, datetime.datetime):
        data[f"{bound.html_name}_0"] = value.date().isoformat()
        data[f"{bound.html_name}_1"] = value.time().isoformat()
    elif isinstance(value, list | tuple):
        data[bound.html_name] = [str(v) for v in value]
    elif isinstance(value, bool):
        if value:
            data[bound.html_name] = "on"
    else:
        data[bound.html_name] = str(value)


def form_data(response) -> dict:
    data = {}
    for bound in response.context["adminform"].form:
        _put(data, bound)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in formset.management_form:
            _put(data, bound)
        for form in formset.forms:
            for bound in form:
                _put(data, bound)
    return data
