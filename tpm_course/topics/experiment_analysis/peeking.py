"""Peeking: how often an A/A test looks significant when it is checked after every day.

Each simulated run is an A/A test (both groups share one conversion rate); at every look the
cumulative counts go through the pooled two-proportion z-test. A run counts as a false
positive when any look crosses the two-sided threshold. Vectorised: thousands of runs take
a fraction of a second.
"""

from __future__ import annotations

SEED = 20260316


def aa_z_paths(looks: int, users_per_look: int, rate: float, runs: int = 2_000, seed: int = SEED):
    """z statistics (runs × looks) of cumulative A/A comparisons, ``users_per_look`` per group per look."""
    import numpy as np

    if looks < 1 or users_per_look < 1 or runs < 1 or not 0 < rate < 1:
        raise ValueError("need looks, users per look and runs of at least 1, and a rate between 0 and 1")
    rng = np.random.default_rng(seed)
    a = rng.binomial(users_per_look, rate, size=(runs, looks)).cumsum(axis=1)
    b = rng.binomial(users_per_look, rate, size=(runs, looks)).cumsum(axis=1)
    n = users_per_look * np.arange(1, looks + 1)
    pooled = (a + b) / (2 * n)
    se = np.sqrt(pooled * (1 - pooled) * 2 / n)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, (b - a) / n / se, 0.0)
    return z


def peeking_false_positive_rate(
    looks: int, users_per_look: int, rate: float, alpha: float = 0.05, runs: int = 10_000, seed: int = SEED
) -> float:
    """Share of A/A runs declared significant at any of ``looks`` equally spaced looks."""
    import numpy as np
    from scipy.stats import norm

    threshold = norm.isf(alpha / 2)
    z = aa_z_paths(looks, users_per_look, rate, runs, seed)
    return float(np.mean((np.abs(z) > threshold).any(axis=1)))


def false_positive_curve(
    max_looks: int, total_users: int, rate: float, alpha: float = 0.05, runs: int = 4_000, seed: int = SEED
):
    """False-positive rate for 1..max_looks looks at the same final sample (per group), as a DataFrame."""
    import pandas as pd

    rows = [
        {
            "looks": k,
            "false positive rate": peeking_false_positive_rate(
                k, max(1, total_users // k), rate, alpha, runs, seed + k
            ),
        }
        for k in range(1, max_looks + 1)
    ]
    return pd.DataFrame(rows)
