"""The questions engineering asks of a vague ask: six dimensions, the words that show each, and a coverage check."""

from __future__ import annotations

import re
from dataclasses import dataclass

# What engineering needs to know, and words a question about it uses (the lesson and the exercise show them).
DIMENSIONS = {
    "scale": ("how many", "how much", "users", "shoppers", "customers", "requests", "orders", "stores", "peak",
              "per second", "per day", "per hour", "volume", "growth", "how often", "traffic", "load",
              "concurrent", "products", "items"),
    "latency": ("how fast", "how quickly", "how fresh", "how old", "how long", "seconds", "minutes", "latency",
                "delay", "stale", "real-time", "real time", "up to date", "up-to-date", "out of date",
                "out-of-date", "fresh", "lag", "refresh"),
    "data": ("data", "source", "system of record", "field", "accurate", "accuracy", "which", "where does",
             "retention", "history"),
    "security": ("who can", "access", "permission", "personal", "privacy", "gdpr", "security", "secure",
                 "sign in", "authentication", "encrypt", "consent", "who should", "who may", "authoris",
                 "authoriz", "protect", "leak"),
    "cost": ("cost", "budget", "spend", "price", "pay", "£", "$", "€", "afford", "money", "expensive",
             "cheap"),
    "deadline": ("when", "date", "deadline", "launch", "by which", "week", "month", "quarter", "until",
                 "timeline", "schedule"),
}  # fmt: skip

# Designs a question should not propose before the need is known (the lesson lists them).
TECHNOLOGIES = ("websocket", "kafka", "redis", "cache", "graphql", "microservice", "kubernetes", "lambda",
                "firebase", "pub/sub", "pubsub", "polling", "webhook", "mongodb", "dynamodb", "postgres",
                "elasticsearch", "serverless", "cdn")  # fmt: skip

MIN_LENGTH = 15  # a question shorter than this names no need ("When?")


@dataclass(frozen=True)
class Finding:
    """What the coverage check found in one dimension's question."""

    dimension: str
    asked: bool  # there is text at all
    is_question: bool  # it ends with a question mark
    on_topic: bool  # it uses a word of its dimension
    technology: str | None  # a design it proposes

    @property
    def covered(self) -> bool:
        return self.asked and self.is_question and self.on_topic and self.technology is None


def _has(text: str, word: str) -> bool:
    """Whether ``text`` (lower case) holds ``word`` as a word or phrase (symbols anywhere)."""
    if not word[0].isalnum():
        return word in text
    return re.search(rf"(?<![a-z]){re.escape(word)}", text) is not None


def finding(dimension: str, question) -> Finding:
    """The coverage check of one dimension's question."""
    text = question.strip().lower() if isinstance(question, str) else ""
    asked = len(text) >= MIN_LENGTH
    technology = next((t for t in TECHNOLOGIES if _has(text, t)), None)
    return Finding(
        dimension,
        asked,
        text.endswith("?"),
        any(_has(text, w) for w in DIMENSIONS[dimension]),
        technology,
    )


def coverage(questions: dict) -> dict[str, Finding]:
    """Each dimension and what the check found in the question written for it."""
    return {dimension: finding(dimension, questions.get(dimension)) for dimension in DIMENSIONS}
