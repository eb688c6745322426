"""Recording the work: a reviewer's git diff shows only the new lines, and bad input writes nothing."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from cchc_plan.errors import CchcError
from cchc_plan.reading.roundtrip import make_yaml
from cchc_plan.writing.storage import OnDisk, replace_file
from conftest import PLAN_2020, diff_body, git, run_cchc

ID = re.compile(r"^HD-2020-(\d{4})-[0-9a-z]{4}$")


def test_adding_an_activity_only_adds_its_lines(repo: Path) -> None:
    result = run_cchc(
        "add-activity", "--task", "vp-2", "--date", "05/03/2020",
        "--title", "Đăng tin: công khai bộ thủ tục hành chính", "--form", "trang-tin",
        "--content", "mot-cua", "--content", "sang-kien", "--quantity", "5", "--measure", "tin bài",
        "--evidence", "https://svhttdl.quangngai.gov.vn/tin/123", "--json", cwd=repo,
    )

    assert result.code == 0, result.stderr
    activity = result.json()
    assert ID.match(activity["id"])
    assert ID.match(activity["id"]).group(1) == "0001"  # type: ignore[union-attr]
    assert diff_body(repo) == [
        "@@ -188,0 +189,10 @@ activities:",
        f"+  - id: {activity['id']}",
        "+    date: 2020-03-05",
        "+    unit: van-phong-so",
        "+    task: vp-2",
        "+    title: 'Đăng tin: công khai bộ thủ tục hành chính'",
        "+    form: trang-tin",
        "+    contents: [mot-cua, sang-kien]",
        "+    quantity: 5",
        "+    measure: tin bài",
        "+    evidence: https://svhttdl.quangngai.gov.vn/tin/123",
    ]


def test_an_activity_dated_before_the_last_goes_where_fmt_puts_it(repo: Path) -> None:
    """A clerk records late work: the new lines go before the first later activity (and the
    comment above it), so the file stays in canonical form and the pre-commit hook passes."""
    later = run_cchc("add-activity", "-t", "tcct-1", "-d", "20/03/2020", "--title", "Phóng sự 2",
                     "--json", cwd=repo).json()
    plan = repo / "plans" / "2020.yaml"
    plan.write_text(plan.read_text().replace(f"  - id: {later['id']}", f"  # ghi sau\n  - id: {later['id']}"))
    git(repo, "commit", "-qam", "Hoạt động 1")

    earlier = run_cchc("add-activity", "-t", "tcct-1", "-d", "05/03/2020", "--title", "Phóng sự 1",
                       "--json", cwd=repo).json()

    assert earlier["id"].startswith("HD-2020-0002-")
    assert diff_body(repo) == [
        "@@ -188,0 +189,5 @@ activities:",
        f"+  - id: {earlier['id']}",
        "+    date: 2020-03-05",
        "+    unit: tap-chi-cam-thanh",
        "+    task: tcct-1",
        "+    title: Phóng sự 1",
    ]
    assert run_cchc("fmt", "--check", cwd=repo).code == 0
    listed = run_cchc("list", "--json", cwd=repo).json()
    assert [item["title"] for item in listed] == ["Phóng sự 1", "Phóng sự 2"]


def test_a_second_activity_goes_after_the_first_and_takes_the_next_number(repo: Path) -> None:
    first = run_cchc("add-activity", "-t", "tcct-1", "-d", "2020-02-10", "--title", "Phóng sự 1",
                     "--json", cwd=repo).json()
    git(repo, "commit", "-qam", "Hoạt động 1")

    second = run_cchc("add-activity", "-t", "tcct-1", "-d", "2020-02-20", "--title", "Phóng sự 2",
                      "--json", cwd=repo).json()

    assert second["id"].startswith("HD-2020-0002-")
    assert first["id"].startswith("HD-2020-0001-")
    assert diff_body(repo) == [
        "@@ -193,0 +194,5 @@ activities:",
        f"+  - id: {second['id']}",
        "+    date: 2020-02-20",
        "+    unit: tap-chi-cam-thanh",
        "+    task: tcct-1",
        "+    title: Phóng sự 2",
    ]


def test_marking_progress_only_adds_the_progress_lines(repo: Path) -> None:
    result = run_cchc("progress", "--task", "qlvh-1", "--quarter", "2", "--status", "Hoàn thành",
                      "--note", "Đã tổ chức 2 buổi", cwd=repo)

    assert result.code == 0, result.stderr
    record_id = re.fullmatch(r"Đã ghi tiến độ qlvh-1 quý II \((TD-2020-0001-[0-9a-z]{4})\)\.",
                             result.stdout.splitlines()[0])
    assert record_id is not None, result.stdout
    assert result.stdout.splitlines()[1:] == [
        "Phòng Quản lý Văn hóa: 1/2 nhiệm vụ hoàn thành (50%), 0 hoạt động đã ghi.",
    ]
    body = diff_body(repo)
    assert body[:8] == [
        "@@ -191,0 +192,7 @@ progress:",
        f"+  - id: {record_id.group(1)}",
        "+    unit: phong-qlvh",
        "+    task: qlvh-1",
        "+    quarter: 2",
        "+    status: done",
        "+    note: Đã tổ chức 2 buổi",
        body[7],
    ]
    assert re.match(r"^\+    date: \d{4}-\d{2}-\d{2}$", body[7])


def test_status_shows_the_latest_record_of_each_task(repo: Path) -> None:
    for status in ("in_progress", "Hoàn thành"):
        assert run_cchc("progress", "-t", "vp-3", "-q", "1", "-s", status, cwd=repo).code == 0
    run_cchc("progress", "-t", "vp-4", "-q", "3", "-s", "dang trien khai", "--percent", "30", cwd=repo)

    as_of_q2 = run_cchc("status", "--quarter", "2", "--json", cwd=repo).json()
    as_of_q3 = run_cchc("status", "--quarter", "3", "--json", cwd=repo).json()

    assert (as_of_q2["done"], as_of_q2["total"]) == (1, 9)
    by_task = {item["task"]: item for item in as_of_q3["tasks"]}
    assert by_task["vp-3"]["status"] == "done"
    assert (by_task["vp-4"]["status"], by_task["vp-4"]["percent"]) == ("in_progress", 30)
    assert {item["task"]: item["status"] for item in as_of_q2["tasks"]}["vp-4"] == "not_started"


def test_list_filters_by_statutory_quarter(repo: Path) -> None:
    for day in ("14/06/2020", "20/06/2020", "20/12/2019"):
        assert run_cchc("add-activity", "-t", "vp-2", "-d", day, "--title", f"Tin {day}",
                        cwd=repo).code == 0

    q2 = run_cchc("list", "--quarter", "2", "--json", cwd=repo).json()
    q3 = run_cchc("list", "--quarter", "3", "--json", cwd=repo).json()
    q1 = run_cchc("list", "--quarter", "1", "--json", cwd=repo).json()

    assert [item["date"] for item in q2] == ["2020-06-14"]
    assert [item["date"] for item in q3] == ["2020-06-20"]
    assert [item["date"] for item in q1] == ["2019-12-20"]


BAD_INPUT = [
    (["--task", "vp-22"], "không có nhiệm vụ nào mang mã «vp-22»"),
    (["--task", "vp-2", "--unit", "phong-qlvh"], "nhiệm vụ «vp-2» không được giao cho đơn vị «phong-qlvh»"),
    (["--task", "vp-2", "--unit", "van-phong"], "Có phải ý bạn là «van-phong-so»?"),
    (["--task", "vp-2", "--form", "pano-ap-phich"], "không có hình thức tuyên truyền nào mang mã «pano-ap-phich»"),
    (["--task", "vp-2", "--content", "mot_cua"], "Có phải ý bạn là «mot-cua»?"),
    (["--task", "vp-2", "--date", "31/04/2020"], "tháng 4 năm 2020 có 30 ngày"),
    (["--task", "vp-2", "--date", "hôm qua"], "không đọc được ngày «hôm qua»"),
    (["--task", "vp-2", "--date", "15/12/2020"], "nằm ngoài kỳ báo cáo năm 2020 (15/12/2019 – 14/12/2020)"),
    (["--task", "vp-2", "--quantity", "-3", "--measure", "tin"], "--quantity: giá trị -3 phải lớn hơn 0"),
    (["--task", "vp-2", "--quantity", "0", "--measure", "tin"], "--quantity: giá trị 0 phải lớn hơn 0"),
    (["--task", "vp-2", "--quantity", "1,555", "--measure", "giờ"],
     "--quantity: không đọc được số lượng «1,555»: viết 3, 1.250 hoặc 1,5"),
    (["--task", "vp-2", "--quantity", "3"], "có số lượng nhưng thiếu đơn vị tính"),
    (["--task", "vp-2", "--cost", "-1"], "--cost: giá trị -1 phải lớn hơn hoặc bằng 0"),
    (["--task", "vp-2", "--cost", "1.250,5"], "--cost: kinh phí «1.250,5» tính bằng đồng, không có phần lẻ"),
    (["--task", "vp-2", "--cost", "12.50"], "--cost: không đọc được kinh phí «12.50»"),
    (["--task", "vp-2", "--date", "05-03-20"], "không đọc được ngày «05-03-20»"),
    (["--task", "vp-2", "--date", "05/03-2020"], "không đọc được ngày «05/03-2020»"),
    (["--task", "vp-2", "--participants", "999999999999"], "--participants: giá trị 999999999999 phải nhỏ hơn"),
    (["--task", "vp-2", "--title", "   "], "--title: nội dung không được để trống"),
    (["--task", "vp-2", "--title", "tin\x1bbài"], "--title: nội dung có ký tự điều khiển"),
]


@pytest.mark.parametrize(("options", "message"), BAD_INPUT, ids=[str(i) for i in range(len(BAD_INPUT))])
def test_bad_input_is_refused_and_the_file_stays_byte_identical(
    repo: Path, options: list[str], message: str
) -> None:
    defaults = {"--date": "01/03/2020", "--title": "Đăng tin"}
    args = list(options)
    for option, value in defaults.items():
        if option not in args:
            args += [option, value]
    before = (repo / "plans" / "2020.yaml").read_bytes()

    result = run_cchc("add-activity", *args, cwd=repo)

    assert result.code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert (repo / "plans" / "2020.yaml").read_bytes() == before


@pytest.mark.parametrize(("typed", "stored"), [
    (["--date", "05-03-2020", "--cost", "1.250.000"], {"date": "2020-03-05", "cost": 1250000}),
    (["--date", "5.3.2020", "--cost", "1250000"], {"date": "2020-03-05", "cost": 1250000}),
    (["--date", "2020-03-05", "--cost", "1 250 000 đồng"], {"date": "2020-03-05", "cost": 1250000}),
    (["--date", "5/3/2020", "--participants", "1.250", "-n", "12", "--measure", "tin bài"],
     {"date": "2020-03-05", "participants": 1250, "quantity": 12}),
])
def test_numbers_and_dates_are_read_as_clerks_write_them(
    repo: Path, typed: list[str], stored: dict[str, object]
) -> None:
    done = run_cchc("add-activity", "-t", "vp-2", "--title", "Đăng tin", *typed, "--json", cwd=repo)

    assert done.code == 0, done.stderr
    assert {key: done.json()[key] for key in stored} == stored


def test_progress_takes_the_date_it_was_true_on(repo: Path) -> None:
    done = run_cchc("progress", "-t", "vp-3", "-q", "2", "-s", "done", "--date", "14-06-2020",
                    "--json", cwd=repo)

    assert done.code == 0, done.stderr
    assert done.json()["date"] == "2020-06-14"
    assert "+    date: 2020-06-14" in diff_body(repo)
    wrong = run_cchc("progress", "-t", "vp-3", "-q", "2", "-s", "done", "--date", "31/06/2020", cwd=repo)
    assert wrong.code == 2 and "--date: ngày «31/06/2020» không có thật: tháng 6 năm 2020 có 30 ngày" in wrong.stderr


def test_a_dry_run_from_a_subfolder_names_the_file_as_git_does(repo: Path) -> None:
    folder = repo / "bao-cao" / "quy-2" / "nhap"
    folder.mkdir(parents=True)

    done = run_cchc("add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Đăng tin",
                    "--dry-run", cwd=folder)

    assert done.code == 0, done.stderr
    assert done.stdout.splitlines()[:2] == ["--- a/plans/2020.yaml", "+++ b/plans/2020.yaml"]
    assert git(repo, "diff") == ""  # a dry run writes nothing


def test_a_likely_slip_is_written_with_a_warning_and_refused_with_strict(repo: Path) -> None:
    form = ("add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Văn nghệ", "-f", "van-nghe")
    content = ("add-activity", "-t", "vp-3", "-d", "06/03/2020", "--title", "Hội nghị",
               "-c", "van-ban-phap-luat", "-c", "sang-kien")
    before = (repo / "plans" / "2020.yaml").read_bytes()

    strict = run_cchc(*form, "--strict", cwd=repo)

    assert strict.code == 2
    assert (repo / "plans" / "2020.yaml").read_bytes() == before
    assert strict.stderr.splitlines()[-1] == (
        "Không có gì được ghi vào tệp kế hoạch (--strict: lưu ý cũng là lỗi).")

    written = [run_cchc(*form, cwd=repo), run_cchc(*content, cwd=repo)]

    assert [done.code for done in written] == [0, 0]
    assert [done.stderr.splitlines()[:2] for done in written] == [[
        ("Lưu ý: --form: hình thức «van-nghe» không nằm trong các hình thức của nhiệm vụ «vp-2» "
        "(cong-khai-tthc, trang-tin)"),
        "      → Kiểm tra lại nhiệm vụ hoặc hình thức; nếu đúng là vậy thì không cần làm gì.",
    ], [
        ("Lưu ý: --content: nội dung «sang-kien» không nằm trong các nội dung của nhiệm vụ «vp-3» "
        "(van-ban-phap-luat)"),
        "      → Kiểm tra lại nhiệm vụ hoặc nội dung; nếu đúng là vậy thì không cần làm gì.",
    ]]
    text = (repo / "plans" / "2020.yaml").read_text(encoding="utf-8")
    assert "title: Văn nghệ" in text and "title: Hội nghị" in text


def test_a_measure_that_differs_only_in_accents_case_or_spaces_names_the_one_in_use(repo: Path) -> None:
    cchc_ok = run_cchc("add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Tin 1",
                       "-n", "3", "--measure", "tin bài", cwd=repo)
    assert cchc_ok.code == 0 and "Lưu ý" not in cchc_ok.stderr

    done = run_cchc("add-activity", "-t", "vp-2", "-d", "06/03/2020", "--title", "Tin 2",
                    "-n", "2", "--measure", "Tin  bai", cwd=repo)

    assert done.code == 0
    assert done.stderr.splitlines()[:2] == [
        ("Lưu ý: --measure: đơn vị tính «Tin  bai» gần giống «tin bài» đã dùng, chỉ khác dấu, "
        "chữ hoa hay dấu cách"),
        "      → Dùng đúng «tin bài» để các số được cộng chung trong báo cáo.",
    ]


@pytest.mark.parametrize(("status", "percent", "warned"), [
    ("done", "80", True), ("not_started", "10", True), ("in_progress", "80", False),
    ("done", "100", False), ("not_started", "0", False),
])
def test_a_percentage_that_contradicts_the_status_is_a_warning(
    repo: Path, status: str, percent: str, warned: bool
) -> None:
    done = run_cchc("progress", "-t", "vp-2", "-q", "1", "-s", status, "--percent", percent, cwd=repo)
    strict = run_cchc("progress", "-t", "vp-2", "-q", "1", "-s", status, "--percent", percent,
                      "--strict", "--dry-run", cwd=repo)

    assert done.code == 0
    assert ("Lưu ý: --percent: trạng thái" in done.stderr) == warned
    assert strict.code == (2 if warned else 0)


def test_missing_options_without_a_terminal_are_named(repo: Path) -> None:
    result = run_cchc("add-activity", "--task", "vp-2", cwd=repo)

    assert result.code == 2
    assert result.stderr.startswith("Lỗi: Thiếu tùy chọn bắt buộc: --date, --title.\n")


def test_progress_refuses_a_percent_over_100_and_an_unknown_status(repo: Path) -> None:
    over = run_cchc("progress", "-t", "vp-1", "-q", "1", "-s", "done", "--percent", "120", cwd=repo)
    unknown = run_cchc("progress", "-t", "vp-1", "-q", "1", "-s", "xong", cwd=repo)
    quarter = run_cchc("progress", "-t", "vp-1", "-q", "5", "-s", "done", cwd=repo)

    assert (over.code, unknown.code, quarter.code) == (2, 2, 2)
    assert "--percent: giá trị 120 phải nhỏ hơn hoặc bằng 100" in over.stderr
    assert "trạng thái «xong» không hợp lệ" in unknown.stderr
    assert git(repo, "status", "--porcelain") == ""


def test_dry_run_prints_the_diff_and_writes_nothing(repo: Path) -> None:
    result = run_cchc("add-activity", "-t", "vp-2", "-d", "1/3/2020", "--title", "Thử", "--dry-run",
                      cwd=repo)

    assert result.code == 0
    assert result.stdout.startswith("--- a/plans/2020.yaml\n+++ b/plans/2020.yaml\n")
    assert "+    title: Thử\n" in result.stdout
    assert git(repo, "status", "--porcelain") == ""


def test_windows_line_endings_bom_and_permissions_are_kept(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_bytes(b"\xef\xbb\xbf" + PLAN_2020.read_bytes().replace(b"\n", b"\r\n"))
    plan.chmod(0o640)

    result = run_cchc("add-activity", "--plan", str(plan), "-t", "vp-2", "-d", "1/3/2020",
                      "--title", "Tin", "--json")

    assert result.code == 0, result.stderr
    data = plan.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert b"    title: Tin\r\n" in data
    assert plan.stat().st_mode & 0o777 == 0o640
    assert sorted(path.name for path in tmp_path.iterdir()) == ["2020.yaml"]


def test_an_invalid_plan_is_not_written_to(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    broken = PLAN_2020.read_bytes().replace(b"  year: 2020", b"  year: 20x0")
    plan.write_bytes(broken)

    result = run_cchc("add-activity", "--plan", str(plan), "-t", "vp-2", "-d", "1/3/2020",
                      "--title", "Tin")

    assert result.code == 1
    assert f"{plan}:18:9: cần một số nguyên" in result.stderr
    assert plan.read_bytes() == broken


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_bytes(b"old\n")
    plan.write_bytes(b"changed by an editor\n")

    with pytest.raises(CchcError) as raised:
        replace_file(plan, b"new\n", OnDisk.of(b"old\n"))

    assert raised.value.code == "changed-on-disk"
    assert plan.read_bytes() == b"changed by an editor\n"
    assert [path.name for path in tmp_path.iterdir()] == ["2020.yaml"]


def test_loading_and_saving_the_untouched_plan_gives_the_same_bytes() -> None:
    yaml = make_yaml()
    text = PLAN_2020.read_text(encoding="utf-8")
    stream = io.StringIO()

    yaml.dump(yaml.load(text), stream)

    assert stream.getvalue() == text
