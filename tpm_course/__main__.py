"""``python -m tpm_course`` runs the ``tpm-course`` command."""

import sys

from .cli import main

sys.exit(main())
