"""Module 09, experiment design: the maths in ``maths``, then data, widgets and checks."""
