"""Exit codes and error codes are a contract: the README lists them, the code gives only those,
and an internal fault is one message with its own exit code, never a traceback."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from cchc_plan import cli
from cchc_plan.errors import CODES, ExitCode
from cchc_plan.reading import loader
from conftest import PLAN_2020, ROOT

SOURCE = ROOT / "src" / "cchc_plan"
README = (ROOT / "README.md").read_text(encoding="utf-8")
ERROR_TABLE = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
# Calls that take an error code, and where: keyword `code=` or this positional argument.
CODE_ARGUMENT = {"Problem": 1, "PlanError": 3, "_at_start": 1, "_error": 2}
CODE_LIKE = re.compile(r"[a-z]+(-[a-z0-9]+)+|[a-z]+")


def codes_in_source() -> dict[str, set[str]]:
    """Each error code written in cchc's source, with the files that give it."""
    found: dict[str, set[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            values: list[ast.expr] = []
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                values += [keyword.value for keyword in node.keywords if keyword.arg == "code"]
                position = CODE_ARGUMENT.get(name)
                if position is not None and len(node.args) > position:
                    values.append(node.args[position])
            elif isinstance(node, ast.FunctionDef) and node.name.endswith("_code"):
                values += [child.value for child in ast.walk(node)
                           if isinstance(child, ast.Return) and child.value is not None]
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.setdefault(value.value, set()).add(path.relative_to(SOURCE).as_posix())
    return found


def test_every_code_the_source_gives_is_in_the_registry() -> None:
    found = codes_in_source()
    assert len(found) > 50  # the scan sees the codes at all
    assert {code: files for code, files in found.items() if code not in CODES} == {}


def test_codes_made_from_pydantics_error_kinds_are_in_the_registry() -> None:
    text = (SOURCE / "plan" / "validation.py").read_text(encoding="utf-8")
    (kinds,) = re.findall(r'if kind in \{([^}]*)\}:\n\s+return Problem\(loc, kind\.replace', text)
    assert {kind.strip(' \n"').replace("_", "-") for kind in kinds.split(",")} <= set(CODES)


def test_the_error_table_lists_exactly_the_registered_codes() -> None:
    listed = re.findall(r"^\| `([a-z0-9-]+)` \| (.+) \|$", ERROR_TABLE, re.MULTILINE)
    assert listed == list(CODES.items())
    assert all(CODE_LIKE.fullmatch(code) for code in CODES)


def test_the_readme_lists_exactly_the_exit_codes() -> None:
    table = README[README.index("### Mã thoát"):README.index("`--json` trả về")]
    assert [int(code) for code in re.findall(r"^\| (\d+) \|", table, re.MULTILINE)] == [
        int(code) for code in ExitCode
    ]


def test_an_internal_fault_is_one_message_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(path: Path) -> None:
        raise ZeroDivisionError("a fault of cchc itself")

    monkeypatch.setattr(loader, "load_plan", broken)
    monkeypatch.delenv("CCHC_DEBUG", raising=False)

    code = cli.main(["check", "--plan", str(PLAN_2020)])

    assert code == 70
    assert capsys.readouterr().err == (
        "Lỗi: cchc gặp lỗi nội bộ (ZeroDivisionError). Không có tệp nào bị ghi dở.\n"
        "      → Chạy lại lệnh với biến môi trường CCHC_DEBUG=1 để xem chi tiết, "
        "và gửi chi tiết đó cho người bảo trì cchc.\n"
    )
    monkeypatch.setenv("CCHC_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        cli.main(["check", "--plan", str(PLAN_2020)])
