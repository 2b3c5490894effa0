"""The official GeoReport v2 JSON schemas (vendored in schemas/, see its README), with format
checking on: a date-time must be RFC 3339 and a media_url a URI (rfc3339-validator and rfc3987
provide the checks). Shapes the official set does not cover (discovery, errors, the
servicerequestupdates extension, the POST answer) have small schemas of ours here."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

HERE = Path(__file__).parent / "schemas"
OFFICIAL = ("service", "services", "service-definition", "request", "requests")
NULLABLE_STRING = {"anyOf": [{"type": "string"}, {"type": "null"}]}

OURS = {
    "errors": {
        "type": "array",
        "minItems": 1,
        "items": {
            "required": ["code", "description"],
            "properties": {"code": {"type": "integer"}, "description": {"type": "string", "minLength": 1}},
        },
    },
    "discovery": {
        "required": ["changeset", "contact", "key_service", "endpoints"],
        "properties": {
            "changeset": {"type": "string", "format": "date-time"},
            "endpoints": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "required": ["specification", "url", "changeset", "type", "formats"],
                    "properties": {
                        "url": {"type": "string", "format": "uri"},
                        "changeset": {"type": "string", "format": "date-time"},
                        "type": {"enum": ["production", "test"]},
                        "formats": {"type": "array", "items": {"enum": ["application/json", "text/xml"]}},
                    },
                },
            },
        },
    },
    "updates": {
        "type": "array",
        "items": {
            "required": ["update_id", "service_request_id", "status", "updated_datetime", "description"],
            "properties": {
                "update_id": {"type": "string"},
                "service_request_id": {"type": "string"},
                "status": {"type": "string", "pattern": "^[a-z_]+$"},
                "updated_datetime": {"type": "string", "format": "date-time"},
                "description": NULLABLE_STRING,
                "media_url": {"anyOf": [{"type": "string", "format": "uri"}, {"type": "null"}]},
            },
        },
    },
    # The answer to POST requests: the swagger's RequestResponse, as a list of one.
    "created": {
        "type": "array",
        "minItems": 1,
        "maxItems": 1,
        "items": {
            "required": ["service_request_id"],
            "properties": {
                "service_request_id": {"type": "string", "minLength": 1},
                "token": {"type": "string"},
                "service_notice": {"type": "string"},
                "account_id": {"type": "string"},
            },
        },
    },
}


@cache
def _registry() -> Registry:
    resources = [
        (f"{name}.json", Resource.from_contents(json.loads((HERE / f"{name}.json").read_text()), DRAFT4))
        for name in OFFICIAL
    ]
    return Registry().with_resources(resources)


def validator(name: str) -> Draft4Validator:
    schema = OURS[name] if name in OURS else _registry().contents(f"{name}.json")
    return Draft4Validator(schema, registry=_registry(), format_checker=Draft4Validator.FORMAT_CHECKER)


def check(name: str, body) -> None:
    """Raise jsonschema's ValidationError, with every problem listed, when `body` does not fit."""
    errors = sorted(validator(name).iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{list(e.absolute_path)}: {e.message}" for e in errors]
        raise AssertionError(f"{name} does not fit its schema:\n" + "\n".join(lines))
