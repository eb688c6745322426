"""The clerk's commands on the shipped plan: exact outputs and exit codes."""

from __future__ import annotations

import gc
import json
import re
from pathlib import Path

import docx
import pytest
from bench.plans import write_plan

from cchc_plan import cli
from conftest import ROOT, run_cchc


def test_check_on_the_shipped_plan_prints_one_summary_line() -> None:
    result = run_cchc("check")

    assert result.code == 0
    assert result.stdout == (
        "plans/2020.yaml: hợp lệ · 4 đơn vị, 9 nhiệm vụ, 7 hình thức, 6 nội dung, 0 hoạt động.\n"
    )
    assert result.stderr == ""


def test_check_json_on_a_valid_plan() -> None:
    result = run_cchc("check", "--json", "--plan", "plans/2020.yaml")

    assert result.code == 0
    assert result.json() == {"ok": True, "file": "plans/2020.yaml", "errors": []}


def test_show_json_lists_units_tasks_forms_and_contents() -> None:
    result = run_cchc("show", "--json")

    assert result.code == 0
    overview = result.json()
    assert overview["year"] == 2020
    assert [unit["id"] for unit in overview["units"]] == [
        "van-phong-so", "phong-qlvh", "trung-tam-vhnt", "tap-chi-cam-thanh",
    ]
    assert [[task["id"] for task in unit["tasks"]] for unit in overview["units"]] == [
        ["vp-1", "vp-2", "vp-3", "vp-4"], ["qlvh-1", "qlvh-2"], ["ttvhnt-1", "ttvhnt-2"], ["tcct-1"],
    ]
    assert overview["units"][3]["tasks"][0]["title"] == (
        "Phóng sự, tin bài trên Chuyên mục Văn hóa Quảng Ngãi"
    )
    assert overview["units"][1]["tasks"][1]["lead"] == ["phong-qlvh"]
    assert overview["forms"][6] == {
        "id": "xe-luu-dong", "name": "Xe tuyên truyền lưu động", "text": "Tuyên truyền bằng xe lưu động.",
    }
    assert [content["id"] for content in overview["contents"]] == [
        "y-nghia-cchc", "van-ban-phap-luat", "trach-nhiem", "mot-cua", "chinh-quyen-dien-tu", "sang-kien",
    ]


def test_show_prints_tables_that_fit_an_80_column_terminal() -> None:
    result = run_cchc("show", env={"COLUMNS": "80"})

    assert result.code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0] == "Kế hoạch Tuyên truyền Cải cách hành chính năm 2020"
    assert "Nhiệm vụ theo đơn vị" in lines
    assert any("Tạp chí Cẩm" in line and "tcct-1" in line for line in lines)
    assert max(len(line) for line in lines) <= 80


def test_python_dash_m_runs_the_same_program() -> None:
    result = run_cchc("--version")

    assert result.code == 0
    assert result.stdout == "cchc 0.1.0\n"


def test_usage_errors_exit_2_with_a_vietnamese_message() -> None:
    result = run_cchc("check", "--plann", "x.yaml")

    assert result.code == 2
    assert result.stderr == (
        "Lỗi: Không có tùy chọn «--plann». Có phải ý bạn là «--plan»?\n"
        "      → Xem «cchc check --help» để biết cách dùng.\n"
    )


def test_an_unknown_command_exits_2() -> None:
    result = run_cchc("kiem-tra")

    assert result.code == 2
    assert result.stderr.startswith("Lỗi: Không có lệnh «kiem-tra».\n")


def test_a_missing_plan_file_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    result = run_cchc("check", "--plan", str(tmp_path / "khong-co.yaml"))

    assert result.code == 2
    assert result.stderr == (
        f"Lỗi: Không tìm thấy tệp kế hoạch «{tmp_path / 'khong-co.yaml'}».\n"
        "      → Kiểm tra lại đường dẫn ở --plan hoặc biến môi trường CCHC_PLAN.\n"
    )


def test_a_missing_plan_file_in_json_mode_gives_a_json_error(tmp_path: Path) -> None:
    result = run_cchc("check", "--json", "--plan", str(tmp_path / "khong-co.yaml"))

    assert result.code == 2
    (error,) = result.json()["errors"]
    assert error["code"] == "file-not-found"
    assert result.json()["ok"] is False


def test_a_folder_given_as_plan_is_a_clear_error() -> None:
    result = run_cchc("show", "--plan", "plans")

    assert result.code == 2
    assert result.stderr.startswith("Lỗi: «plans» là một thư mục, không phải tệp kế hoạch.\n")


