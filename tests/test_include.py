"""A plan split into files: each unit records into its own file, errors point into that file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import PLAN_2020, diff_body, git, run_cchc

INCLUDES = (
    "include:\n"
    "  - file: hoat-dong/trung-tam.yaml\n"
    "    units: [trung-tam-vhnt]\n"
    "  - hoat-dong/chung.yaml\n"
)
CENTRE = (
    "# Hoạt động của Trung tâm Văn hóa - Nghệ thuật tỉnh\n"
    "activities:\n"
    "  - id: HD-2020-0001-tt01\n"
    "    date: 2020-04-02\n"
    "    unit: trung-tam-vhnt\n"
    "    task: ttvhnt-2\n"
    "    title: Biểu diễn lưu động ở Sơn Hà\n"
)
SHARED = (
    "progress:\n"
    "  - unit: trung-tam-vhnt\n"
    "    task: ttvhnt-2\n"
    "    quarter: 2\n"
    "    status: done\n"
)


def split_plan(folder: Path, centre: str = CENTRE, shared: str = SHARED, includes: str = INCLUDES) -> Path:
    plans = folder / "plans"
    (plans / "hoat-dong").mkdir(parents=True)
    text = PLAN_2020.read_text(encoding="utf-8").replace("schema_version: 2\n", f"schema_version: 2\n{includes}", 1)
    (plans / "2020.yaml").write_text(text, encoding="utf-8")
    (plans / "hoat-dong" / "trung-tam.yaml").write_text(centre, encoding="utf-8")
    (plans / "hoat-dong" / "chung.yaml").write_text(shared, encoding="utf-8")
    return folder


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    split_plan(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    assert run_cchc("git-setup", cwd=tmp_path).code == 0
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Kế hoạch chia tệp")
    return tmp_path


def test_included_records_are_part_of_the_plan(repo: Path) -> None:
    check = run_cchc("check", cwd=repo)
    listed = run_cchc("list", "--json", cwd=repo).json()
    status = run_cchc("status", "--json", cwd=repo).json()

    assert check.stdout == (
        "plans/2020.yaml: hợp lệ · 4 đơn vị, 9 nhiệm vụ, 7 hình thức, 6 nội dung, 1 hoạt động.\n"
    )
    assert [item["id"] for item in listed] == ["HD-2020-0001-tt01"]
    assert {item["task"]: item["status"] for item in status["tasks"]}["ttvhnt-2"] == "done"


def test_an_error_in_an_included_file_points_at_its_own_line(tmp_path: Path) -> None:
    split_plan(tmp_path, centre=CENTRE.replace("2020-04-02", "2020-04-31").replace(
        "task: ttvhnt-2", "task: ttvhnt-9"))

    done = run_cchc("check", "--json", cwd=tmp_path)

    assert done.code == 1
    assert [(e["file"], e["line"], e["col"], e["code"]) for e in done.json()["errors"]] == [
        ("plans/hoat-dong/trung-tam.yaml", 4, 11, "invalid-date"),
        ("plans/hoat-dong/trung-tam.yaml", 6, 11, "unknown-reference"),
    ]
    text = run_cchc("check", cwd=tmp_path).stderr
    assert "plans/hoat-dong/trung-tam.yaml:4:11: ngày «2020-04-31» không hợp lệ\n    4 |     date: 2020-04-31" in text


@pytest.mark.parametrize(
    ("entry", "code"),
    [
        ("../ngoai.yaml", "include-outside"),
        ("/etc/passwd", "include-outside"),
        ("2020.yaml", "include-self"),
        ("hoat-dong/khong-co.yaml", "include-unreadable"),
        ("hoat-dong/chung.yaml", "include-duplicate"),
    ],
)
def test_an_include_may_only_name_another_file_inside_the_plans_folder(
    tmp_path: Path, entry: str, code: str
) -> None:
    split_plan(tmp_path, includes=f"include:\n  - hoat-dong/chung.yaml\n  - {entry}\n")
    (tmp_path / "ngoai.yaml").write_text("activities:\n", encoding="utf-8")
    before = (tmp_path / "plans" / "2020.yaml").read_bytes()

    done = run_cchc("check", "--json", cwd=tmp_path)

    assert done.code == 1
    assert [(e["file"], e["line"], e["code"]) for e in done.json()["errors"]] == [
        ("plans/2020.yaml", 7, code)
    ]
    assert (tmp_path / "plans" / "2020.yaml").read_bytes() == before


def test_an_included_file_holds_only_records(tmp_path: Path) -> None:
    split_plan(tmp_path, shared=SHARED + "header:\n  year: 2021\n")

    done = run_cchc("check", "--json", cwd=tmp_path)

    assert [(e["file"], e["line"], e["code"]) for e in done.json()["errors"]] == [
        ("plans/hoat-dong/chung.yaml", 6, "include-key")
    ]


def test_a_units_activity_goes_to_its_own_file(repo: Path) -> None:
    done = run_cchc("add-activity", "-t", "ttvhnt-1", "-d", "05/05/2020", "--title", "Thiết kế pano",
                    "--json", cwd=repo)

    assert done.code == 0, done.stderr
    assert git(repo, "diff", "--name-only").splitlines() == ["plans/hoat-dong/trung-tam.yaml"]
    assert diff_body(repo) == [
        "@@ -7,0 +8,5 @@ activities:",
        f"+  - id: {done.json()['id']}",
        "+    date: 2020-05-05",
        "+    unit: trung-tam-vhnt",
        "+    task: ttvhnt-1",
        "+    title: Thiết kế pano",
    ]
    assert done.json()["id"].startswith("HD-2020-0002-")


def test_other_records_go_to_the_plan_or_to_the_file_asked_for(repo: Path) -> None:
    office = run_cchc("progress", "-t", "vp-1", "-q", "1", "-s", "done", cwd=repo)
    shared = run_cchc("progress", "-t", "vp-2", "-q", "1", "-s", "done",
                      "--file", "plans/hoat-dong/chung.yaml", cwd=repo)
    wrong = run_cchc("progress", "-t", "vp-3", "-q", "1", "-s", "done", "--file", "khac.yaml", cwd=repo)

    assert (office.code, shared.code, wrong.code) == (0, 0, 2)
    assert sorted(git(repo, "diff", "--name-only").splitlines()) == [
        "plans/2020.yaml", "plans/hoat-dong/chung.yaml",
    ]
    assert "«khac.yaml» không phải tệp kế hoạch hay một tệp nó include" in wrong.stderr


def test_cchc_diff_reads_included_files_at_the_revision(repo: Path) -> None:
    run_cchc("progress", "-t", "ttvhnt-1", "-q", "2", "-s", "in_progress", "--file",
             "plans/hoat-dong/chung.yaml", cwd=repo)
    git(repo, "commit", "-qam", "Tiến độ")

    assert run_cchc("diff", "HEAD~1", "HEAD", cwd=repo).stdout == (
        "Thay đổi trong plans/2020.yaml (HEAD~1 → HEAD):\n"
        "Tiến độ: Trung tâm Văn hóa - Nghệ thuật tỉnh · ttvhnt-1 · quý II: Chưa triển khai → Đang triển khai\n"
    )


def test_two_branches_adding_to_one_included_file_merge_cleanly(repo: Path) -> None:
    for branch, day, title in (("a", "06/05/2020", "Biểu diễn ở Ba Tơ"),
                               ("b", "07/05/2020", "Biểu diễn ở Minh Long")):
        git(repo, "checkout", "-q", "-b", branch, "main")
        assert run_cchc("add-activity", "-t", "ttvhnt-2", "-d", day, "--title", title,
                        cwd=repo).code == 0
        git(repo, "commit", "-qam", title)
    git(repo, "checkout", "-q", "a")

    done = subprocess.run(["git", "-c", "user.name=V", "-c", "user.email=v@example.invalid",
                           "merge", "--no-edit", "b"], cwd=repo, capture_output=True, text=True,
                          check=False)

    assert done.returncode == 0, done.stdout + done.stderr
    assert [item["title"] for item in run_cchc("list", "--json", cwd=repo).json()] == [
        "Biểu diễn lưu động ở Sơn Hà", "Biểu diễn ở Ba Tơ", "Biểu diễn ở Minh Long",
    ]


def test_fmt_and_reports_work_on_a_split_plan(repo: Path) -> None:
    formatted = run_cchc("fmt", "--check", cwd=repo)
    report = run_cchc("report", "-q", "2", "-f", "json", cwd=repo).json()

    assert (formatted.code, formatted.stdout) == (0, "plans/2020.yaml: đã đúng định dạng chuẩn.\n")
    assert [activity["title"] for activity in report["activities"]] == ["Biểu diễn lưu động ở Sơn Hà"]


def test_an_include_rule_naming_an_unknown_unit_is_an_error(tmp_path: Path) -> None:
    split_plan(tmp_path, includes=INCLUDES.replace("units: [trung-tam-vhnt]", "units: [trung-tam]"))

    done = run_cchc("check", "--json", cwd=tmp_path).json()

    assert [(e["line"], e["col"], e["code"]) for e in done["errors"]] == [(7, 13, "unknown-reference")]
    assert "trung-tam-vhnt" in done["errors"][0]["hint"]


def test_checking_an_included_file_alone_says_what_it_is(repo: Path) -> None:
    done = run_cchc("check", "plans/hoat-dong/trung-tam.yaml", cwd=repo)

    assert done.code == 1
    assert done.stderr.splitlines()[0] == (
        "plans/hoat-dong/trung-tam.yaml:1:1: tệp này chỉ chứa hoạt động, tiến độ, ghi chép: "
        "đây là tệp được một kế hoạch include"
    )


def test_fmt_also_lays_out_an_included_record_file(repo: Path) -> None:
    shared = repo / "plans" / "hoat-dong" / "chung.yaml"
    shared.write_text(
        "# Việc chung\n"
        "activities:\n"
        "  - date: 2020-05-02\n    id: HD-2020-0003-bbbb\n    unit: 'van-phong-so'\n    task: vp-2\n"
        "    title: Tin hai\n"
        "  - id: HD-2020-0002-aaaa\n    date: 2020-04-01\n    unit: van-phong-so\n    task: vp-2\n"
        "    title: Tin một\n" + SHARED,
        encoding="utf-8",
    )

    checked = run_cchc("fmt", "--check", "plans/hoat-dong/chung.yaml", cwd=repo)
    done = run_cchc("fmt", "plans/hoat-dong/chung.yaml", cwd=repo)

    assert (checked.code, done.code) == (1, 0), checked.stderr + done.stderr
    assert shared.read_text(encoding="utf-8") == (
        "# Việc chung\n"
        "activities:\n"
        "  - id: HD-2020-0002-aaaa\n    date: 2020-04-01\n    unit: van-phong-so\n    task: vp-2\n"
        "    title: Tin một\n"
        "  - id: HD-2020-0003-bbbb\n    date: 2020-05-02\n    unit: van-phong-so\n    task: vp-2\n"
        "    title: Tin hai\n" + SHARED
    )
    assert run_cchc("check", cwd=repo).code == 0


def test_next_years_plan_does_not_include_last_years_record_files(repo: Path) -> None:
    done = run_cchc("init", "--year", "2021", "--from", "plans/2020.yaml", cwd=repo)

    assert done.code == 0, done.stderr
    text = (repo / "plans" / "2021.yaml").read_text(encoding="utf-8")
    assert "include" not in text
    assert text.splitlines()[3:5] == ["schema_version: 2", ""]


def test_an_import_puts_each_unit_s_rows_in_its_own_file(repo: Path, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Nhiệm vụ", "Ngày thực hiện", "Tên hoạt động"])
    book.active.append(["ttvhnt-1", "01/04/2020", "Pano của trung tâm"])
    book.active.append(["vp-1", "03/04/2020", "Hướng dẫn của văn phòng"])
    book.save(tmp_path / "hai-don-vi.xlsx")
    done = run_cchc("import", str(tmp_path / "hai-don-vi.xlsx"), "--json", cwd=repo)
    assert done.code == 0, done.stderr
    ids = [item["record"]["id"] for item in done.json()["added"]]
    assert git(repo, "diff", "--name-only").splitlines() == [
        "plans/2020.yaml", "plans/hoat-dong/trung-tam.yaml"]
    centre = [line for line in git(repo, "diff", "-U0", "--", "plans/hoat-dong/trung-tam.yaml")
              .splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert centre == [f"+  - id: {ids[0]}", "+    date: 2020-04-01", "+    unit: trung-tam-vhnt",
                      "+    task: ttvhnt-1", "+    title: Pano của trung tâm"]
    assert ids[0].startswith("HD-2020-0002-") and ids[1].startswith("HD-2020-0003-")
    again = run_cchc("import", str(tmp_path / "hai-don-vi.xlsx"), cwd=repo)
    assert again.stdout.splitlines()[0] == "Không có dòng mới để nhập từ hai-don-vi.xlsx."
