"""`python -m bench`: every command timed as the clerk runs it, on plans of growing size.

Each command runs as a whole new process, several times; the median wall time and the peak
memory are reported, with the cache of validated plans empty ("after a change") and filled
("later runs"). The naive baseline, ruamel.yaml's round-trip load and dump of the same file, is
timed in the same run, and every figure is also given as its speed-up over that baseline, so
that the comparison holds on a busy machine. The result goes to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.pages import page_times
from bench.report import Figure, results_markdown

SIZES = (0, 100, 1_000, 10_000, 50_000)

# (name, arguments, whether it writes the plan)
COMMANDS: list[tuple[str, list[str], bool]] = [
    ("--help", ["--help"], False),
    ("completion (Tab)", [], False),
    ("check", ["check"], False),
    ("show --json", ["show", "--json"], False),
    ("list --json --quarter 2", ["list", "--json", "--quarter", "2"], False),
    ("status", ["status"], False),
    ("report --quarter 2 (md)", ["report", "--quarter", "2"], False),
    ("report --quarter 2 (json)", ["report", "--quarter", "2", "--format", "json"], False),
    ("report --quarter 2 (docx)", ["report", "--quarter", "2", "--format", "docx", "-o", "bao-cao.docx",
                                   "--date", "2020-06-20", "--force"], False),
    (PDF := "report --quarter 2 (pdf)", ["report", "--quarter", "2", "--format", "pdf", "-o",
                                         "bao-cao.pdf", "--date", "2020-06-20", "--force"], False),
    (XLSX := "report --quarter 2 (xlsx)", ["report", "--quarter", "2", "--format", "xlsx", "-o",
                                           "bao-cao.xlsx", "--date", "2020-06-20", "--force"], False),
    ("add-activity", ["add-activity", "-t", "vp-3", "-d", "15/06/2020", "--title",
                      "Hội nghị phổ biến Nghị định 61", "-f", "hoi-nghi", "-n", "1",
                      "--measure", "hội nghị"], True),
    ("progress", ["progress", "-t", "vp-3", "-q", "2", "-s", "done"], True),
    # A unit's workbook of 1.000 activities spread over the year (bench/sheet.py).
    (IMPORT := "import (1.000 dòng)", ["import", "nhap-lieu.xlsx"], True),
    ("diff (one added activity)", ["diff"], False),
    ("fmt --check", ["fmt", "--check"], False),
    # A clerk's typo: the last activity's date does not exist (on the shipped plan, which has no
    # activity, the plan's issue date). The command says where, with exit code 1.
    (WRONG_DATE := "check (one wrong date)", ["check"], False),
]
EXIT_CODES = {WRONG_DATE: 1}
IMPORTED_ROWS = 1_000
# The PDF is printed by LibreOffice, which takes most of its time: measured on plans up to this
# size, and LibreOffice's own time (converting the Word report of the same run) given apart.
PDF_UP_TO = 1_000
OFFICE = "LibreOffice alone (docx → pdf)"


# What a shell sets to ask for completions: here, of `cchc re` + Tab.
ENVIRONMENTS = {
    "completion (Tab)": {"_CCHC_COMPLETE": "complete_bash", "COMP_WORDS": "cchc re", "COMP_CWORD": "1"},
}


@dataclass
class Run:
    seconds: float
    peak_mb: float


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="numbers of generated activities, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (median)")
    parser.add_argument("--output", type=Path, default=Path(__file__).parent / "RESULTS.md")
    parser.add_argument("--smoke", action="store_true",
                        help="smallest plan, one run: proves the benchmark still works (CI)")
    options = parser.parse_args()
    sizes = [0] if options.smoke else [int(size) for size in options.sizes.split(",")]
    runs = 1 if options.smoke else options.runs
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as scratch:
        for size in sizes:
            figures += measure_size(Path(scratch) / str(size), size, runs)
    options.output.write_text(results_markdown(figures, _machine(), runs), encoding="utf-8")
    print(f"Kết quả: {options.output}")


def measure_size(folder: Path, size: int, runs: int) -> list[Figure]:
    """Every command on the shipped plan plus `size` activities. The plans stay on disk: this
    process must stay small, because a child started by it is charged the parent's peak memory
    until it replaces itself with the command (the kernel counts it at exec)."""
    plan = folder / "plans" / "2020.yaml"
    subprocess.run([sys.executable, "-m", "bench.plans", str(folder), str(size)], check=True,
                   cwd=Path(__file__).parent.parent)
    subprocess.run([sys.executable, "-m", "bench.sheet", str(folder), str(IMPORTED_ROWS)],
                   check=True, cwd=Path(__file__).parent.parent)
    pristine, changed, wrong = folder / "pristine.yaml", folder / "changed.yaml", folder / "wrong.yaml"
    shutil.copyfile(plan, pristine)
    _write_with_one_wrong_date(plan, wrong)
    _git(folder, "init", "-q")
    _git(folder, "add", "plans")
    _git(folder, "commit", "-qm", "plan")
    _cchc(folder, _arguments("add-activity"))  # the work tree that `diff` compares with the commit
    shutil.copyfile(plan, changed)
    baseline = _baseline(plan, 1 if size >= 10_000 else runs)
    print(f"{size} hoạt động: {pristine.stat().st_size / 1024:.0f} KB, "
          f"đường cơ sở {baseline:.2f} s", flush=True)
    figures = []
    for name, args, writes in COMMANDS:
        if name == PDF and (size > PDF_UP_TO or shutil.which("soffice") is None):
            continue
        start = changed if name.startswith("diff") else wrong if name == WRONG_DATE else pristine
        cold: list[Run] = []
        warm: list[Run] = []
        for _ in range(runs):
            for runs_of, empty in ((cold, True), (warm, False)):
                _prepare(folder, plan, start, name, ["check"] if writes else args, empty)
                runs_of.append(_run(folder, name, args))
        figure = Figure(size, name, _median([run.seconds for run in cold]),
                        _median([run.seconds for run in warm]),
                        max(run.peak_mb for run in cold + warm), baseline)
        print(f"  {name:32} {figure.cold:6.2f} s {figure.warm:6.2f} s {figure.peak_mb:6.0f} MB", flush=True)
        figures.append(figure)
        if name == PDF:
            office = _office_alone(folder, runs, baseline, size)
            print(f"  {OFFICE:32} {office.cold:6.2f} s", flush=True)
            figures.append(office)
    shutil.copyfile(pristine, plan)
    for name, changed_seconds, later in page_times(folder, _environment(folder), runs):
        figure = Figure(size, name, changed_seconds, later, 0.0, baseline)
        print(f"  {name:32} {figure.cold:6.3f} s {figure.warm:6.3f} s", flush=True)
        figures.append(figure)
    return figures


def _office_alone(folder: Path, runs: int, baseline: float, size: int) -> Figure:
    """LibreOffice converting the Word report the docx row wrote, as `cchc` runs it."""
    times: list[Run] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="cchc-office-") as work:
            command = ["soffice", f"-env:UserInstallation={Path(work, 'profile').as_uri()}",
                       "--headless", "--norestore", "--nologo", "--nodefault", "--convert-to",
                       "pdf", "--outdir", work, str(folder / "bao-cao.docx")]
            start = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, usage = os.wait4(process.pid, 0)
            times.append(Run(time.perf_counter() - start, usage.ru_maxrss / 1024))
    seconds = _median([run.seconds for run in times])
    return Figure(size, OFFICE, seconds, seconds, max(run.peak_mb for run in times), baseline)


def _prepare(
    folder: Path, plan: Path, source: Path, name: str, args: list[str], empty_cache: bool
) -> None:
    """The plan as `source`, and the cache holding no plan (the first run after the file
    changed; compiled templates stay, as they do when a clerk edits the plan) or filled by one
    earlier run of `args`: the same command, or `check` before a write (a clerk records on a
    plan that was read before)."""
    for entry in (folder / "cache").glob("*.pickle"):
        entry.unlink()
    shutil.copyfile(source, plan)
    if not empty_cache:
        _cchc(folder, args, name)
        shutil.copyfile(source, plan)


def _run(folder: Path, name: str, args: list[str]) -> Run:
    start = time.perf_counter()
    process = subprocess.Popen(_command(args), cwd=folder, env=_environment(folder, name),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    _expect_exit(name, args, process.returncode, process.stderr.read() if process.stderr else b"")
    return Run(seconds, usage.ru_maxrss / 1024)


def _cchc(folder: Path, args: list[str], name: str = "") -> None:
    done = subprocess.run(_command(args), cwd=folder, env=_environment(folder, name), capture_output=True,
                          check=False)
    _expect_exit(name, args, done.returncode, done.stderr)


def _expect_exit(name: str, args: list[str], code: int, stderr: bytes) -> None:
    """Stop the benchmark when a command did not end as it should (exit 0 unless EXIT_CODES)."""
    if code != EXIT_CODES.get(name, 0):
        raise SystemExit(f"cchc {' '.join(args)} thất bại ({code}):\n{stderr.decode()}")


def _write_with_one_wrong_date(plan: Path, target: Path) -> None:
    """A copy of the plan whose last activity's date (else its issue date) is 31/02, written
    line by line: this process must stay small (see `measure_size`)."""
    with plan.open(encoding="utf-8", newline="") as lines:
        last = max((number for number, line in enumerate(lines) if line.startswith("    date: 20")),
                   default=None)
    with plan.open(encoding="utf-8", newline="") as lines, target.open("w", encoding="utf-8", newline="") as out:
        for number, line in enumerate(lines):
            if number == last:
                line = "    date: 2020-02-31\n"
            elif last is None and line == "  issue_date:\n":
                line = "  issue_date: 2020-02-31\n"
            out.write(line)


def _arguments(name: str) -> list[str]:
    return next(args for command, args, _ in COMMANDS if command == name)


def _command(args: list[str]) -> list[str]:
    script = Path(sys.executable).with_name("cchc")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "cchc_plan", *args]


def _environment(folder: Path, name: str = "") -> dict[str, str]:
    # A clerk's Python keeps compiled modules: a shell that asks it not to would time the
    # compiling of the whole package in every run.
    inherited = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**inherited, "CCHC_CACHE_DIR": str(folder / "cache"), "COLUMNS": "100",
            "CCHC_PLAN": str(folder / "plans" / "2020.yaml"), **ENVIRONMENTS.get(name, {})}


def _baseline(plan: Path, runs: int) -> float:
    """The naive design: ruamel.yaml round-trip load and dump of the whole file."""
    code = ("import io, sys; from ruamel.yaml import YAML; y = YAML(); "
            "d = y.load(open(sys.argv[1], encoding='utf-8')); y.dump(d, io.StringIO())")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(plan)], check=True)
        times.append(time.perf_counter() - start)
    return _median(times)


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
                   cwd=folder, check=True, capture_output=True)


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() \
        else platform.processor()
    return (f"{dt.date.today():%d/%m/%Y} · {platform.system()} {platform.release()} · {cpu} · "
            f"{os.cpu_count()} lõi · Python {platform.python_version()}")


if __name__ == "__main__":
    main()
