"""`cchc serve` over real HTTP: the contract of its API, its security, and that a write through
it is the command line's write (the same diff, the same lock, the same refusals)."""

from __future__ import annotations

import socket
from pathlib import Path

from conftest import git, run_cchc
from web_server import serving

ACTIVITY = {"task": "vp-2", "date": "15/04/2020", "title": "Đăng tin qua trang web",
            "form": "trang-tin", "contents": ["mot-cua"], "quantity": "3", "measure": "tin bài",
            "cost": "1.250.000"}


def client(server: object, **extra: object) -> object:
    import httpx

    return httpx.Client(base_url=server.base, headers=server.auth, timeout=30, **extra)  # type: ignore[attr-defined]


def test_the_first_line_is_the_address_with_its_token(repo: Path) -> None:
    with serving(repo) as server:
        assert server.address.startswith("http://127.0.0.1:")
        assert server.address.split("?")[0].endswith("/")
        assert len(server.token) >= 40
        port = int(server.base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)):  # listening on loopback
            pass


def test_the_api_answers_what_the_command_line_prints(repo: Path) -> None:
    assert run_cchc("add-activity", "-t", "vp-3", "-d", "10/05/2020", "--title", "Hội nghị",
                    cwd=repo).code == 0
    with serving(repo) as server, client(server) as http:
        plan = http.get("/api/plan")
        assert (plan.status_code, plan.json()) == (200, run_cchc("show", "--json", cwd=repo).json())
        listed = http.get("/api/activities", params={"period": "Q2"})
        assert listed.json() == run_cchc("list", "--json", "--quarter", "2", cwd=repo).json()
        report = http.get("/api/report", params={"period": "Q2", "format": "json"})
        expected = run_cchc("report", "-q", "2", "-f", "json", cwd=repo).json()
        assert report.status_code == 200
        assert report.json() == expected  # dated today, as the command's default
        markdown = http.get("/api/report", params={"period": "H1", "format": "md"})
        assert markdown.text == run_cchc("report", "--half", "1", cwd=repo).stdout
        docx = http.get("/api/report", params={"period": "Q2", "format": "docx"})
        assert (docx.status_code, docx.content[:2]) == (200, b"PK")
        assert docx.headers["content-disposition"] == 'attachment; filename="bao-cao-2020-Q2.docx"'
        wrong = http.get("/api/report", params={"period": "Q5", "format": "json"})
        assert wrong.status_code == 422


def test_a_write_through_the_api_is_the_command_line_s_minimal_diff(repo: Path) -> None:
    with serving(repo) as server, client(server) as http:
        created = http.post("/api/activities", json=ACTIVITY)
        assert created.status_code == 201, created.text
        record = created.json()
        assert record["id"].startswith("HD-2020-0001-")
        assert (record["quantity"], record["cost"], record["contents"]) == (3, 1250000, ["mot-cua"])
        body = [line for line in git(repo, "diff", "--no-color", "-U0").splitlines()
                if line.startswith("+") and not line.startswith("+++")]
        assert body == [f"+  - id: {record['id']}", "+    date: 2020-04-15", "+    unit: van-phong-so",
                        "+    task: vp-2", "+    title: Đăng tin qua trang web", "+    form: trang-tin",
                        "+    contents: [mot-cua]", "+    quantity: 3", "+    measure: tin bài",
                        "+    cost: 1250000"]
        git(repo, "commit", "-qam", "một hoạt động")
        edited = http.patch(f"/api/activities/{record['id']}", json={"quantity": 4, "cost": ""})
        assert edited.status_code == 200, edited.text
        assert [line for line in git(repo, "diff", "--no-color", "-U0").splitlines()
                if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
            "-    quantity: 3", "+    quantity: 4", "-    cost: 1250000"]
        progress = http.post("/api/progress", json={"task": "vp-2", "quarter": 2, "status": "Đang triển khai",
                                                    "percent": 40})
        assert (progress.status_code, progress.json()["status"], progress.json()["id"][:3]) == (
            201, "in_progress", "TD-")
        note = http.post("/api/notes", json={"period": "Q2", "section": "kho-khan", "text": "Thiếu kinh phí."})
        assert (note.status_code, note.json()["section"]) == (201, "kho-khan")
        removed = http.delete(f"/api/activities/{record['id']}")
        assert removed.status_code == 200
        assert run_cchc("list", "--json", cwd=repo).json() == []
        missing = http.delete(f"/api/activities/{record['id']}")
        assert missing.status_code == 404


