"""What moves the answer: a one-at-a-time sensitivity (the tornado) and a Monte Carlo over uncertain inputs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Swing:
    """One bar of a tornado: the model's value with one input at its low and at its high, the rest at base."""

    name: str
    low_input: float
    high_input: float
    at_low: float
    at_high: float

    @property
    def width(self) -> float:
        return abs(self.at_high - self.at_low)


def tornado(model: Callable[..., float], base: dict, ranges: dict[str, tuple[float, float]]) -> list[Swing]:
    """Each input of ``ranges`` moved alone to its low and high; bars widest first."""
    swings = []
    for name, (low, high) in ranges.items():
        at_low = model(**{**base, name: low})
        at_high = model(**{**base, name: high})
        swings.append(Swing(name, low, high, at_low, at_high))
    return sorted(swings, key=lambda s: s.width, reverse=True)


def resampled_overruns(factors, runs: int, seed: int):
    """``runs`` overrun factors drawn with replacement from past projects' (a bootstrap of the reference class)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    return rng.choice(np.asarray(factors, dtype=float), size=runs, replace=True)


def simulate(model: Callable[..., float], base: dict, draws: dict) -> list[float]:
    """The model on every run: ``draws`` maps an input to its sampled values (one per run), the rest stay at base."""
    runs = len(next(iter(draws.values())))
    return [model(**{**base, **{name: values[i] for name, values in draws.items()}}) for i in range(runs)]


def share_above(values, threshold: float = 0.0) -> float:
    """The share of simulated values above ``threshold``."""
    values = list(values)
    return sum(v > threshold for v in values) / len(values)
