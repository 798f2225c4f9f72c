"""Module 01, back-of-the-envelope estimation: the maths in ``maths``, then data, widgets and checks."""
