"""A submitted notebook read, made safe to grade and finished after its run, by nbgrader's own preprocessors.

Before the run: ``ClearOutput``, ``DeduplicateIds``, ``OverwriteKernelspec``, ``OverwriteCells``
and ``CheckCellMetadata``, as ``nbgrader autograde`` sanitizes; the two that query the
gradebook read the run's ``AssignmentKey`` instead. After the run: ``IgnorePattern``,
nbconvert's ``ClearMetadataPreprocessor``, ``LimitOutput`` and, when that clearing is enabled,
``CheckCellMetadata`` again (otherwise nothing could have changed its verdict).
Before those, ``RestoreCellMetadata`` gives every graded, locked and answer cell the nbgrader
metadata of its source cell and nothing else (a ``skip-execution`` tag, a forged ``grade`` or
``solution`` flag, other points), and strips nbgrader metadata the source does not know.
Scores are written later, by nbgrader's ``SaveAutoGrades`` (see ``gradebook``).
A notebook too large, with too many cells, nested too deep or that any step fails on is
``NotGradable``: not graded, with the reason and an ``unreadable`` flag.
``OverwriteCells.add_missing_cells`` is not applied: a deleted graded cell is reported
instead (see ``flags``).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import nbformat.reader
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    IgnorePattern,
    LimitOutput,
    NbGraderPreprocessor,
    OverwriteCells,
    OverwriteKernelspec,
)

from ..core.errors import TpmCourseError
from .flags import Effect, Flag
from .sandbox import Limits


class NotGradable(TpmCourseError):
    """The notebook cannot be graded; the message says why, for the instructor."""

    @property
    def flags(self) -> list[Flag]:
        """The flag the grading record keeps with the reason."""
        return [Flag("unreadable", "the notebook", None, str(self), effect=Effect.NOT_GRADED)]


def read_notebook(
    path: Path, max_bytes: int = Limits.notebook_bytes, max_cells: int = Limits.notebook_cells
) -> NotebookNode:
    """The submitted notebook, refused (``NotGradable``) when larger than ``max_bytes`` or ``max_cells``
    before anything but JSON reads it."""
    if path.is_symlink():
        raise NotGradable(f"{path.name} is a symbolic link, not a submitted file")
    if not path.is_file():
        raise NotGradable(f"no notebook {path.name} in the submission")
    size = path.stat().st_size
    if size > max_bytes:
        raise NotGradable(f"{path.name} is {size / 2**20:.1f} MiB, over the grader's {max_bytes / 2**20:g} MiB limit")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise NotGradable(f"{path.name} is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotGradable(f"{path.name} is not valid JSON (line {error.lineno}: {error.msg})") from None
    except RecursionError:
        raise NotGradable(f"{path.name} nests its JSON deeper than the grader reads") from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if isinstance(cells, list) and len(cells) > max_cells:
        raise NotGradable(f"{path.name} has {len(cells):,} cells, over the grader's limit of {max_cells:,}")
    try:
        # nbformat.reads, minus its schema validation (which only logs, and costs 10 ms a notebook)
        return nbformat.convert(nbformat.reader.reads(text), 4)
    except Exception as error:
        raise NotGradable(f"{path.name} is not a Jupyter notebook ({type(error).__name__}: {error})") from None


class KeyedOverwriteCells(OverwriteCells):
    """nbgrader's OverwriteCells, asking the assignment key instead of the gradebook."""

    def __init__(self, key, **kwargs):
        super().__init__(**kwargs)
        self.key = key

    def preprocess(self, nb, resources):
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.gradebook = self.key
        return NbGraderPreprocessor.preprocess(self, nb, resources)


class KeyedOverwriteKernelspec(OverwriteKernelspec):
    """nbgrader's OverwriteKernelspec, asking the assignment key instead of the gradebook."""

    def __init__(self, key, **kwargs):
        super().__init__(**kwargs)
        self.key = key

    def preprocess(self, nb, resources):
        found = self.key.find_notebook(resources["nbgrader"]["notebook"], resources["nbgrader"]["assignment"])
        if found.kernelspec:
            nb.metadata["kernelspec"] = json.loads(found.kernelspec)
        return nb, resources


