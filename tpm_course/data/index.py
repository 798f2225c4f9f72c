"""The index of ``datasets/README.md``: every data set, its file, its documentation and the modules that read it.

Written from ``course.toml`` and the topics' ``DATASETS`` by ``tpm-course datasets``;
``tests/test_manifest.py`` fails when the committed index is stale.
"""

from __future__ import annotations

from pathlib import Path

from ..manifest import Manifest
from ..module_tables import replaced
from . import datasets, owner

BEGIN = "<!-- data sets: written from course.toml and the topics' DATASETS by `tpm-course datasets` -->"
END = "<!-- end of data sets -->"


def table(manifest: Manifest) -> str:
    """One row per data set: file, the topic's documentation, the modules that read it, what it holds."""
    rows = ["| data set | file | documented in | read by | what it holds |", "|---|---|---|---|---|"]
    for name, dataset in datasets().items():
        readers = ", ".join(m.number for m in manifest.modules if name in m.datasets) or "no module yet"
        doc = f"{owner(name)}.md"
        rows.append(f"| `{name}` | `{dataset.filename}` | [{doc}]({doc}) | {readers} | {dataset.describe()} |")
    return "\n".join(rows)


def write(root: Path, manifest: Manifest) -> bool:
    """Rewrite the index in ``datasets/README.md``; True when it changed."""
    readme = root / "datasets" / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = replaced(text, table(manifest), "datasets/README.md", BEGIN, END)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text
