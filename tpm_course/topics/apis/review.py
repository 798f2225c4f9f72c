"""Reviewing a contract against what a partner needs: every comment points at the part to fix."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .http import IDEMPOTENCY_KEY, METHODS, STATUS_CODES
from .openapi import Operation, operations, read_contract, shape_problems

_CURSORS = {
    "cursor",
    "page",
    "page_token",
    "pagetoken",
    "after",
    "starting_after",
    "offset",
    "next",
    "page_number",
    "continuation_token",
}
_PAGE_SIZES = {"limit", "page_size", "pagesize", "per_page", "size", "max_results"}
_VERBS = ("get", "create", "update", "delete", "add", "fetch", "list", "remove", "set", "make", "change")
_ERROR_WORDS = re.compile(r"\b(error|errors|fail\w*|not found|unauthori[sz]ed|denied)\b", re.I)


@dataclass(frozen=True)
class Need:
    """One thing a partner needs from the API, and what its operation must document.

    ``methods`` and ``success`` list alternatives separated by ``|``. ``path`` is written without
    the version prefix: ``/orders`` (the collection), ``/orders/{}`` (one order) or ``/orders/{}/**``
    (one order or anything below it). ``errors`` maps each required status (or alternatives) to the
    situation it reports. ``retried`` marks a write that partners retry after a timeout, and
    ``duplicate`` says what a retry would do twice.
    """

    purpose: str
    methods: str
    path: str
    success: str
    errors: dict[str, str]
    paginated: bool = False
    retried: bool = False
    duplicate: str = "apply the request twice"


def _unversioned(path: str) -> str:
    """``/v1/orders/{order_id}`` -> ``/orders/{}``: the path without its version, templates blanked."""
    path = re.sub(r"^(/api)?/v\d+(\.\d+)?(?=/|$)", "", path)
    return re.sub(r"\{[^}]*\}", "{}", path).rstrip("/") or "/"


def _path_fits(pattern: str, path: str) -> bool:
    bare = _unversioned(path)
    if pattern.endswith("/**"):
        base = pattern[:-3]
        return bare == base or bare.startswith(base + "/")
    return bare == pattern


def _alternatives(codes: str) -> list[str]:
    return codes.split("|")


def _named(codes: str) -> str:
    return " or ".join(
        f"{c} {STATUS_CODES[int(c)][0]}" if c.isdigit() and int(c) in STATUS_CODES else c for c in _alternatives(codes)
    )


def _version_prefix(contract: dict) -> str:
    prefixes = {m.group(0) for p in contract["paths"] if (m := re.match(r"^(/api)?/v\d+(\.\d+)?(?=/|$)", p))}
    return sorted(prefixes)[0] if prefixes else ""


def _expected_at(need: Need, prefix: str) -> str:
    path = prefix + need.path.replace("{}", "{order_id}").replace("/**", "")
    names = [m.upper() for m in _alternatives(need.methods)]
    methods = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    below = " (or a path below it)" if need.path.endswith("/**") else ""
    return f"{methods} {path}{below}"


def _need_problems(op: Operation, need: Need) -> list[str]:
    problems = []
    codes = set(op.responses)
    if not codes & set(_alternatives(need.success)):
        if need.success == "201" and "200" in codes:
            problems.append(
                f"{op}: 201 Created is the answer for a created resource, not 200 OK (RFC 9110 §15.3.2). "
                "It tells the partner a new resource exists and, with a Location header, where it lives."
            )
        else:
            problems.append(f"{op} documents no success response: give it {_named(need.success)}.")
    for alternatives, situation in need.errors.items():
        if not codes & set(_alternatives(alternatives)):
            problems.append(f"{op} documents no {_named(alternatives)} for {situation}.")
    if need.paginated:
        problems += _pagination_problems(op)
    if need.retried:
        problems += _retry_problems(op, need)
    return problems


def _pagination_problems(op: Operation) -> list[str]:
    cursor = op.parameter(_CURSORS, "query")
    size = op.parameter(_PAGE_SIZES, "query")
    if cursor is None and size is None:
        return [
            f"{op} has no pagination parameter (a `cursor` or `page`, and a `limit`): one call would try to "
            "return the whole collection, and the response would grow without bound."
        ]
    problems = []
    if cursor is None:
        problems.append(f"{op} has a `{size['name']}` but no `cursor` (or `page`) to ask for the next page.")
    if size is not None and "maximum" not in size.get("schema", {}):
        problems.append(
            f"{op}: `{size['name']}` has no `maximum` in its schema, so a partner could ask for a "
            "million orders in one response. Cap it (for example `maximum: 100`)."
        )
    return problems


def _retry_problems(op: Operation, need: Need) -> list[str]:
    if METHODS.get(op.method.upper(), (False, False))[1]:
        return []
    key = op.parameter({IDEMPOTENCY_KEY.lower(), "x-" + IDEMPOTENCY_KEY.lower()}, "header")
    if key is None:
        fix = "Require an `Idempotency-Key` header (IETF draft-ietf-httpapi-idempotency-key-header)"
        if "put" in _alternatives(need.methods):
            fix += ", or use PUT, which is idempotent by definition"
        return [
            f"{op} has no Idempotency-Key header: {op.method.upper()} is not idempotent "
            f"({METHODS.get(op.method.upper(), (0, 0, 'RFC 9110 §9.2.2'))[2]}), so a partner that retries it "
            f"after a timeout would {need.duplicate}. {fix}."
        ]
    if not key.get("required", False):
        return [
            f"{op}: the `{key['name']}` header is optional (`required` is not true). A partner that leaves it "
            f"out and retries would still {need.duplicate}."
        ]
    return []


def _general_problems(op: Operation) -> list[str]:
    problems = []
    for code, response in op.responses.items():
        if code.startswith("2") and _ERROR_WORDS.search(response.get("description", "")):
            problems.append(
                f"{op}: the {code} response describes a failure ({response['description']!r}). "
                "An error sent with a 2xx status looks like success to clients, caches and monitoring: "
                "give each failure its own 4xx or 5xx status (RFC 9110 §15)."
            )
    for name in re.findall(r"\{([^}]*)\}", op.path):
        declared = next((p for p in op.parameters if p["in"] == "path" and p["name"] == name), None)
        if declared is None or declared.get("required") is not True:
            problems.append(
                f"{op}: the path parameter `{name}` must be declared with `in: path` and "
                "`required: true` (OpenAPI 3.1, Parameter Object)."
            )
    for segment in op.path.strip("/").split("/"):
        words = re.findall(r"[a-z]+|[A-Z][a-z]*", segment) if not segment.startswith("{") else []
        if words and words[0].lower() in _VERBS:
            problems.append(
                f"{op}: `{segment}` names an action. Paths name resources (`/orders`), and the "
                "method says what to do with them (`POST /v1/orders` creates one)."
            )
    return problems


def _version_problems(contract: dict, ops: list[Operation]) -> list[str]:
    """Versioned paths, a server URL ending in a version, or a version parameter on every operation."""
    unversioned = [p for p in contract["paths"] if not re.match(r"^(/api)?/v\d+(\.\d+)?(/|$)", p)]
    if not unversioned:
        return []
    servers = contract.get("servers") if isinstance(contract.get("servers"), list) else []
    if any(isinstance(s, dict) and re.search(r"/v\d+(\.\d+)?/?$", str(s.get("url", ""))) for s in servers):
        return []
    if ops and all(
        any(p["in"] in ("header", "query") and "version" in p["name"].lower() for p in op.parameters) for op in ops
    ):
        return []
    if len(unversioned) == len(contract["paths"]):
        return [
            "The contract has no version, neither in its paths (`/v1/orders`) nor in a header. When it has to "
            "change, every partner's integration would break at once: put the major version in the path."
        ]
    return [f"Some paths carry no version ({', '.join(unversioned)}): version every path the same way."]


def contract_problems(contract: Any, needs: list[Need]) -> list[str]:
    """Everything a reviewer would send back about a contract, given what the partner needs."""
    return [problem for found in contract_review(contract, needs).values() for problem in found]


def contract_review(contract: Any, needs: list[Need]) -> dict[str, list[str]]:
    """What a reviewer would send back, by part: each need (by its purpose), the versioning, every operation."""
    contract = read_contract(contract)
    shape = shape_problems(contract)
    if shape:
        return {"the document's shape": shape}
    ops = operations(contract)
    review = {"versioning": _version_problems(contract, ops)}
    prefix = _version_prefix(contract)
    for need in needs:
        candidates = [op for op in ops if op.method in _alternatives(need.methods) and _path_fits(need.path, op.path)]
        if not candidates:
            review[need.purpose] = [f"Nothing lets the partner {need.purpose}: expected {_expected_at(need, prefix)}."]
            continue
        review[need.purpose] = min((_need_problems(op, need) for op in candidates), key=len)
    review["every operation"] = [problem for op in ops for problem in _general_problems(op)]
    return review
