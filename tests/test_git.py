"""Plans in git: two clerks on two branches merge by id, true conflicts are left for a person,
and `cchc diff` and `git log -p` tell the changes in the domain's words."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import PLAN_2020, git, run_cchc

PLAN = Path("plans") / "2020.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A department's repository with the shipped plan committed and cchc registered with git."""
    (tmp_path / "plans").mkdir()
    (tmp_path / PLAN).write_bytes(PLAN_2020.read_bytes())
    git(tmp_path, "init", "-q", "-b", "main")
    setup = run_cchc("git-setup", cwd=tmp_path)
    assert setup.code == 0, setup.stderr
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Kế hoạch năm 2020")
    return tmp_path


def cchc_ok(repo: Path, *args: str) -> str:
    done = run_cchc(*args, cwd=repo)
    assert done.code == 0, done.stderr
    return done.stdout


def merge(repo: Path, branch: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=Văn thư", "-c", "user.email=vanthu@example.invalid",
         "merge", "--no-edit", branch],
        cwd=repo, capture_output=True, text=True, check=False,
    )


def on_branch(repo: Path, name: str, *steps: tuple[str, ...]) -> None:
    git(repo, "checkout", "-q", "-b", name, "main")
    for step in steps:
        cchc_ok(repo, *step)
    git(repo, "commit", "-qam", f"Công việc của {name}")


def test_git_setup_registers_the_drivers(repo: Path) -> None:
    assert (repo / ".gitattributes").read_text() == "plans/**/*.yaml diff=cchc merge=cchc\n"
    assert git(repo, "config", "merge.cchc.driver").strip().endswith(
        "-m cchc_plan merge-driver %O %A %B %P"
    )
    again = run_cchc("git-setup", cwd=repo)
    assert (repo / ".gitattributes").read_text() == "plans/**/*.yaml diff=cchc merge=cchc\n"
    assert again.code == 0


