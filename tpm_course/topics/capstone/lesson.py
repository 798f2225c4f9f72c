"""Self-checks of lesson 14, the capstone (a lesson keeps its answers here)."""

from tpm_course.core import Misconception, ValueQuestion

from .pilot import CHAIN, QUESTIONS_PER_MONTH
from .rules import chain_availability, monthly_cost
from .scenario import CACHED_TOKENS, OUTPUT_TOKENS, PROMPT_TOKENS

NOTEBOOK = "lesson14_capstone"

_CHAIN = chain_availability([{"component": str(i), "availability": a} for i, a in enumerate(CHAIN)])
_GPT41 = {"input": 2.00, "output": 8.00}  # the sheet's standard gpt-4.1 row, dollars per million tokens

s1 = ValueQuestion(
    "s1",
    NOTEBOOK,
    "pilot_highest_slo",
    rel_tol=0.0,
    abs_tol=0.00005,
    expected=_CHAIN,
    misconceptions=[
        Misconception(
            "weakest link",
            "That is the weakest component's SLA. Every request waits on all four, so their availabilities "
            "multiply: the chain is below its weakest link.",
            lambda expected, **_: min(CHAIN),
        ),
        Misconception(
            "average of the SLAs",
            "You averaged the SLAs. Components in series multiply their availabilities.",
            lambda expected, **_: sum(CHAIN) / len(CHAIN),
        ),
    ],
    hints=["Every request needs all four components.", "Multiply the four availabilities: `in_series([...])`."],
    solution="pilot_highest_slo = in_series([0.9999, 0.9995, 0.9995, 0.999])  # about 0.9979, 99.79 %",
)

s2 = ValueQuestion(
    "s2",
    NOTEBOOK,
    "pilot_cost_gpt41_usd",
    expected=monthly_cost("gpt-4.1", QUESTIONS_PER_MONTH),
    misconceptions=[
        Misconception(
            "cache ignored",
            "You priced the whole prompt at the input price. The cached part has its own, lower price.",
            lambda expected, **_: (
                QUESTIONS_PER_MONTH * (PROMPT_TOKENS * _GPT41["input"] + OUTPUT_TOKENS * _GPT41["output"]) / 1e6
            ),
        ),
        Misconception(
            "one question",
            "That is one question's cost. The budget is a month of questions.",
            lambda expected, **_: expected / QUESTIONS_PER_MONTH,
        ),
    ],
    hints=[
        "`monthly_cost(model, questions)` does it; by hand, price the uncached, cached and output tokens.",
        f"({PROMPT_TOKENS - CACHED_TOKENS} × 2.00 + {CACHED_TOKENS} × 0.50 + {OUTPUT_TOKENS} × 8.00) / 1e6 "
        "dollars a question, times the month's questions.",
    ],
    solution='pilot_cost_gpt41_usd = monthly_cost("gpt-4.1", 60_000)  # $312 a month',
)
