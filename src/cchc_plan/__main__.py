"""`python -m cchc_plan` runs the same command line as `cchc`."""

import sys

from .cli import main

sys.exit(main())
