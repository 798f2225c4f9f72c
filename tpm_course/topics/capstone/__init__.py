"""Capstone: one launch brief whose capacity, latency, reliability, experiment, AI cost and rollout numbers agree."""
