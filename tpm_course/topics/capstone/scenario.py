"""The capstone's situation: Parcelo's live order tracking with an AI assistant, and the facts its brief rests on.

Every fact names where it comes from in the story (a load test, a vendor's SLA, finance); the
price sheet is module 12's, dated, and the traffic is the shipped ``capstone_traffic`` data set.
"""

from __future__ import annotations

GROWTH = 1.5  # marketing: tracking traffic grows by half within the launch year
PER_SERVER_RPS = 120  # load test: one tracking API server at the origin's mean latency
MAX_UTILISATION = 0.7  # platform team's ceiling for a fleet at its design peak
ORDERS_PER_DAY = 400_000  # today's orders, both regions
EVENTS_PER_ORDER = 12  # position and status events stored for each order
BYTES_PER_EVENT = 800
STORAGE_REPLICAS = 3
STORAGE_DAYS = 365

LOOKUP_MS = 4  # every request pays the cache lookup
ORIGIN_MS = 160  # a miss adds the origin's mean time at the design load
MAX_HIT_RATIO = 0.8  # positions change every 30 s: the cache team measured at most 80 % hits
LATENCY_ASK_MS = 80  # product: the map refreshes within 80 ms on average

COMPONENTS = {  # the tracking path, each a component every request waits on, with its SLA
    "load balancer": 0.9999,
    "tracking API": 0.9995,
    "position store": 0.9995,
    "carrier feed": 0.999,
}
REPLICABLE = ("tracking API", "position store")  # may run as two independent replicas; the others are single

CONTACT_RATE = 0.08  # share of orders that lead to a "where is my order?" contact today
MAX_ALLOCATION = 1.0

ASSISTANT_REQUESTS_PER_MONTH = 1_200_000  # support's forecast of questions to the assistant
PROMPT_TOKENS = 2_400  # per question: instructions, order history and the question
CACHED_TOKENS = 1_600  # of the prompt, the instructions and policies repeated on every question
OUTPUT_TOKENS = 350
AI_BUDGET_USD = 6_000  # finance's cap for the assistant, a month
PROPOSED_MODEL = "claude-sonnet-4"  # what the product team prototyped with

BASELINE_ERROR_RATE = 0.002  # share of tracking requests that fail today

# The ETA engine, built in house or bought: dollars now (year 0), then each of three years; buying ends
# with a migration cost to leave the vendor in the last year. Finance discounts at 10 % a year.
ETA_BUILD = {"upfront": 240_000, "yearly": [60_000, 60_000, 60_000], "exit_cost": 0}
ETA_BUY = {"upfront": 20_000, "yearly": [110_000, 110_000, 110_000], "exit_cost": 30_000}
DISCOUNT_RATE = 0.10

SECTIONS = ("capacity", "latency", "reliability", "experiment", "ai_assistant", "build_buy", "rollout")

FACTS = [  # (fact, value, where it comes from): the table the notebooks show
    ("traffic growth within the year", "× 1.5", "marketing's launch plan"),
    ("requests one API server holds", f"{PER_SERVER_RPS} requests/s", "load test, at the origin's mean latency"),
    ("utilisation ceiling at the design peak", "70 %", "platform team"),
    ("orders a day, both regions", f"{ORDERS_PER_DAY:,}", "order database, October"),
    ("events stored per order", f"{EVENTS_PER_ORDER} of {BYTES_PER_EVENT} bytes, 3 replicas", "tracking team"),
    ("cache lookup; origin time a miss adds", f"{LOOKUP_MS} ms; {ORIGIN_MS} ms (means)", "latency log"),
    ("highest hit ratio the cache reaches", "80 %", "cache team: positions change every 30 s"),
    ("mean latency product asks for", f"at most {LATENCY_ASK_MS} ms", "product brief"),
    ("load balancer / tracking API / position store", "99.99 % / 99.95 % / 99.95 %", "platform SLAs, per replica"),
    ("carrier feed (one vendor, no second source)", "99.9 %", "vendor contract"),
    ("orders with a 'where is my order?' contact", "8 %", "support, October"),
    ("questions to the assistant a month", f"{ASSISTANT_REQUESTS_PER_MONTH:,}", "support's forecast"),
    (
        "tokens per question",
        f"{PROMPT_TOKENS:,} prompt ({CACHED_TOKENS:,} cached) + {OUTPUT_TOKENS} output",
        "prototype logs",
    ),
    ("assistant budget", f"${AI_BUDGET_USD:,} a month", "finance"),
    ("model the prototype used", PROPOSED_MODEL, "product team"),
    ("tracking requests that fail today", "0.2 %", "error dashboard"),
    ("ETA engine, build", "$240,000 now, then $60,000 a year for 3 years", "engineering estimate"),
    ("ETA engine, buy", "$20,000 now, $110,000 a year for 3 years, $30,000 to leave in year 3", "vendor quote"),
    ("discount rate", "10 % a year", "finance"),
]


def facts_table():
    """The facts as a pandas DataFrame, for the notebooks."""
    import pandas as pd

    return pd.DataFrame(FACTS, columns=["fact", "value", "source"])