def test_two_clerks_on_two_branches_merge_without_conflict(repo: Path) -> None:
    on_branch(repo, "van-phong",
              ("add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Đăng 5 tin bài",
               "-n", "5", "--measure", "tin bài"),
              ("progress", "-t", "vp-2", "-q", "1", "-s", "done"),
              ("note", "-q", "1", "-s", "kho-khan", "Thiếu kinh phí."))
    on_branch(repo, "trung-tam",
              ("add-activity", "-t", "ttvhnt-2", "-d", "10/03/2020", "--title", "Biểu diễn lưu động"),
              ("add-activity", "-t", "ttvhnt-1", "-d", "11/03/2020", "--title", "Thiết kế pano"),
              ("progress", "-t", "ttvhnt-2", "-q", "1", "-s", "in_progress", "--percent", "50"))
    git(repo, "checkout", "-q", "van-phong")

    done = merge(repo, "trung-tam")

    assert done.returncode == 0, done.stdout + done.stderr
    merged = run_cchc("list", "--json", cwd=repo).json()
    assert sorted(item["title"] for item in merged) == [
        "Biểu diễn lưu động", "Thiết kế pano", "Đăng 5 tin bài",
    ]
    ids = [item["id"] for item in merged]
    assert len(set(ids)) == 3
    status = {item["task"]: item["status"] for item in run_cchc("status", "--json", cwd=repo).json()["tasks"]}
    assert (status["vp-2"], status["ttvhnt-2"]) == ("done", "in_progress")
    assert cchc_ok(repo, "check").startswith("plans/2020.yaml: hợp lệ")
    assert "Thiếu kinh phí." in (repo / PLAN).read_text()
    diff = git(repo, "diff", "--no-color", "-U0", "--no-ext-diff", "--no-textconv", "HEAD~1", "HEAD", "--", str(PLAN))
    assert [line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")] == []


def test_the_same_activity_changed_two_ways_is_a_conflict_that_check_reports(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "base")
    cchc_ok(repo, "add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Đăng tin")
    git(repo, "commit", "-qam", "Hoạt động chung")
    git(repo, "branch", "-f", "main", "base")
    plan = repo / PLAN
    for branch, title in (("a", "Đăng tin về một cửa"), ("b", "Đăng tin về chính quyền điện tử")):
        git(repo, "checkout", "-q", "-b", branch, "base")
        plan.write_text(plan.read_text().replace("title: Đăng tin\n", f"title: {title}\n"))
        git(repo, "commit", "-qam", f"Sửa tên ({branch})")
    git(repo, "checkout", "-q", "a")

    done = merge(repo, "b")

    assert done.returncode != 0
    assert "hoạt động HD-2020-0001" in done.stderr
    text = plan.read_text()
    start = text.index("<<<<<<< ours")
    assert text[start:].split("\n")[:13] == [
        "<<<<<<< ours",
        f"  - id: {run_id(text)}",
        "    date: 2020-03-05",
        "    unit: van-phong-so",
        "    task: vp-2",
        "    title: Đăng tin về một cửa",
        "=======",
        f"  - id: {run_id(text)}",
        "    date: 2020-03-05",
        "    unit: van-phong-so",
        "    task: vp-2",
        "    title: Đăng tin về chính quyền điện tử",
        ">>>>>>> theirs",
    ]
    check = run_cchc("check", "--json", cwd=repo).json()
    line = text[:start].count("\n") + 1
    assert [(e["line"], e["code"]) for e in check["errors"]] == [(line, "merge-conflict")]


def run_id(text: str) -> str:
    found = re.search(r"id: (HD-2020-0001-[0-9a-z]{4})", text)
    assert found is not None
    return found.group(1)


def test_edits_of_different_fields_of_one_activity_are_both_kept(repo: Path) -> None:
    cchc_ok(repo, "add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Đăng tin",
            "-n", "5", "--measure", "tin bài")
    git(repo, "commit", "-qam", "Hoạt động chung")
    plan = repo / PLAN
    git(repo, "checkout", "-q", "-b", "a")
    plan.write_text(plan.read_text().replace("title: Đăng tin\n", "title: Đăng tin về một cửa\n"))
    git(repo, "commit", "-qam", "Sửa tên")
    git(repo, "checkout", "-q", "-b", "b", "main")
    plan.write_text(plan.read_text().replace("quantity: 5\n", "quantity: 7\n"))
    git(repo, "commit", "-qam", "Sửa số lượng")
    git(repo, "checkout", "-q", "a")

    done = merge(repo, "b")

    assert done.returncode == 0, done.stderr
    (item,) = run_cchc("list", "--json", cwd=repo).json()
    assert (item["title"], item["quantity"]) == ("Đăng tin về một cửa", 7)


def test_the_same_task_marked_two_ways_in_one_quarter_is_a_conflict(repo: Path) -> None:
    on_branch(repo, "a", ("progress", "-t", "vp-3", "-q", "2", "-s", "done"))
    on_branch(repo, "b", ("progress", "-t", "vp-3", "-q", "2", "-s", "in_progress", "--percent", "40"))
    git(repo, "checkout", "-q", "a")

    done = merge(repo, "b")

    assert done.returncode != 0
    assert "tiến độ nhiệm vụ vp-3 (van-phong-so) quý II được ghi khác nhau ở hai nhánh" in done.stderr
    assert run_cchc("check", cwd=repo).code == 1


@pytest.mark.parametrize("into", ["a", "b"])
def test_different_progress_for_one_quarter_is_a_conflict_whichever_branch_merges(
    repo: Path, into: str
) -> None:
    """The base already says «in progress»; one branch marks it done, the other writes «in
    progress» again. Taking the record written last would make the merge direction decide the
    year's completion figure."""
    cchc_ok(repo, "progress", "-t", "vp-3", "-q", "2", "-s", "in_progress")
    git(repo, "commit", "-qam", "Đang làm")
    on_branch(repo, "a", ("progress", "-t", "vp-3", "-q", "2", "-s", "done"))
    on_branch(repo, "b", ("progress", "-t", "vp-3", "-q", "2", "-s", "in_progress", "--note", "Chưa xong"))
    git(repo, "checkout", "-q", into)

    done = merge(repo, "b" if into == "a" else "a")

    assert done.returncode != 0
    assert "tiến độ nhiệm vụ vp-3 (van-phong-so) quý II được ghi khác nhau ở hai nhánh" in done.stderr
    checked = run_cchc("check", "--json", cwd=repo).json()
    assert [(error["code"], error["line"]) for error in checked["errors"]][:1] == [
        ("merge-conflict", (repo / PLAN).read_text().splitlines().index("<<<<<<< ours") + 1)]


def test_progress_for_two_quarters_on_two_branches_merges_without_conflict(repo: Path) -> None:
    on_branch(repo, "a", ("progress", "-t", "vp-3", "-q", "1", "-s", "done"))
    on_branch(repo, "b", ("progress", "-t", "vp-3", "-q", "2", "-s", "in_progress", "--percent", "40"))
    git(repo, "checkout", "-q", "a")

    done = merge(repo, "b")

    assert done.returncode == 0, done.stderr
    status = run_cchc("status", "-q", "2", "--json", cwd=repo).json()
    assert next(task for task in status["tasks"] if task["task"] == "vp-3")["percent"] == 40


@pytest.mark.parametrize("into", ["a", "b"])
def test_a_merge_of_activities_of_interleaved_dates_leaves_a_canonical_file(repo: Path, into: str) -> None:
    on_branch(repo, "a", ("add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "A sớm"),
              ("add-activity", "-t", "vp-2", "-d", "20/05/2020", "--title", "A muộn"))
    on_branch(repo, "b", ("add-activity", "-t", "tcct-1", "-d", "10/04/2020", "--title", "B giữa"),
              ("add-activity", "-t", "tcct-1", "-d", "01/02/2020", "--title", "B sớm nhất"))
    git(repo, "checkout", "-q", into)

    done = merge(repo, "b" if into == "a" else "a")

    assert done.returncode == 0, done.stderr
    assert run_cchc("fmt", "--check", cwd=repo).code == 0
    text = (repo / PLAN).read_text()
    assert [text.index(f"title: {title}") for title in ("B sớm nhất", "A sớm", "B giữa", "A muộn")] == sorted(
        text.index(f"title: {title}") for title in ("B sớm nhất", "A sớm", "B giữa", "A muộn"))


def test_an_activity_deleted_on_one_branch_is_deleted_by_the_merge(repo: Path) -> None:
    for title in ("Tin 1", "Tin 2"):
        cchc_ok(repo, "add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", title)
    git(repo, "commit", "-qam", "Hai hoạt động")
    plan = repo / PLAN
    text = plan.read_text()
    git(repo, "checkout", "-q", "-b", "xoa")
    start = text.index("  - id: HD-2020-0001")
    end = text.index("  - id: HD-2020-0002")
    plan.write_text(text[:start] + text[end:])
    git(repo, "commit", "-qam", "Xóa hoạt động ghi nhầm")
    on_branch(repo, "them", ("add-activity", "-t", "tcct-1", "-d", "06/03/2020", "--title", "Phóng sự"))
    git(repo, "checkout", "-q", "xoa")

    done = merge(repo, "them")

    assert done.returncode == 0, done.stderr
    assert [item["title"] for item in run_cchc("list", "--json", cwd=repo).json()] == [
        "Tin 2", "Phóng sự",
    ]


def test_cchc_diff_says_what_changed_in_the_domains_words(repo: Path) -> None:
    added = run_cchc("add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Đăng 5 tin bài",
                     "-n", "5", "--measure", "tin bài", "--json", cwd=repo).json()
    cchc_ok(repo, "progress", "-t", "qlvh-1", "-q", "2", "-s", "in_progress")
    git(repo, "commit", "-qam", "Quý 1")
    cchc_ok(repo, "progress", "-t", "qlvh-1", "-q", "2", "-s", "done")

    worktree = cchc_ok(repo, "diff")
    committed = cchc_ok(repo, "diff", "HEAD~1", "HEAD")
    markdown = cchc_ok(repo, "diff", "HEAD~1", "--format", "md")
    data = run_cchc("diff", "--format", "json", cwd=repo).json()

    assert worktree == (
        "Thay đổi trong plans/2020.yaml (HEAD → bản đang sửa):\n"
        "Tiến độ: Phòng Quản lý Văn hóa · qlvh-1 · quý II: Đang triển khai → Hoàn thành\n"
    )
    assert committed == (
        "Thay đổi trong plans/2020.yaml (HEAD~1 → HEAD):\n"
        f"Thêm hoạt động {added['id']}: 05/03/2020 · Văn phòng Sở · vp-2 · Đăng 5 tin bài · 5 tin bài\n"
        "Tiến độ: Phòng Quản lý Văn hóa · qlvh-1 · quý II: Chưa triển khai → Đang triển khai\n"
    )
    assert markdown.splitlines()[:5] == [
        "### Thay đổi kế hoạch `plans/2020.yaml` (HEAD~1 → bản đang sửa)",
        "",
        "**Hoạt động** (1)",
        "",
        f"- Thêm hoạt động {added['id']}: 05/03/2020 · Văn phòng Sở · vp-2 · Đăng 5 tin bài · 5 tin bài",
    ]
    assert data["to"] is None
    assert data["changes"] == [{
        "kind": "progress", "action": "changed", "key": "phong-qlvh/qlvh-1/2",
        "summary": "Phòng Quản lý Văn hóa · qlvh-1 · quý II: Đang triển khai → Hoàn thành",
        "fields": {"status": {"old": "Đang triển khai", "new": "Hoàn thành"}},
    }]


def test_an_edited_field_is_shown_old_and_new(repo: Path) -> None:
    plan = repo / PLAN
    plan.write_text(plan.read_text().replace("  short_name: VP\n", "  short_name: VPS\n"))

    assert cchc_ok(repo, "diff") == (
        "Thay đổi trong plans/2020.yaml (HEAD → bản đang sửa):\n"
        "Sửa đơn vị van-phong-so: Văn phòng Sở\n"
        "    tên viết tắt: «VP» → «VPS»\n"
    )


def test_git_log_shows_the_vietnamese_summary_through_textconv(repo: Path) -> None:
    added = run_cchc("add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Đăng 5 tin bài",
                     "--json", cwd=repo).json()
    git(repo, "commit", "-qam", "Ghi hoạt động")

    log = git(repo, "log", "-p", "-1", "--no-color")

    added_lines = [line for line in log.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added_lines == [f"+Hoạt động {added['id']} · 05/03/2020 · Văn phòng Sở · vp-2 · Đăng 5 tin bài"]


def test_the_textconv_speaks_the_clerks_words_codes_and_money(repo: Path) -> None:
    added = run_cchc("add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Hội nghị",
                     "-f", "hoi-nghi", "--cost", "8.000.000", "--participants", "1250", "--json",
                     cwd=repo).json()
    cchc_ok(repo, "progress", "-t", "vp-3", "-q", "2", "-s", "done")
    git(repo, "commit", "-qam", "Ghi hoạt động")
    plan = repo / PLAN
    plan.write_text(plan.read_text().replace("cost: 8000000", "cost: 9500000"))

    log = git(repo, "log", "-p", "-1", "--no-color")
    diff = cchc_ok(repo, "diff")

    added_lines = [line for line in log.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added_lines == [
        (f"+Hoạt động {added['id']} · 05/03/2020 · Văn phòng Sở · vp-2 · Hội nghị · hình thức: "
        "«hoi-nghi» · lượt người tham dự: 1.250 · kinh phí: 8.000.000 đồng"),
        "+Tiến độ · Văn phòng Sở · vp-3 · quý II: Hoàn thành",
    ]
    assert diff.splitlines()[1:] == [
        f"Sửa hoạt động {added['id']}: 05/03/2020 · Văn phòng Sở · vp-2 · Hội nghị",
        "    kinh phí: 8.000.000 đồng → 9.500.000 đồng",
    ]


def test_diff_without_arguments_shows_the_plan_that_has_changes(repo: Path) -> None:
    assert run_cchc("init", "--year", "2021", cwd=repo).code == 0
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Bản nháp năm 2021")
    added = run_cchc("add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Đăng tin",
                     "--json", cwd=repo).json()

    shown = cchc_ok(repo, "diff")

    assert shown == (
        "Thay đổi trong plans/2020.yaml (HEAD → bản đang sửa):\n"
        f"Thêm hoạt động {added['id']}: 05/03/2020 · Văn phòng Sở · vp-2 · Đăng tin\n"
    )


def test_a_missing_revision_is_a_clear_error(repo: Path) -> None:
    done = run_cchc("diff", "khong-co", cwd=repo)

    assert done.code == 2
    assert "Không đọc được «plans/2020.yaml» ở phiên bản «khong-co»" in done.stderr
