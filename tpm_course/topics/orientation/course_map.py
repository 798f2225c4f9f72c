"""The course map read from ``course.toml``: every module as a plain dict, and the route to one module."""

from __future__ import annotations

import math
from pathlib import Path

from tpm_course.manifest import FILENAME, ManifestError, load


def manifest_folder() -> Path:
    """The folder holding ``course.toml``: the course root around the notebook, else the package's clone."""
    import tpm_course
    from tpm_course.core import course_files

    candidates = [course_files.course_root(), Path.cwd(), *Path.cwd().parents, Path(tpm_course.__file__).parents[1]]
    for folder in candidates:
        if folder is not None and (folder / FILENAME).is_file():
            return folder
    raise ManifestError(f"no {FILENAME} found: open this notebook inside your clone of the course")


def course_modules(root: Path | None = None) -> list[dict]:
    """Every module of the manifest, in order, as a dict (stem, title, summary, minutes, status, prerequisites)."""
    manifest = load(root or manifest_folder())
    return [
        {
            "stem": m.stem,
            "title": m.title,
            "summary": m.summary,
            "minutes": list(m.minutes),
            "status": m.status,
            "prerequisites": list(m.prerequisites),
        }
        for m in manifest.modules
    ]


def _graph(modules: list[dict]):
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(m["stem"] for m in modules)
    graph.add_edges_from((p, m["stem"]) for m in modules for p in m.get("prerequisites", ()))
    return graph


def route(modules: list[dict], target: str, *, transitive: bool = True, include_target: bool = True,
          exercise: bool = True, in_hours: bool = True, order: str = "course", whole_hours: bool = False) -> dict:  # fmt: skip
    """The modules to take to finish ``target`` (its prerequisites, theirs, and itself) in course order, and the hours.

    The keyword switches give what a common slip gives (direct prerequisites only, the target
    left out, lessons only, minutes left as minutes, ``// 60``, and ``order``: ``"name"`` sorted,
    ``"topological"`` as networkx sorts them, ``"repeats"`` a recursion that lists a shared
    prerequisite once per path); the right route uses none of them.
    """
    import networkx as nx

    by_stem = {m["stem"]: m for m in modules}
    if target not in by_stem:
        raise KeyError(f"no module {target!r}")
    graph = _graph(modules)
    needed = nx.ancestors(graph, target) if transitive else set(graph.predecessors(target))
    if include_target:
        needed.add(target)
    stems = [m["stem"] for m in modules if m["stem"] in needed]  # the manifest lists modules in course order
    if order == "name":
        stems = sorted(stems)
    elif order == "topological":
        stems = list(nx.topological_sort(graph.subgraph(needed)))
    elif order == "repeats":
        stems = _with_repeats(by_stem, target)
    minutes = sum(by_stem[s]["minutes"][0] + (by_stem[s]["minutes"][1] if exercise else 0) for s in stems)
    if not in_hours:
        return {"modules": stems, "hours": minutes}
    return {"modules": stems, "hours": minutes // 60 if whole_hours else minutes / 60}


def _with_repeats(by_stem: dict, stem: str) -> list[str]:
    """Each prerequisite's route, then ``stem``: a module two paths share appears twice."""
    return [s for p in by_stem[stem]["prerequisites"] for s in _with_repeats(by_stem, p)] + [stem]


def weeks(hours: float, hours_per_week: float) -> int:
    """Whole weeks needed for ``hours`` of study at ``hours_per_week``."""
    return math.ceil(round(hours / hours_per_week, 9))
