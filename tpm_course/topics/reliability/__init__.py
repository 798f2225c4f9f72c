"""Module 03, reliability: SLOs and error budgets: the maths in ``maths``, then data, widgets and checks."""
