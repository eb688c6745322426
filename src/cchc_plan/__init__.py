"""cchc: the administrative-reform communication plan of a Vietnamese public body, kept in YAML.

The library is usable without the command line::

    from pathlib import Path
    from cchc_plan.reading.loader import load_plan

    loaded = load_plan(Path("plans/2020.yaml"))
    for error in loaded.errors:
        print(error.file, error.line, error.col, error.message)
"""

__version__ = "0.1.0"
