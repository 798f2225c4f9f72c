"""Module 07, planning under uncertainty: PERT and the critical path in ``maths``, then data, widgets and checks."""
