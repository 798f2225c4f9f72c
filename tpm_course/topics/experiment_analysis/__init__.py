"""Experiment analysis for module 10: simulated logs and the statistics a TPM reads a test with.

    logs       seeded generator of exposure and session logs, with planted quirks and effects
    datasets   the plans behind the course's experiment data sets
    trust      the sample-ratio check and the cleaning rules
    analysis   two-proportion test, intervals, relative lift, mean differences, corrections
    variance   CUPED and the delta method for ratio metrics (written by hand, tested by simulation)
    peeking    the false-positive rate of checking a test every day

Every module imports numpy, scipy and statsmodels inside its functions, so importing this
package stays cheap.
"""

from .analysis import Comparison, adjust_p_values, compare_means, compare_proportions, relative_interval
from .peeking import aa_z_paths, false_positive_curve, peeking_false_positive_rate
from .trust import CLEANING_RULES, GO, SRM_ALARM, STOP, SplitCheck, clean_log, cleaning_report, srm_check
from .variance import Cuped, Ratio, compare_ratios, cuped, cuped_theta, per_unit_totals, ratio_estimate

__all__ = [
    "CLEANING_RULES",
    "GO",
    "SRM_ALARM",
    "STOP",
    "Comparison",
    "Cuped",
    "Ratio",
    "SplitCheck",
    "aa_z_paths",
    "adjust_p_values",
    "clean_log",
    "cleaning_report",
    "compare_means",
    "compare_proportions",
    "compare_ratios",
    "cuped",
    "cuped_theta",
    "false_positive_curve",
    "peeking_false_positive_rate",
    "per_unit_totals",
    "ratio_estimate",
    "relative_interval",
    "srm_check",
]
