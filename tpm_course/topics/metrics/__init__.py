"""Module 08, product metrics: the maths in ``maths``, then data, widgets and checks."""
