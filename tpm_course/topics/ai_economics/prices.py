"""The course's LLM price sheet: list prices per million tokens, each row with its month and its source.

A snapshot, not a live feed: prices moved several times in 2026, so every row carries the month
it was read for and the provider's pricing page, and a learner re-checks both before quoting.
Long-context and batch prices are rows of their own (``tier``), never constants in the maths.
"""

from __future__ import annotations

PRICE_DATE = "2025-08"  # the month these list prices were in force, as read from each pricing page

OPENAI = "https://openai.com/api/pricing/"
ANTHROPIC = "https://www.anthropic.com/pricing"
GOOGLE = "https://ai.google.dev/gemini-api/docs/pricing"

COLUMNS = [
    "provider",
    "model",
    "tier",
    "applies_above_prompt_tokens",
    "input_usd_per_mtok",
    "cached_input_usd_per_mtok",
    "output_usd_per_mtok",
    "price_date",
    "source",
    "note",
]

_NO_CACHE = None  # the page lists no cached-input price for this tier

# (provider, model, tier, applies above this many prompt tokens, input, cached input, output, source, note)
_ROWS = [
    ("OpenAI", "gpt-4.1", "standard", 0, 2.00, 0.50, 8.00, OPENAI, ""),
    ("OpenAI", "gpt-4.1", "batch", 0, 1.00, _NO_CACHE, 4.00, OPENAI, "Batch API: results within 24 hours"),
    ("OpenAI", "gpt-4.1-mini", "standard", 0, 0.40, 0.10, 1.60, OPENAI, ""),
    ("OpenAI", "gpt-4.1-mini", "batch", 0, 0.20, _NO_CACHE, 0.80, OPENAI, "Batch API: results within 24 hours"),
    ("OpenAI", "gpt-4.1-nano", "standard", 0, 0.10, 0.025, 0.40, OPENAI, ""),
    ("OpenAI", "gpt-5", "standard", 0, 1.25, 0.125, 10.00, OPENAI, ""),
    ("OpenAI", "gpt-5-mini", "standard", 0, 0.25, 0.025, 2.00, OPENAI, ""),
    (
        "Anthropic",
        "claude-sonnet-4",
        "standard",
        0,
        3.00,
        0.30,
        15.00,
        ANTHROPIC,
        "cached input is a cache read; writing the cache costs 1.25 x input (5-minute cache)",
    ),
    (
        "Anthropic",
        "claude-sonnet-4",
        "long context",
        200_000,
        6.00,
        0.60,
        22.50,
        ANTHROPIC,
        "whole request at these prices when the prompt exceeds 200k tokens (1M-token context)",
    ),
    ("Anthropic", "claude-sonnet-4", "batch", 0, 1.50, _NO_CACHE, 7.50, ANTHROPIC, "Message Batches API"),
    ("Anthropic", "claude-3.5-haiku", "standard", 0, 0.80, 0.08, 4.00, ANTHROPIC, "cached input is a cache read"),
    ("Google", "gemini-2.5-pro", "standard", 0, 1.25, 0.31, 10.00, GOOGLE, "prompts up to 200k tokens"),
    (
        "Google",
        "gemini-2.5-pro",
        "long context",
        200_000,
        2.50,
        0.625,
        15.00,
        GOOGLE,
        "whole request at these prices when the prompt exceeds 200k tokens",
    ),
    ("Google", "gemini-2.5-pro", "batch", 0, 0.625, _NO_CACHE, 5.00, GOOGLE, "Batch Mode, prompts up to 200k tokens"),
    ("Google", "gemini-2.5-flash", "standard", 0, 0.30, 0.075, 2.50, GOOGLE, "text input"),
    ("Google", "gemini-2.5-flash", "batch", 0, 0.15, _NO_CACHE, 1.25, GOOGLE, "Batch Mode, text input"),
    ("Google", "gemini-2.5-flash-lite", "standard", 0, 0.10, 0.025, 0.40, GOOGLE, "text input"),
]


def price_sheet() -> list[tuple]:
    """Rows of the price sheet in ``COLUMNS`` order (an empty cached price where the page lists none)."""
    rows = []
    for provider, model, tier, above, inp, cached, out, source, note in _ROWS:
        cached_text = "" if cached is None else cached
        rows.append((provider, model, tier, above, inp, cached_text, out, PRICE_DATE, source, note))
    return rows


def describe() -> str:
    return (
        f"{len(_ROWS)} rows, list prices in US dollars per million tokens as in force in {PRICE_DATE}, "
        "each with the provider's pricing page; a dated snapshot to re-check before use"
    )
