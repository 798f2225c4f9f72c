"""OpenAPI 3 fragments: the structure the course checks, reading a dict or YAML, and listing operations.

Source: the OpenAPI Specification 3.1.0 (Paths, Path Item, Operation, Parameter and Responses Objects).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from tpm_course.core.errors import TpmCourseError
from tpm_course.core.structure import from_yaml

OPERATION_KEYS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

_PARAMETER = {
    "type": "object",
    "required": ["name", "in"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "in": {"enum": ["query", "header", "path", "cookie"]},
        "required": {"type": "boolean"},
        "description": {"type": "string"},
        "schema": {"type": "object"},
    },
}
_OPERATION = {
    "type": "object",
    "required": ["responses"],
    "properties": {
        "summary": {"type": "string"},
        "description": {"type": "string"},
        "operationId": {"type": "string"},
        "parameters": {"type": "array", "items": {"$ref": "#/$defs/parameter"}},
        "requestBody": {"type": "object", "required": ["content"], "properties": {"content": {"type": "object"}}},
        "responses": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": "^([1-5][0-9][0-9]|[1-5]XX|default)$"},
            "additionalProperties": {
                "type": "object",
                "required": ["description"],
                "properties": {
                    "description": {"type": "string"},
                    "headers": {"type": "object"},
                    "content": {"type": "object"},
                },
            },
        },
    },
}
OPENAPI_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["openapi", "info", "paths"],
    "properties": {
        "openapi": {"type": "string", "pattern": r"^3\.\d+\.\d+$"},
        "info": {
            "type": "object",
            "required": ["title", "version"],
            "properties": {"title": {"type": "string", "minLength": 1}, "version": {"type": ["string", "number"]}},
        },
        "paths": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": "^/"},
            "additionalProperties": {
                "type": "object",
                "propertyNames": {
                    "anyOf": [
                        {"enum": [*OPERATION_KEYS, "summary", "description", "parameters", "servers"]},
                        {"pattern": "^x-"},
                    ]
                },
                "properties": {
                    "parameters": {"type": "array", "items": {"$ref": "#/$defs/parameter"}},
                    **{m: {"$ref": "#/$defs/operation"} for m in OPERATION_KEYS},
                },
            },
        },
    },
    "$defs": {"parameter": _PARAMETER, "operation": _OPERATION},
}
"""The part of the OpenAPI 3.1 document structure the course checks (paths, operations, parameters, responses)."""


class ContractError(TpmCourseError, ValueError):
    """The answer cannot be read as an OpenAPI document at all."""


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    parameters: tuple[dict, ...]
    responses: dict[str, dict]

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def parameter(self, names: set[str], where: str) -> dict | None:
        return next((p for p in self.parameters if p["in"] == where and p["name"].lower() in names), None)


def read_contract(document: Any) -> dict:
    """The contract as a dict: a YAML or JSON string is parsed; status codes and methods are normalised."""
    if isinstance(document, str):
        import yaml

        try:
            document = from_yaml(document)
        except yaml.YAMLError as error:
            raise ContractError(f"it could not be read as YAML: {error}") from None
    if not isinstance(document, dict):
        raise ContractError(
            f"an OpenAPI document is a dict (or a YAML string), and this is a {type(document).__name__}"
        )
    contract = _inlined(copy.deepcopy(document), document)
    paths = contract.get("paths")
    if isinstance(paths, dict):
        for _path, item in list(paths.items()):
            if not isinstance(item, dict):
                continue
            for key in list(item):
                if isinstance(key, str) and key.lower() in OPERATION_KEYS and key != key.lower():
                    item[key.lower()] = item.pop(key)
            for method in OPERATION_KEYS:
                responses = item.get(method, {}).get("responses") if isinstance(item.get(method), dict) else None
                if isinstance(responses, dict):
                    item[method]["responses"] = {
                        str(code).upper() if str(code).lower().endswith("xx") else str(code): r
                        for code, r in responses.items()
                    }
    return contract


def _inlined(value: Any, document: dict, depth: int = 0) -> Any:
    """Shared responses and parameters (``{"$ref": "#/components/..."}``) copied in where they are used.

    Data schemas (``#/components/schemas/...``) stay references: they may refer to themselves.
    """
    if isinstance(value, list):
        return [_inlined(v, document, depth) for v in value]
    if not isinstance(value, dict):
        return value
    ref = value.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/") and not ref.startswith("#/components/schemas/") and depth < 20:
        target: Any = document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                return value
            target = target[part]
        return _inlined(copy.deepcopy(target), document, depth + 1)
    return {k: _inlined(v, document, depth) for k, v in value.items()}


def shape_problems(contract: dict) -> list[str]:
    """Each way the document breaks the OpenAPI structure the course checks, with where it happens."""
    return [problem for _, problem in located_shape_problems(contract)]


def located_shape_problems(contract: dict) -> list[tuple[tuple, str]]:
    """Each way the document breaks the structure, with the path to the part that breaks it."""
    from tpm_course.core.document import _jsonschema

    validator = _jsonschema().Draft202012Validator(OPENAPI_SCHEMA)
    errors = sorted(validator.iter_errors(contract), key=lambda e: list(map(str, e.absolute_path)))
    located = []
    for error in errors:
        path = tuple(error.absolute_path)
        if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
            path = (*path, error.instance)  # the key that breaks the rule ("OK" for a status), not the mapping
        located.append((path, _said(error)))
    return located


def _said(error) -> str:
    """One way the document breaks the structure, where it happens, in the words of the exercise."""
    from tpm_course.core.document import _message, _where

    where, path, value = _where(error.absolute_path), tuple(error.absolute_path), error.instance
    if error.validator == "type" and path[-1:] == ("required",) and _flag_text(value) is not None:
        flag = _flag_text(value)
        return (
            f'{where}: `required` must be the boolean {flag}, not the text "{value}": write it without quotes, '
            f'`"required": {flag}` (in YAML, `required: {str(flag).lower()}`).'
        )
    if error.validator == "required" and path[-2:-1] == ("responses",) and "'description'" in error.message:
        return f'{where}: the {path[-1]} response has no description: write one, as in `{{"description": ...}}`.'
    return f"{where}: {_message(error)}"


def _flag_text(value: Any) -> bool | None:
    """True or False when ``value`` is that word written as text ("true", "False "), else None."""
    words = {"true": True, "false": False}
    return words.get(value.strip().lower()) if isinstance(value, str) else None


def without_broken_parts(contract: dict) -> tuple[dict, list[tuple[tuple, str]]]:
    """The contract with each part that breaks the structure inside an operation mended or left out, and the problems.

    A part is mended where what the learner meant is plain, so that the review does not charge the same
    mistake again: a `required` that is not True/False reads as the flag it names (the text "true" is
    True), a response without a description is still a documented status, and a broken parameter named
    after a template of its path (`{order_id}`) is still that declared path parameter. Any other broken
    part is left out. Raises ContractError when a problem lies outside the operations (the paths, the
    document itself): nothing can be kept.
    """
    problems = located_shape_problems(contract)
    repaired = copy.deepcopy(contract)
    found = problems
    for _ in range(12):  # each round mends or removes the parts that break; removing may break a parent
        if not found:
            return repaired, problems
        for path, _message in sorted(found, key=lambda f: [str(p) for p in f[0]], reverse=True):
            if len(path) < 3 or path[0] != "paths":
                raise ContractError("the structure breaks outside an operation")
            _mend(repaired, path)
        found = located_shape_problems(repaired)
    raise ContractError("the structure could not be repaired")


_STATUS = re.compile(r"[1-5][0-9][0-9]|[1-5]XX|default")


def _mend(contract: dict, path: tuple) -> None:
    """Mend the part at ``path`` as :func:`without_broken_parts` describes, or leave it out."""
    parent: Any = contract
    for step in path[:-1]:
        parent = parent[step]
    key = path[-1]
    if isinstance(parent, list):
        if isinstance(key, int) and key < len(parent):
            value = parent[key]
            names = re.findall(r"\{([^}]*)\}", path[1])
            if path[-2] == "parameters" and isinstance(value, dict) and value.get("name") in names:
                parent[key] = {"name": value["name"], "in": "path", "required": True}
            else:
                del parent[key]
        return
    if not isinstance(parent, dict) or key not in parent:
        return
    value = parent[key]
    if key == "required" and len(path) >= 3 and path[-3] == "parameters":
        flag = _flag_text(value)
        parent[key] = bool(value) if flag is None else flag
    elif path[-2] == "responses" and _STATUS.fullmatch(str(key)):
        described = isinstance(value, dict) and isinstance(value.get("description"), str)
        parent[key] = value if described else {"description": ""}
    else:
        del parent[key]


def operations(contract: dict) -> list[Operation]:
    """Every operation of a well-shaped contract, with the path's parameters merged into its own."""
    found = []
    for path, item in contract["paths"].items():
        shared = {(p["name"].lower(), p["in"]): p for p in item.get("parameters", [])}
        for method in OPERATION_KEYS:
            if method in item:
                own = {(p["name"].lower(), p["in"]): p for p in item[method].get("parameters", [])}
                found.append(Operation(method, path, tuple({**shared, **own}.values()), item[method]["responses"]))
    return found
