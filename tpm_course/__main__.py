"""``python -m tpm_course`` runs the ``tpm-course`` command."""

from .cli import run

run()
