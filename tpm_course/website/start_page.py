"""The website's start page: the course's module map from ``course.toml``, and the site's tables of contents."""

from __future__ import annotations

from tpm_course.manifest import Manifest, Module


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def module_row(module: Module) -> str:
    """One module as a row of the map: linked when ready, marked when in preparation."""
    lesson_min, exercise_min = module.minutes
    if module.ready:
        title = f"[{_cell(module.title)}]({module.lesson})"
        exercise = f"[exercise]({module.exercise}) · {exercise_min} min"
    else:
        title = f"{_cell(module.title)} *({module.status})*"
        exercise = f"{exercise_min} min"
    after = ", ".join(p[:2] for p in module.prerequisites) or "–"
    return f"| {module.number} | {title} | {_cell(module.summary)} | {lesson_min} min | {exercise} | {after} |"


def _toctree(caption: str, entries: list[str]) -> str:
    return "\n".join(["```{toctree}", ":hidden:", f":caption: {caption}", ":titlesonly:", "", *entries, "```", ""])


def start_page(manifest: Manifest, version: str, data_pages: set[str], banner: str) -> str:
    """The Markdown of ``index.md``; ``data_pages`` names the topics that have a page in datasets/.

    ``banner`` is the HTML of the links that open the course in JupyterLab.
    """
    ready = manifest.ready
    data = [f"datasets/{m.topic}" for m in manifest.modules if m.topic in data_pages]
    lines = [
        f"# {manifest.title}",
        "",
        f'<p class="tpm-version">Version {version} · code under the MIT licence, lessons and data under <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a></p>',
        "",
        "Each module is a **lesson** (a worked example with charts and self-checks) and an **exercise**"
        " that grades itself as you work. Read them here; run them in JupyterLab with the link at the top of each page.",
        "",
        banner,
        "",
        "## The modules",
        "",
        "| | module | what you compute, write and decide | lesson | exercise | after |",
        "|---|---|---|---|---|---|",
        *(module_row(m) for m in manifest.modules),
        "",
        "## More",
        "",
        "- [The data sets](datasets/README.md): every file the lessons and exercises read, column by column.",
        "- [Learning on your own](guides/learner.md), [teaching a cohort](guides/instructor.md)"
        " and [hosting it on JupyterHub](guides/hosting.md).",
        "- [Writing for the course](guides/authors.md): adding a module, a question or a misconception.",
        "",
        _toctree("Lessons", [m.lesson.removesuffix(".ipynb") for m in ready]),
        _toctree("Exercises", [m.exercise.removesuffix(".ipynb") for m in ready]),
        _toctree("Data sets", ["datasets/README", *data]),
        _toctree("Guides", ["guides/learner", "guides/instructor", "guides/hosting", "guides/authors"]),
    ]
    return "\n".join(lines)