def test_a_wrong_record_is_422_with_located_vietnamese_errors_and_nothing_written(repo: Path) -> None:
    before = (repo / "plans" / "2020.yaml").read_bytes()
    with serving(repo) as server, client(server) as http:
        refused = http.post("/api/activities", json={**ACTIVITY, "date": "31/04/2020", "title": " ",
                                                     "quantity": "ba"})
        assert refused.status_code == 422
        assert refused.json() == {"ok": False, "errors": [
            {"field": "date", "code": "invalid-input",
             "message": "ngày «31/04/2020» không có thật: tháng 4 năm 2020 có 30 ngày", "hint": ""},
            {"field": "title", "code": "missing-option", "message": "chưa điền (bắt buộc)", "hint": ""},
            {"field": "quantity", "code": "invalid-input",
             "message": "không đọc được số lượng «ba»: viết 3, 1.250 hoặc 1,5 (phần lẻ sau dấu "
                        "phẩy, tối đa hai chữ số)", "hint": ""},
        ]}
        unknown = http.post("/api/activities", json={**ACTIVITY, "task": "vp-9"})
        assert unknown.status_code == 422
        assert [(item["field"], item["code"]) for item in unknown.json()["errors"]] == [
            ("task", "unknown-reference")]
        outside = http.post("/api/activities", json={**ACTIVITY, "date": "15/04/2021"})
        assert [(item["field"], item["code"]) for item in outside.json()["errors"]] == [
            ("date", "date-outside-year")]
        not_json = http.post("/api/activities", content=b"{", headers={"Content-Type": "application/json"})
        assert not_json.status_code == 400
    assert (repo / "plans" / "2020.yaml").read_bytes() == before


# Security ------------------------------------------------------------------------------------

def test_every_request_needs_the_token(repo: Path) -> None:
    import httpx

    with serving(repo) as server:
        for path in ("/", "/api/plan", "/static/cchc.css", "/hoat-dong"):
            assert httpx.get(server.base + path).status_code == 401
        assert httpx.get(server.base + "/", headers={"Authorization": "Bearer sai"}).status_code == 401
        assert httpx.post(server.base + "/api/activities", json=ACTIVITY).status_code == 401
        # Given once in the address: a cookie from then on, and the token leaves the address.
        with httpx.Client(base_url=server.base) as browser:
            first = browser.get(f"/?token={server.token}")
            assert first.status_code == 303 and first.headers["location"] == "/"
            assert "HttpOnly" in first.headers["set-cookie"] and "SameSite=strict" in first.headers["set-cookie"]
            assert browser.get("/", follow_redirects=False).status_code == 200
    assert (repo / "plans" / "2020.yaml").read_bytes() == git(repo, "show", "HEAD:plans/2020.yaml").encode()


def test_another_host_name_is_refused(repo: Path) -> None:
    with serving(repo) as server, client(server) as http:
        assert http.get("/", headers={"Host": "attacker.example"}).status_code == 421
        assert http.get("/", headers={"Host": "attacker.example:8765"}).status_code == 421
        port = server.base.rsplit(":", 1)[1]
        assert http.get("/", headers={"Host": f"localhost:{port}"}).status_code == 200


def test_forms_need_their_csrf_token_and_the_cookie_api_its_header(repo: Path) -> None:
    import httpx

    before = (repo / "plans" / "2020.yaml").read_bytes()
    with serving(repo) as server, httpx.Client(base_url=server.base) as browser:
        browser.get(f"/?token={server.token}")
        page = browser.get("/hoat-dong").text
        csrf = page.split('name="csrf" value="')[1].split('"')[0]
        assert csrf != server.token and len(csrf) == 64
        form = {"task": "vp-1", "date": "15/04/2020", "title": "Từ trang"}
        assert browser.post("/hoat-dong", data=form).status_code == 403
        assert browser.post("/hoat-dong", data={**form, "csrf": "sai"}).status_code == 403
        assert browser.post("/api/activities", json=ACTIVITY).status_code == 403  # cookie, no header
        assert (repo / "plans" / "2020.yaml").read_bytes() == before
        done = browser.post("/hoat-dong", data={**form, "csrf": csrf})
        assert done.status_code == 303 and done.headers["location"].startswith("/hoat-dong?da-ghi=HD-2020-0001-")
        header = browser.post("/api/activities", json=ACTIVITY, headers={"X-CSRF-Token": csrf})
        assert header.status_code == 201


