"""nbgrader configuration: the repository root is the course directory."""

c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = "tpm-course"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# Answer cells show the learner a `...` placeholder written above the solution
# region; the region itself is removed without a stub.
c.ClearSolutions.code_stub = {"python": ""}

# Student code is bounded: a cell that runs longer is interrupted and fails.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# Feedback keeps enough output to read, not a runaway loop's megabytes.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 40

# Feedback shows each check's message but never the hidden tests (they hold the answer key):
# the autograded notebook gets its hidden-test regions removed before it becomes HTML.
# HideHiddenTests first: outputs (a timed-out test cell's traceback, a printed `_ih`) may quote
# hidden tests, which ClearHiddenTests removes from the sources only.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "tpm_course.grading.hidden.HideHiddenTests",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
