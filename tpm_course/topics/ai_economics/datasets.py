"""The data of module 12: the price sheet, a week of assistant requests and a month of scored tickets."""

from __future__ import annotations

from tpm_course.data.dataset import Dataset
from tpm_course.topics.ai_economics import prices

REQUESTS_SEED = 20261102
TICKETS_SEED = 20261201
FIRST_DAY = "2026-11-02"  # a Monday
DAYS = 7
REQUESTS_PER_DAY = 600
SYSTEM_PROMPT_TOKENS = 3_500  # instructions and help-centre policy: the prefix a cache can hold
CACHE_HIT_RATE = 0.8
LONG_THREAD_SHARE = 0.05  # hard requests whose attached logs push the prompt past 200k tokens
LANGUAGES = {"English": 0.7, "Spanish": 0.18, "German": 0.12}
# Characters per token of each ticket's own text, planted for the lesson (a real tokenizer varies).
CHARS_PER_TOKEN = {"English": 4.1, "Spanish": 3.4, "German": 3.1}
CODE_CHARS_PER_TOKEN = 2.6  # pasted stack traces and config files
URGENT_RATE = 0.08
TICKETS = 6_000
SCORE_SHIFT = {"English": 0.0, "Spanish": -0.5, "German": -0.5}  # the router under-scores non-English tickets

REQUEST_COLUMNS = [
    "request_id",
    "day",
    "kind",
    "language",
    "has_code",
    "ticket_chars",
    "ticket_tokens",
    "prompt_tokens",
    "cached_tokens",
    "output_tokens",
    "ttft_ms",
    "ms_per_output_token",
]
TICKET_COLUMNS = ["ticket_id", "language", "urgent", "score"]


def _languages(rng, n):
    return rng.choice(list(LANGUAGES), size=n, p=list(LANGUAGES.values()))


def _ticket_text(rng, kind, language):
    """(ticket tokens, ticket characters, has code) for each request."""
    import numpy as np

    hard = kind == "hard"
    tokens = np.where(hard, rng.lognormal(np.log(2_500), 0.7, kind.size), rng.lognormal(np.log(350), 0.5, kind.size))
    long_thread = hard & (rng.random(kind.size) < LONG_THREAD_SHARE)
    tokens = np.where(long_thread, rng.uniform(205_000, 420_000, kind.size), tokens).round().astype(int)
    has_code = hard & ~long_thread & (rng.random(kind.size) < 0.3)
    ratio = np.array([CHARS_PER_TOKEN[x] for x in language]) * rng.lognormal(0, 0.06, kind.size)
    ratio = np.where(has_code, CODE_CHARS_PER_TOKEN * rng.lognormal(0, 0.06, kind.size), ratio)
    return tokens, (tokens * ratio).round().astype(int), has_code


def assistant_requests(seed: int = REQUESTS_SEED) -> list[tuple]:
    """A uniform sample of one week of the support assistant's requests, on the model it runs today.

    Planted: 70 % easy requests (short answers a small model handles), a cached system prompt on
    80 % of requests, hard requests with long threads past 200k tokens (the long-context price),
    a heavy tail of time to first token that grows with the prompt, and ticket texts whose
    characters per token differ by language and by pasted code.
    """
    from datetime import date, timedelta

    import numpy as np

    rng = np.random.default_rng(seed)
    n = DAYS * REQUESTS_PER_DAY
    first = date.fromisoformat(FIRST_DAY)
    days = [(first + timedelta(days=int(i) // REQUESTS_PER_DAY)).isoformat() for i in range(n)]
    kind = np.where(rng.random(n) < 0.7, "easy", "hard")
    language = _languages(rng, n)
    ticket_tokens, ticket_chars, has_code = _ticket_text(rng, kind, language)
    prompt = SYSTEM_PROMPT_TOKENS + ticket_tokens
    cached = np.where(rng.random(n) < CACHE_HIT_RATE, SYSTEM_PROMPT_TOKENS, 0)
    hard = kind == "hard"
    output = np.where(hard, rng.lognormal(np.log(420), 0.45, n), rng.lognormal(np.log(140), 0.4, n))
    ttft = (380 + 0.012 * prompt) * rng.lognormal(0, 0.35, n)
    ttft = np.where(rng.random(n) < 0.03, ttft * rng.uniform(3, 8, n), ttft)  # queueing at the provider
    per_token = 11.5 * rng.lognormal(0, 0.2, n)
    rows = []
    for i in range(n):
        text = (str(kind[i]), str(language[i]), bool(has_code[i]), int(ticket_chars[i]), int(ticket_tokens[i]))
        tokens = (int(prompt[i]), int(cached[i]), round(float(output[i])))
        timing = (round(float(ttft[i])), round(float(per_token[i]), 2))
        rows.append((f"r{i + 1:05d}", days[i], *text, *tokens, *timing))
    return rows


def ticket_scores(seed: int = TICKETS_SEED) -> list[tuple]:
    """A month of support tickets with the router's urgency score and whether each was in fact urgent.

    Planted: 8 % of tickets urgent in every language, and a score calibrated on English tickets
    that runs lower for Spanish and German ones, so the same threshold flags them less often.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    language = _languages(rng, TICKETS)
    urgent = rng.random(TICKETS) < URGENT_RATE
    shift = np.array([SCORE_SHIFT[x] for x in language])
    logit = np.where(urgent, 0.4, -3.6) + shift + rng.normal(0, 1.25, TICKETS)
    score = 1 / (1 + np.exp(-logit))
    return [(f"t{i + 1:05d}", str(language[i]), int(urgent[i]), round(float(score[i]), 4)) for i in range(TICKETS)]


def _describe_requests() -> str:
    return (
        f"{DAYS * REQUESTS_PER_DAY:,} requests, a uniform sample of the week from {FIRST_DAY}; seed {REQUESTS_SEED}; "
        "easy and hard requests, a cached system prompt, long threads past 200k tokens, a heavy first-token tail"
    )


def _describe_tickets() -> str:
    return (
        f"{TICKETS:,} tickets with the router's urgency score; seed {TICKETS_SEED}; 8 % urgent in every language, "
        "scores lower for Spanish and German tickets"
    )


DATASETS = {
    "llm_price_sheet": Dataset("llm_price_sheet", prices.COLUMNS, prices.price_sheet, prices.describe),
    "assistant_requests": Dataset("assistant_requests", REQUEST_COLUMNS, assistant_requests, _describe_requests),
    "ticket_scores": Dataset("ticket_scores", TICKET_COLUMNS, ticket_scores, _describe_tickets),
}
