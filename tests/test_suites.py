"""Public test suites that no one here wrote: every case of the YAML test suite gets an answer
(a valid plan or located errors, the same on both reading paths, never an internal fault), and
every naughty string a clerk might type is stored exactly or refused with a clear message, and
reaches every output intact."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import docx
import pytest

from cchc_plan import cli
from cchc_plan.errors import CODES
from cchc_plan.reading.loader import load_text, load_tree
from cchc_plan.writing.edit import append_item
from conftest import PLAN_2020, TESTS, run_cchc

YAML_CASES = [
    pytest.param(case["yaml"], id=f"{test_id}-{number}")
    for test_id, cases in json.loads((TESTS / "data" / "yaml-test-suite" / "cases.json").read_text("utf-8")).items()
    for number, case in enumerate(cases)
]
NAUGHTY = [text for text in json.loads((TESTS / "data" / "blns" / "blns.json").read_text("utf-8")) if text]


def verdict(loaded: Any) -> tuple[Any, ...]:
    return loaded.ok, [(e.file, e.line, e.col, e.code, e.message) for e in loaded.errors]


@pytest.mark.parametrize("text", YAML_CASES)
def test_every_yaml_case_gets_the_same_located_verdict_on_both_reading_paths(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_CACHE_DIR", "off")
    fast = load_text(text, Path("plans/2020.yaml"))
    careful = load_tree(text, Path("plans/2020.yaml"))

    assert verdict(fast) == verdict(careful)
    assert not fast.ok  # none of them is a plan
    assert all(error.line >= 1 and error.col >= 1 and error.code in CODES for error in fast.errors)


def test_every_yaml_case_through_check_is_exit_1_with_every_file_located(tmp_path: Path) -> None:
    files = []
    for number, case in enumerate(YAML_CASES):
        path = tmp_path / f"{number:03d}-{case.id}.yaml"
        path.write_text(case.values[0], encoding="utf-8")  # type: ignore[arg-type]
        files.append(path.name)

    done = run_cchc("check", "--json", *files, cwd=tmp_path)

    assert done.code == 1, done.stderr
    assert done.stderr == ""
    results = done.json()["files"]
    assert [result["file"] for result in results] == files
    assert all(not result["ok"] and result["errors"] for result in results)
    assert all(error["line"] >= 1 and error["code"] in CODES for result in results for error in result["errors"])
    # The parser's own English never reaches the clerk: every message and hint is Vietnamese.
    said = {text for result in results for error in result["errors"]
            for text in (error["message"], error["hint"] or "")}
    english = re.compile(r"\b(expected|found|while|parsing|scanning|mapping|block|token|"
                         r"character|stream|indicator|document)\b")
    assert sorted(text for text in said if english.search(re.sub(r"«[^»]*»", "", text))) == []


def test_yaml_constructs_a_plan_never_needs_are_named_in_vietnamese(tmp_path: Path) -> None:
    plan = PLAN_2020.read_text(encoding="utf-8")
    cases = {
        "directive.yaml": ("%YAML 1.2\n---\n" + plan, 1, 1, "yaml-directive"),
        "complex-key.yaml": (plan + "? [a, b]\n: c\n", plan.count("\n") + 1, 3, "yaml-complex-key"),
    }
    for name, (text, *_rest) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")

    done = run_cchc("check", "--json", *cases, cwd=tmp_path)

    found = {result["file"]: [(e["line"], e["col"], e["code"]) for e in result["errors"]] for result in done.json()["files"]}
    assert found == {name: [tuple(expected[1:])] for name, expected in cases.items()}
    said = run_cchc("check", "directive.yaml", cwd=tmp_path).stderr
    assert "directive.yaml:1:1: chỉ thị «%YAML 1.2» không dùng trong tệp kế hoạch" in said


# ---- the naughty strings ----

def cchc(*args: str) -> tuple[int, str, str]:
    """`cchc ARGS` in this process (a few hundred runs): exit code, output, errors."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return code, out.getvalue(), err.getvalue()


def stored(text: str) -> str:
    """What a typed text is stored as: without surrounding spaces, in Unicode NFC."""
    return unicodedata.normalize("NFC", text.strip())


