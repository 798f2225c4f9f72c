"""tpm-course: the helper library behind the course's lessons and self-grading exercises."""

__version__ = "0.1.0"
__all__ = ["__version__"]
