"""What is kept between runs is never served once the code that made it changes: a validated
plan after any module of the plan or reading layers changes (found by walking the package, so
a moved or added module cannot be left out), a compiled template after the report layer does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import PLAN_2020, ROOT, Run, run_cchc

SOURCE = ROOT / "src" / "cchc_plan"
NOTE = "  - period: Q2\n    section: kho-khan\n    text: Kinh phí còn hạn chế.\n    date: 2020-06-10\n"


def package_copy(tmp_path: Path) -> Path:
    """The package as it is installed (its templates inside it), in a folder of its own."""
    top = tmp_path / "site"
    shutil.copytree(SOURCE, top / "cchc_plan", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", top / "cchc_plan" / "templates",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return top


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def run_copy(top: Path, tmp_path: Path, *args: str) -> Run:
    return run_cchc(*args, cwd=tmp_path, env={
        "PYTHONPATH": str(top), "PYTHONDONTWRITEBYTECODE": "1", "CCHC_CACHE_DIR": str(tmp_path / "cache"),
    })


def test_the_copy_is_what_runs(tmp_path: Path) -> None:
    top = package_copy(tmp_path)
    edit(top / "cchc_plan" / "__init__.py", '__version__ = "', '__version__ = "9.9.9+')

    assert run_copy(top, tmp_path, "--version").stdout.startswith("cchc 9.9.9+")


@pytest.mark.parametrize(("module", "old", "new", "code"), [
    # A literal term of the model: the report sections a note may name.
    ("plan/terms.py", '"chi-dao", "danh-gia", "kho-khan",', '"chi-dao", "danh-gia",', "invalid-choice"),
    # A rule of the text itself, before any YAML is read: what starts a merge conflict.
    ("reading/text.py", 'CONFLICT_START = "<<<<<<<"', 'CONFLICT_START = "# Người ký"', "merge-conflict"),
])
def test_a_changed_validity_rule_is_not_answered_from_the_cache(
    tmp_path: Path, module: str, old: str, new: str, code: str
) -> None:
    top = package_copy(tmp_path)
    plan = tmp_path / "2020.yaml"
    plan.write_text(PLAN_2020.read_text(encoding="utf-8") + NOTE, encoding="utf-8")
    first = run_copy(top, tmp_path, "check", "--json", "--plan", str(plan))
    again = run_copy(top, tmp_path, "check", "--json", "--plan", str(plan))
    assert (first.code, again.code) == (0, 0)
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1

    edit(top / "cchc_plan" / module, old, new)
    changed = run_copy(top, tmp_path, "check", "--json", "--plan", str(plan))

    assert changed.code == 1
    assert [error["code"] for error in changed.json()["errors"]] == [code]


def test_a_changed_template_setting_is_not_answered_from_the_compiled_cache(tmp_path: Path) -> None:
    top = package_copy(tmp_path)
    template = tmp_path / "mau.md.j2"
    template.write_text("{% if true %}\nNăm {{ plan.year }}\n{% endif %}\n", encoding="utf-8")
    report = ("report", "--plan", str(PLAN_2020), "-q", "2", "--template", str(template), "--date", "16/06/2020")
    first = run_copy(top, tmp_path, *report)
    assert first.stdout == "Năm 2020\n"
    assert list((tmp_path / "cache" / "jinja").iterdir())  # the compiled template is kept

    # Jinja applies `trim_blocks` when it compiles: only a new compilation shows the change.
    edit(top / "cchc_plan" / "reports" / "render.py", "trim_blocks=True,", "trim_blocks=False,")
    changed = run_copy(top, tmp_path, *report)

    assert changed.stdout == "\nNăm 2020\n\n"
