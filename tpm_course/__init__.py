"""tpm-course: the helper library behind the course's lessons and self-grading exercises."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tpm-course")  # pyproject.toml's, the one place the version is written
except PackageNotFoundError:  # pragma: no cover - run from a checkout that was never installed
    __version__ = "0+unknown"
__all__ = ["__version__"]
