"""One package per topic of the course: its maths, data, widgets and the checks of its notebooks.

A topic package ``tpm_course.topics.<topic>`` serves the module whose stem is ``NN_<topic>``
(``course.toml`` lists them) and holds, each where it applies:

    maths.py (or named modules)  the TPM mathematics the lesson teaches and the checks use
    datasets.py                  DATASETS (and DATABASES): seeded generators of datasets/ files
    widgets.py                   the lesson's ipywidgets explorers
    lesson.py                    the lesson's self-check questions (s1, s2, ...)
    exercise.py                  the exercise's graded questions (q1, q2, ...)

Shared machinery lives outside: ``tpm_course.core`` (question kinds, outcomes, feedback),
``tpm_course.data`` (the data-set registry), ``grading``, ``reporting`` and ``hub``.
"""
