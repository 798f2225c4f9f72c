"""Self-checks of lesson 12, AI product economics (a lesson keeps its answers here)."""

from tpm_course.core import ChoiceQuestion, Misconception, ValueQuestion

NOTEBOOK = "lesson12_ai_economics"

# s1: a drafting feature on gpt-4.1-mini, prices of the course's sheet (standard row).
S1_REQUESTS = 2_000_000
S1_PROMPT, S1_CACHED, S1_OUTPUT = 6_000, 5_000, 400
S1_INPUT, S1_CACHED_PRICE, S1_OUTPUT_PRICE = 0.40, 0.10, 1.60


def _bill(prompt, cached, output, rate_in, rate_cached, rate_out, per=1_000_000):
    return ((prompt - cached) * rate_in + cached * rate_cached + output * rate_out) / per * S1_REQUESTS


s1 = ValueQuestion(
    "s1",
    NOTEBOOK,
    "drafts_monthly_usd",
    expected=_bill(S1_PROMPT, S1_CACHED, S1_OUTPUT, S1_INPUT, S1_CACHED_PRICE, S1_OUTPUT_PRICE),
    rel_tol=0.005,
    misconceptions=[
        Misconception(
            "output priced as input",
            "You priced the 400 output tokens at the input price. Output tokens cost $1.60 per million on this row.",
            lambda expected, **_: _bill(S1_PROMPT, S1_CACHED, S1_OUTPUT, S1_INPUT, S1_CACHED_PRICE, S1_INPUT),
        ),
        Misconception(
            "per thousand, not per million",
            "Your bill is a thousand times too high: the sheet's prices are per million tokens.",
            lambda expected, **_: expected * 1_000,
        ),
        Misconception(
            "cache ignored",
            "You billed all 6,000 prompt tokens at the input price. 5,000 of them are cached and pay $0.10 per million.",
            lambda expected, **_: _bill(S1_PROMPT, 0, S1_OUTPUT, S1_INPUT, S1_CACHED_PRICE, S1_OUTPUT_PRICE),
        ),
    ],
    hints=[
        "One request: 1,000 uncached prompt tokens, 5,000 cached, 400 output, each at its own price per million.",
        "(1,000 × 0.40 + 5,000 × 0.10 + 400 × 1.60) / 1,000,000 dollars a request, times 2 million requests.",
    ],
    solution=(
        "per_request = (1_000 * 0.40 + 5_000 * 0.10 + 400 * 1.60) / 1_000_000   # $0.00154\n"
        "drafts_monthly_usd = per_request * 2_000_000                            # $3,080 a month"
    ),
)

S2_TTFT_MS, S2_TOKENS, S2_MS_PER_TOKEN = 600, 250, 20

s2 = ValueQuestion(
    "s2",
    NOTEBOOK,
    "summary_wait_ms",
    unit="ms",
    expected=S2_TTFT_MS + S2_TOKENS * S2_MS_PER_TOKEN,
    rel_tol=0.001,
    misconceptions=[
        Misconception(
            "first token left out",
            "You counted the tokens' time only. The first token takes 600 ms to arrive before any of the rest.",
            lambda expected, **_: S2_TOKENS * S2_MS_PER_TOKEN,
        ),
        Misconception(
            "first token only",
            "600 ms is when the first word appears with streaming. Without streaming the agent waits for all 250 tokens.",
            lambda expected, **_: S2_TTFT_MS,
        ),
        Misconception(
            "seconds",
            "A bare number is read as milliseconds, and yours looks like seconds: give `'5.6 s'` or milliseconds.",
            lambda expected, **_: expected / 1_000,
        ),
    ],
    hints=["Time to first token, then 250 tokens at 20 ms each."],
    solution="summary_wait_ms = 600 + 250 * 20   # 5,600 ms: 5.6 s without streaming, 0.6 s to the first word with it",
)

S3_RATES = {"Group A": 0.30, "Group B": 0.21}

s3 = ValueQuestion(
    "s3",
    NOTEBOOK,
    "callback_impact_ratio",
    expected=min(S3_RATES.values()) / max(S3_RATES.values()),
    rel_tol=0.005,
    misconceptions=[
        Misconception(
            "ratio inverted",
            "Your ratio is above 1: you divided the highest rate by the lowest. The rule divides the lowest by the highest.",
            lambda expected, **_: 1 / expected,
        ),
        Misconception(
            "difference, not ratio",
            "That is the difference of the two rates. The four-fifths rule compares them as a ratio.",
            lambda expected, **_: max(S3_RATES.values()) - min(S3_RATES.values()),
        ),
    ],
    hints=["Lowest selection rate / highest selection rate; compare with 0.8."],
    solution="callback_impact_ratio = 0.21 / 0.30   # 0.7: below four fifths, so the screen flags it for review",
)

TEXT_KINDS = ["English tickets", "Spanish tickets", "German tickets", "tickets with pasted code"]

s4 = ChoiceQuestion(
    "s4",
    NOTEBOOK,
    "rule_fails_most_on",
    options=TEXT_KINDS,
    expected="tickets with pasted code",
    misconceptions=[
        Misconception(
            "German",
            "German tickets do need more tokens than the rule says, but another kind of text has fewer "
            "characters per token still. Read the table of characters per token again.",
            lambda expected, **_: "German tickets",
        ),
        Misconception(
            "English",
            "English is the text the rule was made for: it is the closest to 4 characters a token.",
            lambda expected, **_: "English tickets",
        ),
    ],
    hints=["The fewer characters per token, the more the rule of 4 underestimates the tokens."],
    solution="rule_fails_most_on = 'tickets with pasted code'   # about 2.6 characters a token in the shipped log",
)
