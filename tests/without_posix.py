"""`python tests/without_posix.py ARGS`: run `cchc ARGS` as on a system without the POSIX-only
modules (Windows): importing fcntl, resource, readline or termios fails, and signal has no
SIGALRM or setitimer, so the portable code paths are the ones that run.

`CCHC_TEST_MAX_SECONDS` shortens the templates' time limit, for the test of an endless template.
"""

from __future__ import annotations

import os
import signal
import sys

POSIX_ONLY = ("fcntl", "resource", "readline", "termios")

for name in POSIX_ONLY:
    sys.modules[name] = None  # type: ignore[assignment]  # `import name` now raises ImportError
for name in ("SIGALRM", "setitimer", "ITIMER_REAL", "alarm"):
    if hasattr(signal, name):
        delattr(signal, name)

if __name__ == "__main__":
    from cchc_plan.cli import main
    from cchc_plan.reports import sandbox

    if os.environ.get("CCHC_TEST_MAX_SECONDS"):
        sandbox.MAX_SECONDS = float(os.environ["CCHC_TEST_MAX_SECONDS"])
    sys.exit(main(sys.argv[1:]))
