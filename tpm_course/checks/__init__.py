"""One module per notebook, binding its questions: ``from tpm_course.checks.ex01_estimation import q1``."""
