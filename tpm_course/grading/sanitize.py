"""A submitted notebook read, made safe to grade and finished after its run, by nbgrader's own preprocessors.

Before the run: ``ClearOutput``, ``DeduplicateIds``, ``OverwriteKernelspec``, ``OverwriteCells``
and ``CheckCellMetadata``, as ``nbgrader autograde`` sanitizes; the two that query the
gradebook read the run's ``AssignmentKey`` instead. After the run: ``IgnorePattern``,
nbconvert's ``ClearMetadataPreprocessor``, ``LimitOutput`` and, when that clearing is enabled,
``CheckCellMetadata`` again (otherwise nothing could have changed its verdict).
Scores are written later, by nbgrader's ``SaveAutoGrades`` (see ``gradebook``).
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


class NotGradable(TpmCourseError):
    """The notebook cannot be graded; the message says why, for the instructor."""


def read_notebook(path: Path) -> NotebookNode:
    if path.is_symlink():
        raise NotGradable(f"{path.name} is a symbolic link, not a submitted file")
    if not path.is_file():
        raise NotGradable(f"no notebook {path.name} in the submission")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise NotGradable(f"{path.name} is not UTF-8 text") from None
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise NotGradable(f"{path.name} is not valid JSON (line {error.lineno}: {error.msg})") from None
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


class Preprocessors:
    """One worker's instances of the preprocessors, configured from the course's nbgrader config."""

    def __init__(self, key, config):
        _cache_schema_validators()
        self.before = [
            ClearOutput(config=config),
            DeduplicateIds(config=config),
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
    """Compile nbgrader's metadata schemas once.

    nbgrader checks each cell's metadata with ``jsonschema.validate``, which re-checks the
    schema and builds a validator on every call (about 2 ms a cell, twice per notebook).
    The replacement raises the same error, ``best_match`` of the same validator's errors.
    """
    global _CACHED
    if _CACHED:
        return
    import jsonschema
    from nbgrader.nbgraderformat import common

    class CachedJsonschema:
        def __init__(self):
            self._validators = {}

        def validate(self, instance, schema):
            entry = self._validators.get(id(schema))
            if entry is None or entry[0] is not schema:
                cls = jsonschema.validators.validator_for(schema)
                cls.check_schema(schema)
                entry = self._validators[id(schema)] = (schema, cls(schema))
            error = jsonschema.exceptions.best_match(entry[1].iter_errors(instance))
            if error is not None:
                raise error

        def __getattr__(self, name):
            return getattr(jsonschema, name)

    common.jsonschema = CachedJsonschema()
    _CACHED = True
