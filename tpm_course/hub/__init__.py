"""Helpers for hosting the course on JupyterHub: lesson links, the roster, student-safe exports."""