def test_a_plan_that_cannot_be_read_exits_3(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "ghi-chu.txt"
    not_a_folder.write_text("x", encoding="utf-8")

    result = run_cchc("check", "--plan", str(not_a_folder / "2020.yaml"))

    assert result.code == 3
    assert result.stderr.startswith(f"Lỗi: Không đọc được tệp «{not_a_folder / '2020.yaml'}»: ")
    assert "Traceback" not in result.stderr


def test_schema_prints_the_committed_json_schema() -> None:
    result = run_cchc("schema")

    assert result.code == 0
    assert result.stdout == (ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8")
    assert json.loads(result.stdout)["title"] == "Kế hoạch tuyên truyền cải cách hành chính"


def test_help_is_in_vietnamese() -> None:
    result = run_cchc("check", "--help")

    assert result.code == 0
    assert "Kiểm tra tệp kế hoạch" in result.stdout
    assert "Tùy chọn" in result.stdout
    assert "Hiện hướng dẫn này rồi thoát." in result.stdout


COMMANDS = ["", "check", "show", "schema", "add-activity", "progress", "note", "list", "status",
            "report", "template check", "diff", "git-setup", "fmt", "init", "edit", "remove"]


@pytest.mark.parametrize("command", COMMANDS)
def test_no_help_screen_shows_the_frameworks_english(command: str) -> None:
    result = run_cchc(*command.split(), "--help")

    assert result.code == 0, result.stderr
    assert result.stdout.split("\n", 2)[1].strip().startswith(f"Cách dùng: cchc {command}".rstrip())
    for english in ("Usage:", "[OPTIONS]", "<bool>", "<str>", "<int", "<path>", "<list", "x<=",
                    "COMMAND [ARGS]", "Options", "Arguments", "Commands", "RECORD_ID"):
        assert english not in result.stdout, english


def test_a_missing_text_is_named_with_an_example_of_the_same_command(quarter_plan: Path) -> None:
    done = run_cchc("note", "-q", "2", "-s", "kho-khan", cwd=quarter_plan)
    no_period = run_cchc("note", "-s", "kho-khan", "Kinh phí còn hạn chế.", cwd=quarter_plan)

    assert done.code == 2 and no_period.code == 2
    example = 'Ví dụ: cchc note --quarter 2 --section kho-khan "Kinh phí tuyên truyền còn hạn chế."'
    assert done.stderr == (
        "Lỗi: Thiếu NỘI_DUNG: nội dung đoạn văn (để trong ngoặc kép).\n"
        f"      → {example}\n")
    assert no_period.stderr.endswith(f"      → {example}\n")


def test_install_completion_speaks_vietnamese(tmp_path: Path) -> None:
    done = run_cchc("--install-completion", env={"HOME": str(tmp_path), "SHELL": "/bin/bash"})

    assert done.code == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "Gợi ý có hiệu lực từ lần mở cửa sổ dòng lệnh sau."
    assert done.stdout.splitlines()[0] == (
        f"Đã cài gợi ý mã (Tab) cho bash vào {tmp_path / '.bash_completions' / 'cchc.sh'}.")
    assert "installed" not in done.stdout + done.stderr



def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = readme.split("```sh\n")[2].split("\n```")[0]

    assert test_command.endswith("-m pytest")
    assert ci.rstrip("\n").splitlines()[-1] == test_command


def test_shell_completion_offers_the_plans_task_and_form_ids() -> None:
    tasks = run_cchc(env={"_CCHC_COMPLETE": "complete_bash", "COMP_WORDS": "cchc progress --task qlvh",
                          "COMP_CWORD": "3"})
    forms = run_cchc(env={"_CCHC_COMPLETE": "complete_bash", "COMP_WORDS": "cchc add-activity --form p",
                          "COMP_CWORD": "3"})

    assert tasks.stdout.split() == ["qlvh-1", "qlvh-2"]
    assert forms.stdout.split() == ["pano", "phat-thanh-truyen-hinh"]


def test_the_readme_main_job_checks_the_plan_and_writes_the_quarter_two_report(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    main_job = readme.split("```sh\n")[1].split("\n```")[0]
    steps = [step.split()[1:] for step in main_job.split(" && ") if step.startswith(".venv/bin/cchc")]
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2020.yaml").write_bytes((ROOT / "plans" / "2020.yaml").read_bytes())

    results = [run_cchc(*step, cwd=tmp_path) for step in steps * 2]  # run twice: repeatable

    assert steps[-1] == ["report", "--quarter", "2", "--format", "docx", "--force"]
    assert [result.code for result in results] == [0] * len(steps) * 2
    report = docx.Document(str(tmp_path / "bao-cao-2020-Q2.docx"))
    assert any(
        p.text == "Kết quả thực hiện công tác tuyên truyền cải cách hành chính quý II năm 2020"
        for p in report.paragraphs
    )



def test_the_pre_commit_hooks_run_check_and_fmt_on_top_level_plan_files() -> None:
    from cchc_plan.reading.roundtrip import make_yaml

    hooks = make_yaml().load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))

    assert [(hook["id"], hook["entry"]) for hook in hooks] == [
        ("cchc-check", "cchc check"), ("cchc-fmt", "cchc fmt --check"),
    ]
    for hook in hooks:
        pattern = re.compile(hook["files"])
        assert pattern.search("plans/2020.yaml")
        # an included record file is formatted, and checked through the plan that includes it
        assert bool(pattern.search("plans/hoat-dong/van-phong-so.yaml")) == (hook["id"] == "cchc-fmt")
        done = run_cchc(*hook["entry"].split()[1:], "plans/2020.yaml")
        assert done.code == 0, done.stderr


def _garbage_cycles_left_by(folder: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """Run one command in this process and count the unreachable objects it leaves behind."""
    monkeypatch.chdir(folder)
    gc.collect()
    assert cli.main(args) == 0
    assert gc.isenabled()  # `main` turns the collector off only while it runs
    return gc.collect()


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["report", "--quarter", "2", "-o", "bao-cao.md"],
        ["report", "--quarter", "2", "--format", "docx", "-o", "bao-cao.docx", "--date", "2020-06-20"],
        ["add-activity", "-t", "vp-3", "-d", "15/06/2020", "--title", "Hội nghị"],
        ["fmt", "--check"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_commands_leave_no_cycles_that_grow_with_the_plan(
    tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cli.main` runs without the cycle collector: what a command leaves for it must be the
    libraries' fixed few objects, the same for 500 activities as for 3.000."""
    monkeypatch.setenv("CCHC_CACHE_DIR", "off")
    left = []
    for activities in (100, 500, 3_000):
        write_plan(tmp_path / str(activities), activities)
        left.append(_garbage_cycles_left_by(tmp_path / str(activities), args, monkeypatch))
    del left[0]  # the first run also builds what is built once (models, compiled templates)

    assert left[0] == left[1]
    assert left[0] < 5_000