def test_read_only_refuses_every_write_with_403(repo: Path) -> None:
    before = (repo / "plans" / "2020.yaml").read_bytes()
    with serving(repo, "--read-only") as server, client(server) as http:
        assert http.get("/api/plan").status_code == 200
        assert http.post("/api/activities", json=ACTIVITY).status_code == 403
        assert http.post("/api/progress", json={"task": "vp-1", "quarter": 1, "status": "done"}).status_code == 403
        assert http.post("/api/notes", json={"period": "Q1", "section": "kho-khan", "text": "x"}).status_code == 403
        assert http.patch("/api/activities/HD-2020-0001-abcd", json={"title": "x"}).status_code == 403
        assert http.delete("/api/activities/HD-2020-0001-abcd").status_code == 403
        assert "Chỉ xem" in http.get("/hoat-dong").text
    assert (repo / "plans" / "2020.yaml").read_bytes() == before


def test_bodies_are_bounded_and_nothing_outside_the_assets_is_served(repo: Path) -> None:
    (repo / "plans" / "bi-mat.txt").write_text("không được lộ", encoding="utf-8")
    with serving(repo) as server, client(server) as http:
        large = http.post("/api/activities", content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
                          headers={"Content-Type": "application/json"})
        assert large.status_code == 413

        def pieces() -> object:  # a body sent without its length (chunked)
            for _ in range(3):
                yield b" " * (1024 * 1024)

        chunked = http.post("/api/activities", content=pieces(),  # type: ignore[arg-type]
                            headers={"Content-Type": "application/json"})
        assert (chunked.status_code, chunked.json()["error"]) == (413, "Nội dung gửi lên quá lớn.")
        for path in ("/static/../plans/2020.yaml", "/static/%2e%2e/%2e%2e/app.py", "/plans/2020.yaml",
                     "/static/..%2f..%2fplans%2fbi-mat.txt", "/bi-mat.txt"):
            answer = http.get(path)
            assert answer.status_code == 404, path
            assert "không được lộ" not in answer.text and "schema_version" not in answer.text
        assert http.get("/static/cchc.js").status_code == 200
        upload = http.post("/hoat-dong", data={"task": "vp-1"}, files={"tep": ("a.txt", b"x")})
        assert (upload.status_code, upload.json()["error"]) == (
            400, "Biểu mẫu gửi lên không hợp lệ (có tệp đính kèm hoặc quá nhiều ô).")
        fields = http.post("/hoat-dong", data={f"o{number}": "x" for number in range(200)})
        assert fields.status_code == 400


def test_every_value_from_the_plan_is_escaped(repo: Path) -> None:
    title = '<script>alert("x")</script> & <b>đậm</b>'
    assert run_cchc("add-activity", "-t", "vp-1", "-d", "15/04/2020", "--title", title, cwd=repo).code == 0
    with serving(repo) as server, client(server) as http:
        page = http.get("/hoat-dong").text
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;" in page
        report = http.get("/bao-cao", params={"period": "Q2"}).text
        assert "<script>alert" not in report


def test_a_change_on_disk_shows_without_a_restart(repo: Path) -> None:
    with serving(repo) as server, client(server) as http:
        before = http.get("/api/state").json()["version"]
        assert http.get("/api/activities").json() == []
        assert run_cchc("add-activity", "-t", "vp-1", "-d", "15/04/2020", "--title", "Từ dòng lệnh",
                        cwd=repo).code == 0
        assert [item["title"] for item in http.get("/api/activities").json()] == ["Từ dòng lệnh"]
        assert http.get("/api/state").json()["version"] != before
        plan = repo / "plans" / "2020.yaml"
        good = plan.read_bytes()
        plan.write_bytes(good.replace(b"date: 2020-04-15", b"date: 2020-04-31"))
        broken = http.get("/")
        assert broken.status_code == 200 and "Tệp kế hoạch có lỗi" in broken.text
        assert "2020.yaml:" in broken.text
        assert http.get("/api/plan").status_code == 409
        plan.write_bytes(good)
        assert http.get("/api/plan").status_code == 200


def test_the_port_in_use_is_a_message_not_a_traceback(repo: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_cchc("serve", "--port", str(port), cwd=repo)
    assert done.code == 3
    assert done.stderr.startswith(f"Lỗi: Không mở được máy chủ tại 127.0.0.1:{port}: ")
    assert "Traceback" not in done.stderr


def test_every_address_at_once_is_refused_with_how_to_choose_one(repo: Path) -> None:
    done = run_cchc("serve", "--host", "0.0.0.0", cwd=repo)
    assert done.code == 2
    assert done.stderr.splitlines() == [
        "Lỗi: --host: cần địa chỉ của máy này trong mạng (ví dụ 192.168.1.5), không phải «0.0.0.0».",
        ("      → Xem địa chỉ bằng lệnh ipconfig (Windows) hoặc ip addr, rồi chạy cchc serve --host "
        "ĐỊA-CHỈ."),
    ]
