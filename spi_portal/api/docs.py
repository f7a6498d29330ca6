"""The API's documentation for people, at ``/api/docs/``: the OpenAPI description
(``/api/openapi.json``) read into a page of the portal's own, so it needs no outside script or
style (django-ninja's Swagger page loads both from a CDN, which the site's
Content-Security-Policy rightly refuses). Each list or record is one section: its address, what
it does, the query parameters it takes with their values, and every field of what it returns,
nested records spelled out once each.
"""

from dataclasses import dataclass, field

from django.shortcuts import render

from .base import api


@dataclass
class Field:
    name: str
    type: str
    description: str = ""
    values: list = field(default_factory=list)
    required: bool = False


@dataclass
class Record:
    name: str
    fields: list[Field]


@dataclass
class Endpoint:
    path: str
    summary: str
    description: str
    parameters: list[Field]
    returns: str
    anchor: str


def _name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _type(schema: dict) -> tuple[str, list]:
    """A schema in words ("text", "list of Outcome", "whole number or null") and its allowed
    values, if it lists them."""
    if "$ref" in schema:
        return _name(schema["$ref"]), []
    if "anyOf" in schema:
        parts = [_type(s) for s in schema["anyOf"]]
        values = [v for _, vs in parts for v in vs]
        return " or ".join(word for word, _ in parts), values
    kind = schema.get("type")
    if kind == "array":
        inner, values = _type(schema.get("items", {}))
        return f"list of {inner}", values
    if kind == "object":
        extra = schema.get("additionalProperties")
        return (f"object of {_type(extra)[0]}" if isinstance(extra, dict) else "object"), []
    words = {"string": "text", "integer": "whole number", "number": "number"}
    words |= {"boolean": "true or false", "null": "null"}
    return words.get(kind, kind or "any"), list(schema.get("enum", []))


def _fields(schema: dict) -> list[Field]:
    required = set(schema.get("required", []))
    listed = []
    for name, prop in schema.get("properties", {}).items():
        kind, values = _type(prop)
        listed.append(Field(name, kind, prop.get("description", ""), values, name in required))
    return listed


def _returns(operation: dict) -> str:
    # ninja keys the responses by number; the JSON it serves, by text.
    responses = operation["responses"]
    ok = responses.get(200) or responses["200"]
    schema = ok["content"]["application/json"]["schema"]
    return _type(schema)[0]


def documentation(description: dict) -> dict:
    """What the page shows, from an OpenAPI description."""
    endpoints = []
    for path, methods in description["paths"].items():
        operation = methods["get"]
        parameters = []
        for parameter in operation.get("parameters", []):
            kind, values = _type(parameter["schema"])
            text = parameter.get("description") or parameter["schema"].get("description", "")
            parameters.append(
                Field(parameter["name"], kind, text, values, parameter.get("required", False))
            )
        endpoints.append(
            Endpoint(
                path=path,
                summary=operation.get("summary", ""),
                description=operation.get("description", ""),
                parameters=parameters,
                returns=_returns(operation),
                anchor=operation["operationId"],
            )
        )
    schemas = description["components"]["schemas"]
    records = [
        Record(name, _fields(schema))
        for name, schema in schemas.items()
        if not name.endswith("Query") and schema.get("properties")
    ]
    return {"info": description["info"], "endpoints": endpoints, "records": records}


def api_docs(request):
    return render(request, "spi_portal/api_docs.html", documentation(api.get_openapi_schema()))
