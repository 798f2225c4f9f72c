"""The course website: a static Sphinx + MyST-NB site of the lessons, exercises, data and guides, built offline."""

from .build import BUILD, Built, build_site
from .settings import Settings, SiteError, course_version, load_settings

__all__ = ["BUILD", "Built", "Settings", "SiteError", "build_site", "course_version", "load_settings"]
