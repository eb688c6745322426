"""A clerk's own templates: rendered in a sandbox, a typo is a clear error with its line, never a hole."""

from __future__ import annotations

from pathlib import Path

import docx

from conftest import ROOT, run_cchc


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def word_template(path: Path, paragraph: str) -> Path:
    """A clerk's Word template of one paragraph."""
    document = docx.Document()
    document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def test_a_clerks_markdown_template_gets_the_report_data(quarter_plan: Path, tmp_path: Path) -> None:
    template = write(tmp_path, "ngan.md", "# {{ period.label }}\n"
                     "{% for row in by_form if row.activities %}- {{ row.name }}: "
                     "{{ row.cost | money }}\n{% endfor %}")

    done = run_cchc("report", "-q", "2", "--template", str(template), cwd=quarter_plan)

    assert done.code == 0, done.stderr
    assert done.stdout == (
        "# quý II năm 2020\n"
        "- Hoạt động văn hóa văn nghệ: 1.250.000 đồng\n"
        "- Hội nghị, lớp tập huấn lồng ghép: 0 đồng\n"
        "- Pano, áp phích, tài liệu: 4.500.000 đồng\n"
        "- Xe tuyên truyền lưu động: 0 đồng\n"
    )


def test_a_misspelt_name_stops_the_report_and_names_the_line(quarter_plan: Path, tmp_path: Path) -> None:
    template = write(tmp_path, "sai.md", "# Báo cáo\n\nKỳ: {{ period.lable }}\n")

    done = run_cchc("report", "-q", "2", "--template", str(template), cwd=quarter_plan)

    assert done.code == 4
    assert done.stdout == ""
    assert f"{template}:3: mẫu dùng một tên không có trong dữ liệu báo cáo" in done.stderr
    assert "lable" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_syntax_error_names_its_line(quarter_plan: Path, tmp_path: Path) -> None:
    template = write(tmp_path, "sai.md", "a\n{% for x in activities %}\nb\n")

    done = run_cchc("report", "-q", "2", "--template", str(template), "--format", "json",
                    cwd=quarter_plan)

    assert done.code == 2
    assert "mẫu md, không dựng được báo cáo json" in done.stderr
    done = run_cchc("report", "-q", "2", "--template", str(template), cwd=quarter_plan)
    assert done.code == 4
    assert f"{template}:3: lỗi cú pháp Jinja" in done.stderr


def test_a_template_cannot_reach_python_internals(quarter_plan: Path, tmp_path: Path) -> None:
    attempts = {
        "class.md": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "globals.md": "{{ number.__globals__ }}",
        "format.md": "{{ '{0.__class__}'.format(period) }}",
    }
    for name, text in attempts.items():
        template = write(tmp_path, name, text)

        done = run_cchc("report", "-q", "2", "--template", str(template), cwd=quarter_plan)

        assert done.code == 4, name
        assert done.stdout == ""
        assert "Traceback" not in done.stderr
        assert "class" not in done.stdout


def test_template_check_finds_unknown_names_and_renders_a_trial(quarter_plan: Path, tmp_path: Path) -> None:
    good = write(tmp_path, "tot.md", "{{ document.summary }}\n")
    bad = write(tmp_path, "sai.md", "{{ documnet.summary }}\n")

    ok = run_cchc("template", "check", str(good), cwd=quarter_plan)
    wrong = run_cchc("template", "check", str(bad), cwd=quarter_plan)
    shipped = run_cchc("template", "check", str(ROOT / "templates" / "bao-cao.docx"), cwd=quarter_plan)

    assert (ok.code, ok.stdout) == (0, f"{good}: mẫu hợp lệ, đã dựng thử báo cáo năm 2020.\n")
    assert wrong.code == 4
    assert f"Lỗi: {bad}: «documnet» không có trong dữ liệu báo cáo" in wrong.stderr
    assert shipped.code == 0, shipped.stderr


def test_a_word_template_with_a_typo_is_refused(quarter_plan: Path, tmp_path: Path) -> None:
    template = word_template(tmp_path / "mau.docx", "Kỳ báo cáo: {{ period.lable }}")
    output = tmp_path / "out.docx"

    done = run_cchc("report", "-q", "2", "--template", str(template), "-o", str(output),
                    cwd=quarter_plan)
    check = run_cchc("template", "check", str(template), cwd=quarter_plan)

    assert done.code == 4
    assert "quanh đoạn «Kỳ báo cáo: {{ period.lable }}»" in done.stderr
    assert not output.exists()
    assert check.code == 4


def test_a_word_template_of_the_clerk_is_filled(quarter_plan: Path, tmp_path: Path) -> None:
    template = word_template(tmp_path / "mau.docx", "{{ document.summary }} ({{ completion.percent | percent }})")

    done = run_cchc("report", "-q", "2", "--template", str(template), "-o", str(tmp_path / "r.docx"),
                    cwd=quarter_plan)

    assert done.code == 0, done.stderr
    assert [p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs] == [
        "Kết quả thực hiện công tác tuyên truyền cải cách hành chính quý II năm 2020 (11,1%)"
    ]


def test_a_template_that_is_not_text_or_not_word_is_a_clear_error(quarter_plan: Path, tmp_path: Path) -> None:
    not_word = tmp_path / "mau.docx"
    not_word.write_bytes(b"day khong phai tep Word")
    not_utf8 = tmp_path / "mau.md"
    not_utf8.write_bytes(b"{{ period.label }} \xe2\x80 b\xe1n c\xf5")

    word = run_cchc("report", "-q", "2", "--template", str(not_word), "-o", str(tmp_path / "r.docx"),
                    cwd=quarter_plan)
    text = run_cchc("report", "-q", "2", "--template", str(not_utf8), cwd=quarter_plan)
    checked = run_cchc("template", "check", str(not_word), cwd=quarter_plan)

    assert (word.code, text.code, checked.code) == (4, 4, 4)
    assert f"Mẫu «{not_word}» không phải tệp Word (.docx) hợp lệ." in word.stderr
    assert f"Mẫu «{not_utf8}» không phải văn bản UTF-8." in text.stderr
    assert "Traceback" not in word.stderr + text.stderr + checked.stderr
    assert not (tmp_path / "r.docx").exists()
