"""The gradebook's record of one assignment, read once per run: source cells, points, kernelspec.

Workers sanitize submissions against this snapshot instead of opening the gradebook, so
no database handle ever reaches a process that runs student code. ``AssignmentKey`` answers
the few gradebook queries nbgrader's ``OverwriteCells`` and ``OverwriteKernelspec`` make.
"""

from __future__ import annotations

import ast
import hashlib
import json
from dataclasses import dataclass, field
from types import SimpleNamespace

from nbformat.notebooknode import NotebookNode

from .settings import Settings


@dataclass(frozen=True)
class SourceCellKey:
    name: str
    cell_type: str
    locked: bool
    checksum: str
    source: str


@dataclass
class NotebookKey:
    name: str
    kernelspec: str | None
    cells: dict[str, SourceCellKey]  # grade_id -> source cell
    points: dict[str, float]  # grade cells and task cells -> max score
    solutions: set[str] = field(default_factory=set)
    released: dict[str, str] = field(default_factory=dict)  # locked cell -> text the student received

    @property
    def grade_ids(self) -> list[str]:
        return [name for name in self.cells if name in self.points]

    @property
    def max_score(self) -> float:
        return sum(self.points.values())

    def setup_names(self) -> set[str]:
        """Names the locked setup cells bind at their top level (imports, assignments, definitions)."""
        names = set()
        for cell in self.cells.values():
            if cell.locked and cell.cell_type == "code" and cell.name not in self.points:
                try:
                    names |= _top_level_names(ast.parse(cell.source).body)
                except SyntaxError:
                    continue
        return names

    def protected_names(self, settings: Settings) -> set[str]:
        """Names the locked setup cells bind from the course's checks (``from <checks package>.x import q1``)."""
        names = set()
        for cell in self.cells.values():
            if not cell.locked or cell.cell_type != "code" or cell.name in self.points:
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and settings.binds_checks(node.module):
                    names.update(alias.asname or alias.name for alias in node.names if alias.name != "*")
                elif isinstance(node, ast.Import):
                    names.update(
                        alias.asname for alias in node.names if alias.asname and settings.binds_checks(alias.name)
                    )
        return names


class AssignmentKey:
    """Everything the gradebook knows about an assignment's notebooks, without the gradebook."""

    def __init__(self, name: str, notebooks: dict[str, NotebookKey]):
        self.name = name
        self.notebooks = notebooks
        payload = json.dumps(
            {
                n: [
                    nb.kernelspec,
                    [
                        (c.name, c.cell_type, c.locked, c.checksum, c.source)
                        for c in sorted(nb.cells.values(), key=lambda c: c.name)
                    ],
                    sorted(nb.points.items()),
                ]
                for n, nb in sorted(notebooks.items())
            },
            sort_keys=True,
        )
        self.digest = hashlib.sha256(payload.encode()).hexdigest()

    @classmethod
    def from_gradebook(cls, gradebook, assignment: str, config=None) -> AssignmentKey:
        from nbgrader.preprocessors import ClearHiddenTests

        hidden = ClearHiddenTests(config=config) if config is not None else ClearHiddenTests()
        notebooks = {}
        for notebook in gradebook.find_assignment(assignment).notebooks:
            cells = {
                c.name: SourceCellKey(c.name, c.cell_type, bool(c.locked), c.checksum, c.source or "")
                for c in notebook.source_cells
            }
            points = {c.name: float(c.max_score) for c in notebook.grade_cells}
            points.update({c.name: float(c.max_score) for c in notebook.task_cells})
            released = {}
            for cell in cells.values():
                if cell.locked:
                    copy = NotebookNode(cell_type=cell.cell_type, source=cell.source, metadata={})
                    hidden._remove_hidden_test_region(copy)
                    released[cell.name] = copy.source
            notebooks[notebook.name] = NotebookKey(
                notebook.name, notebook.kernelspec, cells, points, {c.name for c in notebook.solution_cells}, released
            )
        return cls(assignment, notebooks)

    def public(self) -> AssignmentKey:
        """What a worker may hold, because its kernels are forked from it: each locked cell as the
        students received it (hidden tests removed, its checksum made for that text), no solution's
        source. The test cells' full source stays with the trusted checker and the parent."""
        notebooks = {}
        for name, nb in self.notebooks.items():
            cells = {}
            for c in nb.cells.values():
                cell = SourceCellKey(c.name, c.cell_type, c.locked, c.checksum, "")
                if c.locked:
                    text = nb.released.get(c.name, c.source)
                    checksum = c.checksum if text == c.source else _test_checksum(c, text, nb.points.get(c.name, 0.0))
                    cell = SourceCellKey(c.name, c.cell_type, c.locked, checksum, text)
                cells[c.name] = cell
            notebooks[name] = NotebookKey(
                name, nb.kernelspec, cells, dict(nb.points), set(nb.solutions), dict(nb.released)
            )
        key = AssignmentKey.__new__(AssignmentKey)
        key.name, key.notebooks, key.digest = self.name, notebooks, self.digest
        return key

    def scrub(self) -> None:
        """Forget every source in this copy (a worker's, inherited from the parent by fork)."""
        for nb in self.notebooks.values():
            nb.cells.clear()
            nb.released.clear()
        self.notebooks.clear()

    # -- the gradebook queries nbgrader's sanitizing preprocessors make ----------------

    def find_notebook(self, notebook: str, assignment: str):
        return SimpleNamespace(kernelspec=self._notebook(notebook, assignment).kernelspec)

    def find_source_cell(self, name: str, notebook: str, assignment: str) -> SourceCellKey:
        cell = self._notebook(notebook, assignment).cells.get(name)
        if cell is None:
            raise _missing(f"no source cell {name}")
        return cell

    def find_graded_cell(self, name: str, notebook: str, assignment: str):
        points = self._notebook(notebook, assignment).points
        if name not in points:
            raise _missing(f"no graded cell {name}")
        return SimpleNamespace(name=name, max_score=points[name])

    def _notebook(self, notebook: str, assignment: str) -> NotebookKey:
        if assignment != self.name or notebook not in self.notebooks:
            raise _missing(f"no notebook {notebook} in {assignment}")
        return self.notebooks[notebook]


def _test_checksum(cell: SourceCellKey, text: str, points: float) -> str:
    """nbgrader's checksum of a test cell (graded, locked, no solution) whose source is ``text``."""
    from nbgrader.utils import compute_checksum

    metadata = {"nbgrader": {"grade": True, "solution": False, "locked": True, "grade_id": cell.name, "points": points}}
    return compute_checksum(NotebookNode(cell_type=cell.cell_type, source=text, metadata=NotebookNode(metadata)))


def _missing(message: str):
    from nbgrader.api import MissingEntry

    return MissingEntry(message)


def _top_level_names(body) -> set[str]:
    """What statements bind in the namespace they run in (not inside the functions, classes and
    comprehensions they define)."""
    names = set()
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name != "*")
        else:
            names |= _stored(node)
    return names


_OWN_SCOPE = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _stored(node) -> set[str]:
    names = set()
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.stmt):
            names |= _top_level_names([child])
        elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            names.add(child.id)
        elif not isinstance(child, _OWN_SCOPE):
            names |= _stored(child)
    return names
