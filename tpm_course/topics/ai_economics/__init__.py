"""Module 12, AI product economics: a dated price sheet, token cost, latency, a classifier's threshold and fairness."""
