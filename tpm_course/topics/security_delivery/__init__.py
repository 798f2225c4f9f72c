"""Module 13: regulatory deadlines, data minimisation, DORA's four keys and a staged rollout."""
