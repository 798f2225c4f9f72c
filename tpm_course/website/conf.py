"""The Sphinx configuration of the website, written as the source tree's ``conf.py``."""

from __future__ import annotations

from pathlib import Path

from tpm_course.manifest import Manifest

AUTHOR = "The tpm-course authors"
# Folders of the repository that lessons read by a relative path (``../benchmarks/...``): linked
# into the source tree, so a lesson runs there as in the repository; Sphinx does not read them.
CONTEXT = ("benchmarks",)


def sphinx_config(manifest: Manifest, version: str, cache: Path) -> dict:
    """Every setting Sphinx and MyST-NB read: a theme shipped in its wheel, lessons run once and cached."""
    short = manifest.title.split(":")[0].strip() or "TPM course"
    return {
        "project": short,
        "author": AUTHOR,
        "copyright": f"{AUTHOR}; code MIT, lessons and data CC BY 4.0",
        "version": version,
        "release": version,
        "language": "en",
        "extensions": ["myst_nb", "tpm_course.website.sphinx_ext"],
        "exclude_patterns": ["_build", "**.ipynb_checkpoints", *CONTEXT],
        "html_theme": "furo",  # its fonts, scripts and styles are in the wheel: nothing is fetched
        "html_title": f"{short} {version}",
        "templates_path": ["_templates"],
        "html_static_path": ["_static"],
        "html_css_files": ["course.css"],
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "myst_heading_anchors": 3,
        # Lessons run at build time; jupyter-cache keeps their outputs until their code changes.
        "nb_execution_mode": "cache",
        "nb_execution_cache_path": str(cache),
        "nb_execution_timeout": 120,  # seconds a cell; none needs 10
        "nb_execution_raise_on_error": True,
        "nb_execution_show_tb": True,
        "nb_execution_excludepatterns": ["exercises/**"],
        # ipywidgets' JavaScript would come from a CDN: the explorers stay in JupyterLab.
        "nb_ipywidgets_js": {},
        "suppress_warnings": ["mystnb.unknown_mime_type"],
    }


def conf_py(manifest: Manifest, version: str, cache: Path) -> str:
    """The text of ``conf.py``: one ``name = value`` line per setting."""
    lines = ['"""Written by tpm_course.website.conf for each build: edit that module, not this file."""', ""]
    lines += [f"{name} = {value!r}" for name, value in sphinx_config(manifest, version, cache).items()]
    return "\n".join(lines) + "\n"
