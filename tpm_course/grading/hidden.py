"""Feedback that never shows a hidden test: outputs quoting hidden-test code lose those lines.

nbgrader's ``ClearHiddenTests`` removes the hidden tests from the cells' sources, not from their
outputs. An output can still quote them: the traceback of a test cell stopped at its time limit
lists the cell's lines, and a student's cell can print the kernel's input history (``_ih``).
``HideHiddenTests`` runs before ``ClearHiddenTests`` in ``GenerateFeedback`` (see
``nbgrader_config.py``): it finds the hidden lines while the markers are still there and replaces
every output line that quotes one; a traceback that quotes one keeps only its last line.
"""

from __future__ import annotations

import re

from nbgrader.preprocessors import NbGraderPreprocessor

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
REMOVED = "[a line of the hidden tests, removed]"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
SHORTEST = 8  # shorter hidden lines (")", "])") say nothing and would match everywhere


def hidden_lines(cells) -> set[str]:
    """The stripped lines of every hidden-test region that appear nowhere outside one."""
    hidden, shown = set(), set()
    for cell in cells:
        inside = False
        for line in cell.get("source", "").splitlines():
            if BEGIN in line or END in line:
                inside = BEGIN in line
                continue
            (hidden if inside else shown).add(line.strip())
    return {line for line in hidden - shown if len(line) >= SHORTEST}


def _quotes(text: str, secret: set[str]) -> bool:
    plain = _ANSI.sub("", text)
    return any(line in plain for line in secret)


def _scrubbed(text: str, secret: set[str]) -> str:
    return "\n".join(REMOVED if _quotes(line, secret) else line for line in text.split("\n"))


def scrub(output: dict, secret: set[str]) -> None:
    """Remove what ``output`` quotes of ``secret``, in place."""
    if output.get("output_type") == "error":
        if any(_quotes(line, secret) for line in output.get("traceback", [])):
            output["traceback"] = [f"{output.get('ename', 'Error')}: {_scrubbed(output.get('evalue', ''), secret)}"]
        output["evalue"] = _scrubbed(output.get("evalue", ""), secret)
        return
    if "text" in output:
        text = output["text"]
        output["text"] = _scrubbed("".join(text) if isinstance(text, list) else text, secret)
    for kind, value in output.get("data", {}).items():
        if kind.startswith("text/"):
            output["data"][kind] = _scrubbed("".join(value) if isinstance(value, list) else value, secret)


class HideHiddenTests(NbGraderPreprocessor):
    """Before ``ClearHiddenTests``: no output of the feedback quotes a line of the hidden tests."""

    def preprocess(self, nb, resources):
        secret = hidden_lines(nb.cells)
        if secret:
            for cell in nb.cells:
                for output in cell.get("outputs", []):
                    scrub(output, secret)
        return nb, resources