class RestoreCellMetadata(NbGraderPreprocessor):
    """Each cell the source knows gets the source's nbgrader metadata and nothing else; nbgrader
    metadata the source does not know is dropped (a cell the student marked graded counts for nothing)."""

    def __init__(self, key, **kwargs):
        super().__init__(**kwargs)
        self.key = key

    def preprocess(self, nb, resources):
        notebook = self.key.notebooks.get(resources["nbgrader"]["notebook"])
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader")
            grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
            if notebook is None or grade_id not in notebook.cells:
                cell.metadata.pop("nbgrader", None)
                continue
            source = notebook.cells[grade_id]
            graded = grade_id in notebook.points
            task = graded and source.cell_type == "markdown" and grade_id not in notebook.solutions
            restored = {
                "grade": graded and not task,
                "grade_id": grade_id,
                "locked": source.locked,
                "schema_version": 3,
                "solution": grade_id in notebook.solutions,
                "task": task,
            }
            if grade_id in notebook.points:
                restored["points"] = notebook.points[grade_id]
            cell.metadata = NotebookNode(nbgrader=NotebookNode(restored))
        return nb, resources


class Preprocessors:
    """One worker's instances of the preprocessors, configured from the course's nbgrader config."""

    def __init__(self, key, config):
        _cache_schema_validators()
        self.before = [
            ClearOutput(config=config),
            DeduplicateIds(config=config),
            RestoreCellMetadata(key, config=config),
            KeyedOverwriteKernelspec(key, config=config),
            KeyedOverwriteCells(key, config=config),
            CheckCellMetadata(config=config),
        ]
        clear_metadata = ClearMetadataPreprocessor(config=config)
        self.after = [IgnorePattern(config=config), clear_metadata, LimitOutput(config=config)]
        if clear_metadata.enabled:  # otherwise nothing since the first check changed cell metadata
            self.after.append(CheckCellMetadata(config=config))

    def sanitize(self, nb: NotebookNode, resources: dict) -> NotebookNode:
        return self._run(self.before, nb, resources)

    def finish(self, nb: NotebookNode, resources: dict) -> NotebookNode:
        return self._run(self.after, nb, resources)

    @staticmethod
    def _run(preprocessors, nb, resources):
        from nbgrader.nbgraderformat import ValidationError

        try:
            for preprocessor in preprocessors:
                nb, resources = preprocessor(nb, resources)
        except ValidationError as error:
            raise NotGradable(f"its nbgrader cell metadata is invalid ({error})") from None
        except RecursionError:
            raise NotGradable("it nests its content deeper than the grader reads") from None
        except Exception as error:
            name = type(preprocessor).__name__
            raise NotGradable(f"nbgrader's {name} could not process it ({type(error).__name__}: {error})") from None
        return nb


def resources_for(assignment: str, student: str, notebook: str, db_url: str = "") -> dict:
    return {
        "unique_key": notebook,
        "output_files_dir": f"{notebook}_files",
        "nbgrader": {"student": student, "assignment": assignment, "notebook": notebook, "db_url": db_url},
    }


def present_ids(nb: NotebookNode) -> set[str]:
    return {
        cell.metadata.nbgrader["grade_id"]
        for cell in nb.cells
        if "nbgrader" in cell.metadata and "grade_id" in cell.metadata.nbgrader
    }


def grade_cells(nb: NotebookNode) -> list[NotebookNode]:
    return [cell for cell in nb.cells if utils.is_grade(cell)]


_CACHED = False


def _cache_schema_validators() -> None:
    """Compile nbgrader's metadata schemas once, and check each distinct cell metadata once.

    nbgrader checks each cell's metadata with ``jsonschema.validate``, which re-checks the
    schema and builds a validator on every call (about 2 ms a cell, twice per notebook), its
    ``MetadataValidator`` reading the schema afresh each time. The replacement keeps one
    validator per schema (by its content) and remembers metadata that passed (most cells are
    as released); a failure raises the same error, ``best_match`` of the same validator's errors.
    """
    global _CACHED
    if _CACHED:
        return
    import jsonschema
    from nbgrader.nbgraderformat import common

    class CachedJsonschema:
        def __init__(self):
            self._validators: list[tuple[dict, object, set[str]]] = []  # schema, its validator, metadata passed

        def validate(self, instance, schema):
            entry = next((e for e in self._validators if e[0] is schema or e[0] == schema), None)
            if entry is None:
                cls = jsonschema.validators.validator_for(schema)
                cls.check_schema(schema)
                entry = (schema, cls(schema), set())
                self._validators = [entry, *self._validators[:7]]
            try:
                seen = json.dumps(instance, sort_keys=True)
            except (TypeError, ValueError):  # not JSON: the validator says what is wrong
                seen = None
            if seen is not None and seen in entry[2]:
                return
            error = jsonschema.exceptions.best_match(entry[1].iter_errors(instance))
            if error is not None:
                raise error
            if seen is not None and len(entry[2]) < _PASSED_KEPT:
                entry[2].add(seen)

        def __getattr__(self, name):
            return getattr(jsonschema, name)

    common.jsonschema = CachedJsonschema()
    _CACHED = True


_PASSED_KEPT = 100_000  # distinct cell metadata remembered as valid, per schema (a few hundred bytes each)
