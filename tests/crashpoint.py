"""Run `cchc` with a fault at one step of writing a plan file, as a real process would meet it.

    python tests/crashpoint.py STEP MARKER -- CCHC ARGUMENTS...

STEP is one of STEPS. A `kill` is SIGKILL sent to the process itself (nothing runs after it, as
after a power cut); `hold` writes MARKER and sleeps inside the write, lock held, until killed;
`full-disk` makes the disk report ENOSPC. Only writes of the plan's YAML files are touched:
the cache's writes go on as usual.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

# step -> (function of `os` or of cchc's storage module, before or after the real call, action)
STEPS = {
    "written-not-synced": ("fsync", "before", "kill"),
    "synced": ("chmod", "before", "kill"),
    "before-rename": ("replace", "before", "kill"),
    "after-rename": ("replace", "after", "kill"),
    "after-folder-sync": ("_sync_folder", "after", "kill"),
    "full-disk": ("fsync", "before", "enospc"),
    "hold": ("replace", "before", "hold"),
}


def _is_plan_write(args: tuple[Any, ...]) -> bool:
    """Whether a call's first argument is a plan's temporary file (a descriptor or a path)."""
    first = args[0] if args else None
    if isinstance(first, int):
        try:
            first = os.readlink(f"/proc/self/fd/{first}")
        except OSError:
            return False
    return ".yaml." in str(first) and str(first).endswith(".tmp")


def install(step: str, marker: Path) -> None:
    from cchc_plan.writing import storage

    name, when, action = STEPS[step]
    owner: Any = storage if name.startswith("_") else os
    real = getattr(owner, name)

    def act() -> None:
        if action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif action == "enospc":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        else:
            marker.write_text(str(os.getpid()), encoding="utf-8")
            while True:
                time.sleep(1)

    def faulty(*args: Any, **kwargs: Any) -> Any:
        plan_write = name == "_sync_folder" or _is_plan_write(args)
        if plan_write and when == "before":
            act()
        result = real(*args, **kwargs)
        if plan_write and when == "after":
            act()
        return result

    setattr(owner, name, faulty)


if __name__ == "__main__":
    step, marker, separator, *arguments = sys.argv[1:]
    assert separator == "--"
    install(step, Path(marker))
    from cchc_plan.cli import main

    sys.exit(main(arguments))
