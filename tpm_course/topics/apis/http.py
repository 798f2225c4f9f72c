"""What HTTP methods and status codes promise, each with the section of the standard that says so.

Sources: RFC 9110, *HTTP Semantics* (2022), §9.2 (safe and idempotent methods) and §15 (status
codes); RFC 5789 (PATCH); RFC 6585 §4 (429); the IETF draft *The Idempotency-Key HTTP Header
Field* (draft-ietf-httpapi-idempotency-key-header-07, 2025, work in progress).
"""

METHODS: dict[str, tuple[bool, bool, str]] = {
    "GET": (True, True, "RFC 9110 §9.3.1"),
    "HEAD": (True, True, "RFC 9110 §9.3.2"),
    "POST": (False, False, "RFC 9110 §9.3.3"),
    "PUT": (False, True, "RFC 9110 §9.3.4"),
    "DELETE": (False, True, "RFC 9110 §9.3.5"),
    "PATCH": (False, False, "RFC 5789 §2"),
}
"""method -> (safe, idempotent, where it is defined). Safe and idempotent: RFC 9110 §9.2.1 and §9.2.2."""

STATUS_CODES: dict[int, tuple[str, str, str]] = {
    200: ("OK", "the request succeeded; the body carries the result", "RFC 9110 §15.3.1"),
    201: ("Created", "a new resource exists; the Location header says where", "RFC 9110 §15.3.2"),
    202: ("Accepted", "accepted for processing that has not finished yet", "RFC 9110 §15.3.3"),
    204: ("No Content", "succeeded, and there is nothing to send back", "RFC 9110 §15.3.5"),
    400: (
        "Bad Request",
        "the request is malformed: a missing Idempotency-Key, an unreadable cursor",
        "RFC 9110 §15.5.1",
    ),
    401: ("Unauthorized", "no valid credentials: a missing or wrong API key", "RFC 9110 §15.5.2"),
    403: ("Forbidden", "valid credentials, but not allowed to do this", "RFC 9110 §15.5.4"),
    404: ("Not Found", "no such resource: an order id that does not exist", "RFC 9110 §15.5.5"),
    409: (
        "Conflict",
        "clashes with the resource's current state: an order that has already shipped",
        "RFC 9110 §15.5.10",
    ),
    422: (
        "Unprocessable Content",
        "well-formed but invalid content; an Idempotency-Key reused with another body",
        "RFC 9110 §15.5.21",
    ),
    429: ("Too Many Requests", "the client is over its rate limit", "RFC 6585 §4"),
    500: ("Internal Server Error", "the server failed", "RFC 9110 §15.6.1"),
    503: ("Service Unavailable", "overloaded or down for maintenance: try again later", "RFC 9110 §15.6.4"),
}
"""code -> (reason phrase, when to use it, where it is defined)."""

IDEMPOTENCY_KEY = "Idempotency-Key"
