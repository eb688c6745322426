"""bench/RESULTS.md: the figures of one run and each target of the speed issue, met or not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

READS = ("check", "show --json", "list --json --quarter 2", "status", "report --quarter 2 (md)",
         "report --quarter 2 (json)")
WRITES = ("add-activity", "progress")
DOCX = "report --quarter 2 (docx)"
XLSX = "report --quarter 2 (xlsx)"
IMPORT = "import (1.000 dòng)"
PDF = "report --quarter 2 (pdf)"
OFFICE = "LibreOffice alone (docx → pdf)"
QUICK = ("--help", "completion (Tab)")
PAGE = "serve: "  # the pages of cchc serve (bench/pages.py)
# Rows whose time is mostly LibreOffice's: they have a target of their own.
PRINTED = (PDF, OFFICE)


@dataclass(frozen=True)
class Figure:
    size: int  # generated activities on top of the shipped plan
    command: str
    cold: float  # median seconds, cache empty (first run after the file changed)
    warm: float  # median seconds, cache filled
    peak_mb: float
    baseline: float  # seconds of ruamel.yaml's round-trip load + dump of the same file

    @property
    def speedup(self) -> float:
        return self.baseline / self.cold


@dataclass(frozen=True)
class Target:
    text: str
    measured: str
    met: bool


def targets(figures: list[Figure]) -> list[Target]:
    """Each target of the issue, checked against the figures of this run (sizes not measured
    in this run are left out)."""
    at = {(figure.size, figure.command): figure for figure in figures}
    sizes = {figure.size for figure in figures}
    found: list[Target] = []

    def check(text: str, size: int, names: tuple[str, ...], value: Callable[[Figure], float],
              limit: float, unit: str = "s", at_least: bool = False) -> None:
        chosen = [at[size, name] for name in names if (size, name) in at]
        if chosen:
            worst = (min if at_least else max)(chosen, key=value)
            met = value(worst) >= limit if at_least else value(worst) <= limit
            found.append(Target(text, f"{decimal(value(worst))} {unit} (`{worst.command}`)", met))

    if 0 in sizes:
        others = tuple(figure.command for figure in figures
                       if figure.size == 0 and figure.command not in QUICK + PRINTED
                       and not figure.command.startswith(PAGE))
        check("Kế hoạch mẫu: mọi lệnh ≤ 0,3 s (lần chạy sau)", 0, others, lambda f: f.warm, 0.3)
        check("Kế hoạch mẫu: mọi lệnh ≤ 0,3 s (ngay sau khi tệp đổi)", 0, others, lambda f: f.cold, 0.3)
        check("Kế hoạch mẫu: cchc --help và gợi ý Tab ≤ 0,2 s", 0, QUICK, lambda f: f.cold, 0.2)
    for size in sorted(sizes):
        if (size, PDF) in at and (size, OFFICE) in at:
            own = at[size, PDF].cold - at[size, OFFICE].cold
            count = f"{size:,}".replace(",", ".")
            found.append(Target(
                f"{count} hoạt động: báo cáo PDF, phần của cchc (trừ thời gian LibreOffice "
                f"{decimal(at[size, OFFICE].cold)} s) ≤ thời gian DOCX + 0,3 s",
                f"{decimal(own)} s", own <= at[size, DOCX].cold + 0.3))
    if 10_000 in sizes:
        check("10.000 hoạt động: lệnh đọc ≤ 1,0 s ngay sau khi tệp đổi", 10_000, READS,
              lambda f: f.cold, 1.0)
        check("10.000 hoạt động: lệnh đọc ≤ 0,5 s ở các lần sau", 10_000, READS, lambda f: f.warm, 0.5)
        check("10.000 hoạt động: add-activity, progress ≤ 1,0 s", 10_000, WRITES, lambda f: f.cold, 1.0)
        check("10.000 hoạt động: báo cáo DOCX ≤ 3 s", 10_000, (DOCX,),
              lambda f: f.cold, 3.0)
        check("10.000 hoạt động: báo cáo XLSX ≤ 3 s", 10_000, (XLSX,), lambda f: f.cold, 3.0)
        check("10.000 hoạt động: import 1.000 dòng từ bảng tính ≤ 2 s", 10_000, (IMPORT,),
              lambda f: f.cold, 2.0)
        pages = tuple(figure.command for figure in figures
                      if figure.size == 10_000 and figure.command.startswith(PAGE))
        check("10.000 hoạt động: mỗi trang của cchc serve ≤ 0,3 s ngay sau khi tệp đổi", 10_000,
              pages, lambda f: f.cold, 0.3)
        check("10.000 hoạt động: mỗi trang của cchc serve ≤ 0,1 s ở các lần sau", 10_000, pages,
              lambda f: f.warm, 0.1)
        own_targets = (DOCX, XLSX, IMPORT, *pages)
        every = tuple(figure.command for figure in figures
                      if figure.size == 10_000 and figure.command not in own_targets)
        check("10.000 hoạt động: mọi lệnh (trừ DOCX, XLSX và import, có mục tiêu riêng) nhanh hơn "
              "đường cơ sở ≥ 20 lần, ngay sau khi tệp đổi", 10_000, every, lambda f: f.speedup, 20.0,
              "lần", at_least=True)
    if {10_000, 50_000} <= sizes:
        ratios = [
            (at[50_000, figure.command].cold / figure.cold, figure.command)
            for figure in figures if figure.size == 10_000 and (50_000, figure.command) in at
        ]
        worst_ratio, command = max(ratios)
        found.append(Target("50.000 hoạt động: mỗi lệnh ≤ 5 lần thời gian ở 10.000 (sau khi đổi)",
                            f"{decimal(worst_ratio)} lần (`{command}`)", worst_ratio <= 5))
    if 50_000 in sizes:
        every = tuple(figure.command for figure in figures
                      if figure.size == 50_000 and not figure.command.startswith(PAGE))
        check("50.000 hoạt động: bộ nhớ đỉnh ≤ 300 MB", 50_000, every, lambda f: f.peak_mb, 300, "MB")
        check("50.000 hoạt động: bộ nhớ đỉnh ≤ 300 MB, trừ DOCX", 50_000,
              tuple(name for name in every if name != DOCX), lambda f: f.peak_mb, 300, "MB")
    return found


def results_markdown(figures: list[Figure], machine: str, runs: int) -> str:
    lines = [
        "# Kết quả đo tốc độ", "",
        f"Máy: {machine}. Trung vị của {runs} lần chạy mỗi lệnh, mỗi lần là một tiến trình mới.",
        "Lặp lại: `python -m bench` (xem README, phần dành cho người phát triển).", "",
        ("«Sau khi đổi»: bộ nhớ đệm không có kế hoạch nào (mẫu báo cáo đã dịch vẫn giữ), như lần "
         "chạy đầu tiên sau khi tệp kế hoạch thay đổi. "
        "«Lần sau»: bộ nhớ đệm đã có. «Đường cơ sở»: ruamel.yaml đọc rồi ghi lại cả tệp "
        "(round-trip), đo trong cùng lần chạy; «nhanh hơn» = đường cơ sở / «sau khi đổi»."), "",
        "## Mục tiêu", "", "| mục tiêu | đo được | đạt |", "|---|---|---|",
    ]
    lines += [f"| {target.text} | {target.measured} | {'có' if target.met else '**không**'} |"
              for target in targets(figures)]
    for size in sorted({figure.size for figure in figures}):
        chosen = [figure for figure in figures if figure.size == size]
        lines += [
            "", f"## Kế hoạch mẫu + {size:,} hoạt động".replace(",", "."), "",
            f"Đường cơ sở: {decimal(chosen[0].baseline)} s.", "",
            "| lệnh | sau khi đổi (s) | lần sau (s) | bộ nhớ đỉnh (MB) | nhanh hơn đường cơ sở (lần) |",
            "|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {_named(figure.command)} | {decimal(figure.cold, 3)} | {decimal(figure.warm, 3)} | "
            f"{figure.peak_mb:.0f} | {decimal(figure.speedup, 1)} |"
            for figure in chosen
        ]
    return "\n".join(lines) + "\n"


def _named(command: str) -> str:
    """How a row names what it timed: a `cchc` command, a page of `cchc serve` (its time is the
    answer to one request of a running server), or LibreOffice on its own."""
    if command.startswith(PAGE):
        return f"trang «{command.removeprefix(PAGE)}» (`cchc serve`)"
    return command if command == OFFICE else f"`cchc {command}`"


def decimal(value: float, digits: int = 2) -> str:
    """0,30: a decimal comma, as Vietnamese writes numbers."""
    return f"{value:.{digits}f}".replace(".", ",")