@pytest.fixture(scope="module")
def naughty(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every naughty string typed into every text field of an activity, and as a note, each on
    a fresh copy of the shipped plan (through the CLI, in this process); then every record that
    was stored, gathered into one plan for the reports."""
    folder = tmp_path_factory.mktemp("naughty")
    (folder / "plans").mkdir()
    plan = folder / "plans" / "2020.yaml"
    shipped = PLAN_2020.read_text(encoding="utf-8")
    outcomes: dict[str, Any] = {"folder": folder, "activities": [], "notes": [], "refused": {}}
    gathered = shipped
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_CACHE_DIR", "off")
        for text in NAUGHTY:
            plan.write_text(shipped, encoding="utf-8")
            code, out, _ = cchc("add-activity", "--plan", str(plan), "--task", "vp-2", "--date", "10/04/2020",
                                f"--title={text}", f"--measure={text}", "--quantity", "1",
                                f"--location={text}", f"--evidence={text}", "--json")
            noted, out_note, _ = cchc("note", "--plan", str(plan), "--quarter", "2", "--section", "kho-khan",
                                      "--json", "--", text)
            if code != 0:
                outcomes["refused"][text] = (code, json.loads(out)["errors"][0]["message"])
                assert noted == code, (text, out_note)
                continue
            assert noted == 0, (text, out_note)
            loaded = load_text(plan.read_text(encoding="utf-8"), plan)
            assert loaded.plan is not None and loaded.errors == []
            (activity,), (note,) = loaded.plan.activities, loaded.plan.notes
            outcomes["activities"].append((text, activity))
            outcomes["notes"].append((text, note))
            number = len(outcomes["activities"])
            gathered = append_item(gathered, "activities", {
                **activity.model_dump(mode="json", exclude_defaults=True), "id": f"HD-2020-{number:04d}-aaaa"})
            # numbered here as the activities are: ~470 random four-letter tails, each written
            # with the number 0001, would now and then repeat one (a birthday collision)
            gathered = append_item(gathered, "notes", {
                **note.model_dump(mode="json", exclude_defaults=True), "id": f"GC-2020-{number:04d}-aaaa"})
    plan.write_text(gathered, encoding="utf-8")
    return outcomes


def test_every_naughty_string_is_stored_exactly_or_refused_with_a_clear_message(naughty: dict[str, Any]) -> None:
    stored_texts = [(text, (a.title, a.measure, a.location, a.evidence)) for text, a in naughty["activities"]]

    assert len(naughty["activities"]) + len(naughty["refused"]) == len(NAUGHTY)
    assert len(naughty["activities"]) > 450  # the scan sees the strings at all
    assert all(fields == (stored(text),) * 4 for text, fields in stored_texts)
    assert all(note.text == stored(text) for text, note in naughty["notes"])
    for text, (code, message) in naughty["refused"].items():
        assert code == 2
        assert re.match(r"--title: nội dung (có ký tự điều khiển không nhìn thấy được \(mã U\+[0-9A-F]{4}\)"
                        r"|không được để trống)", message), (text, message)


def test_every_stored_naughty_string_reads_back_from_one_plan(naughty: dict[str, Any]) -> None:
    path = naughty["folder"] / "plans" / "2020.yaml"
    loaded = load_text(path.read_text(encoding="utf-8"), path)

    assert loaded.ok and loaded.plan is not None
    assert [activity.title for activity in loaded.plan.activities] == [a.title for _, a in naughty["activities"]]
    assert [note.text for note in loaded.plan.notes] == [note.text for _, note in naughty["notes"]]


def test_the_naughty_strings_reach_json_markdown_and_word_intact(naughty: dict[str, Any], tmp_path: Path) -> None:
    folder = naughty["folder"]
    report = ("report", "--annual", "--date", "16/12/2020")
    as_json = run_cchc(*report, "-f", "json", cwd=folder, env={"CCHC_CACHE_DIR": "off"})
    markdown = run_cchc(*report, cwd=folder, env={"CCHC_CACHE_DIR": "off"})
    word = run_cchc(*report, "-f", "docx", "-o", str(tmp_path / "r.docx"), cwd=folder)

    assert (as_json.code, markdown.code, word.code) == (0, 0, 0)
    expected = sorted(stored(text) for text, _ in naughty["activities"])
    data = json.loads(as_json.stdout)
    assert sorted(activity["title"] for activity in data["activities"]) == expected
    assert sorted(activity["evidence"] for activity in data["evidence"]) == expected
    converted = subprocess.run(["pandoc", "-f", "markdown", "-t", "json"], input=markdown.stdout.encode(),
                               capture_output=True, check=False)
    assert converted.returncode == 0, converted.stderr
    document = docx.Document(str(tmp_path / "r.docx"))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert set(expected) <= cells


def test_the_word_report_of_the_naughty_strings_converts_to_pdf(naughty: dict[str, Any], tmp_path: Path) -> None:
    word = run_cchc("report", "--annual", "--date", "16/12/2020", "-f", "docx", "-o", str(tmp_path / "r.docx"),
                    cwd=naughty["folder"])
    assert word.code == 0

    done = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                           str(tmp_path / "r.docx")], capture_output=True, timeout=300, check=False)
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, check=False)

    assert done.returncode == 0 and text.returncode == 0
    assert "BÁO CÁO" in text.stdout.decode("utf-8")
    assert "Trên đây là" in text.stdout.decode("utf-8") or "Nơi nhận" in text.stdout.decode("utf-8")


def test_no_naughty_string_reaches_the_terminal_as_an_escape_sequence(naughty: dict[str, Any]) -> None:
    outputs = [run_cchc(*command, cwd=naughty["folder"], env={"TERM": "xterm-256color"})
               for command in (("list",), ("status",), ("report", "--annual"))]

    assert [done.code for done in outputs] == [0, 0, 0]
    assert all("\x1b" not in done.stdout + done.stderr and "\x9b" not in done.stdout for done in outputs)
