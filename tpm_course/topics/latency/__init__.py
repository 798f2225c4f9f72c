"""Module 02, latency, caching and CDN: the maths in ``maths``, then data, widgets and checks."""
