"""A template from anywhere cannot read files, exhaust the machine or make Word fetch anything,
and text from the plan is shown literally in every format."""

from __future__ import annotations

import io
import resource
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from cchc_plan import cli
from cchc_plan.reports import sandbox
from conftest import Run, run_cchc, run_without_posix
from test_templates import word_template, write

ATTACHED_TEMPLATE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


HOSTILE_TEMPLATES = [
    ("{% include '/etc/passwd' %}", "mẫu không được đọc tệp khác («/etc/passwd»)"),
    ("{% import 'macros.md' as m %}", "mẫu không được đọc tệp khác («macros.md»)"),
    ("{% extends 'base.md' %}", "mẫu không được đọc tệp khác («base.md»)"),
    ("{{ 'x' * 1000000000 }}", "phép nhân tạo giá trị quá lớn (hơn 1000000 phần tử)"),
    ("{{ [0] * 1000000000 }}", "phép nhân tạo giá trị quá lớn (hơn 1000000 phần tử)"),
    ("{{ 10 ** 100000000 }}", "số mũ quá lớn (hơn 1000)"),
    ("{{ 'x'.ljust(3000000000) }}", "mẫu cần quá nhiều bộ nhớ (hơn 2 GB)"),
    ("{{ '%*s' % (3000000000, 'x') }}", "mẫu cần quá nhiều bộ nhớ (hơn 2 GB)"),
    ("{% for a in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}", "báo cáo dài quá 32 triệu ký tự"),
]


@pytest.mark.parametrize("run", [run_cchc, run_without_posix], ids=["posix", "without-posix"])
@pytest.mark.parametrize(("text", "said"), HOSTILE_TEMPLATES)
def test_a_template_cannot_read_files_or_make_huge_values(
    text: str, said: str, run: Callable[..., Run], quarter_plan: Path, tmp_path: Path
) -> None:
    template = write(tmp_path, "mau.md", text)

    done = run("report", "-q", "2", "--template", str(template), "-o", str(tmp_path / "r.md"),
                    cwd=quarter_plan)

    assert done.code == 4, done.stderr
    assert f"mẫu dùng một thao tác không được phép ({said}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "r.md").exists()


def test_a_template_that_never_ends_is_stopped(
    quarter_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    template = write(tmp_path, "mau.md", "{% for a in range(100000) %}{% for b in range(100000) %}"
                                          "{% endfor %}{% endfor %}")
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 1)
    monkeypatch.chdir(quarter_plan)

    code = cli.main(["report", "-q", "2", "--template", str(template), "-o", str(tmp_path / "r.md")])

    assert code == 4
    assert "mẫu chạy quá 1 giây (có thể một vòng lặp không dừng)" in capsys.readouterr().err
    assert not (tmp_path / "r.md").exists()


def field(*runs: str) -> str:
    """A Word field whose code is split over runs, as Word itself often stores it."""
    return (f'<w:p {W}><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            + "".join(f'<w:r><w:instrText xml:space="preserve">{run}</w:instrText></w:r>' for run in runs)
            + '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def unsafe_word(path: Path, kind: str) -> Path:
    document = docx.Document(str(word_template(path, "{{ document.summary }}")))
    body = document.element.body
    if kind == "linked-picture":
        document.part.relate_to("http://example.invalid/logo.png", RT.IMAGE, is_external=True)
    elif kind == "attached-template":
        document.part._settings_part.relate_to("\\\\may-chu\\mau\\Normal.dotm",
                                               ATTACHED_TEMPLATE, is_external=True)
    elif kind == "includepicture":
        body.insert(0, parse_xml(field("INCLUDE", 'PICTURE "http://example.invalid/a.png"')))
    elif kind == "includetext":
        body.insert(0, parse_xml(field(' INCLUDETEXT "C:\\\\mat\\\\so-lieu.docx" ')))
    elif kind == "ddeauto":
        body.insert(0, parse_xml(f'<w:p {W}><w:fldSimple w:instr=\'DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc"\'>'
                                 '<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'))
    document.save(str(path))
    return path


@pytest.mark.parametrize(("kind", "said"), [
    ("linked-picture", "mẫu liên kết ra ngoài tệp (image: «http://example.invalid/logo.png»)"),
    ("attached-template", "mẫu liên kết ra ngoài tệp (attachedTemplate: «\\\\may-chu\\mau\\Normal.dotm»)"),
    ("includepicture", 'mẫu có trường INCLUDEPICTURE («INCLUDEPICTURE "http://example.invalid/a.png"»)'),
    ("includetext", "mẫu có trường INCLUDETEXT"),
    ("ddeauto", "mẫu có trường DDEAUTO"),
])
def test_a_word_template_that_would_fetch_from_outside_is_refused(
    kind: str, said: str, quarter_plan: Path, tmp_path: Path
) -> None:
    template = unsafe_word(tmp_path / "mau.docx", kind)

    done = run_cchc("report", "-q", "2", "--template", str(template), "-o", str(tmp_path / "r.docx"),
                    cwd=quarter_plan)
    checked = run_cchc("template", "check", str(template), cwd=quarter_plan)

    assert (done.code, checked.code) == (4, 4), done.stderr
    assert f"Mẫu «{template}» không an toàn: {said}" in done.stderr
    assert not (tmp_path / "r.docx").exists()


def test_a_hyperlink_the_reader_clicks_is_allowed(quarter_plan: Path, tmp_path: Path) -> None:
    template = word_template(tmp_path / "mau.docx", "{{ document.summary }}")
    document = docx.Document(str(template))
    document.part.relate_to("https://dichvucong.gov.vn", RT.HYPERLINK, is_external=True)
    document.save(str(template))

    done = run_cchc("report", "-q", "2", "--template", str(template), "-o", str(tmp_path / "r.docx"),
                    cwd=quarter_plan)

    assert done.code == 0, done.stderr


def test_a_word_template_that_unpacks_to_gigabytes_is_refused_unopened(
    quarter_plan: Path, tmp_path: Path
) -> None:
    template = word_template(tmp_path / "mau.docx", "{{ document.summary }}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for entry in source.infolist():
            bomb.writestr(entry, source.read(entry))
        with bomb.open("word/media/zeros.bin", "w") as zeros:
            for _ in range(200):
                zeros.write(bytes(1024 * 1024))
    template.write_bytes(buffer.getvalue())
    assert template.stat().st_size < 2 * 1024 * 1024

    done = run_cchc("report", "-q", "2", "--template", str(template), "-o", str(tmp_path / "r.docx"),
                    cwd=quarter_plan)

    assert done.code == 4
    assert "không an toàn: mẫu giải nén ra 200 MB, quá giới hạn 128 MB" in done.stderr


HOSTILE = "{{ 7*7 }} {% if 1 %}x{% endif %} # <b>đậm</b> [bấm](javascript:alert(1)) `mã` ]]></w:t>&amp;"


@pytest.fixture(scope="module")
def hostile_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "plans").mkdir()
    from conftest import PLAN_2020

    (folder / "plans" / "2020.yaml").write_bytes(PLAN_2020.read_bytes())
    done = run_cchc("add-activity", "-t", "vp-2", "-d", "15/04/2020", "--title", HOSTILE, cwd=folder)
    assert done.code == 0, done.stderr
    return folder


def test_text_from_the_plan_is_literal_in_markdown(hostile_plan: Path) -> None:
    done = run_cchc("report", "-q", "2", cwd=hostile_plan)

    assert done.code == 0
    (row,) = [line for line in done.stdout.splitlines() if line.startswith("| 1 | 15/04/2020 | VP |")]
    # Markdown gives {{ }} no meaning, and the report is never rendered a second time.
    assert (r"| {{ 7\*7 }} {% if 1 %}x{% endif %} # \<b\>đậm\</b\> \[bấm\](javascript:alert(1)) "
            r"\`mã\` \]\]\>\</w:t\>\&amp; |") in row


def test_text_from_the_plan_is_literal_in_word(hostile_plan: Path, tmp_path: Path) -> None:
    done = run_cchc("report", "-q", "2", "-o", str(tmp_path / "r.docx"), cwd=hostile_plan)

    assert done.code == 0, done.stderr
    appendix = docx.Document(str(tmp_path / "r.docx")).tables[-1]
    assert [row.cells[3].text for row in appendix.rows if row.cells[1].text == "15/04/2020"] == [HOSTILE]


def test_the_memory_limit_holds_only_while_a_template_renders() -> None:
    before = resource.getrlimit(resource.RLIMIT_DATA)

    with pytest.raises(sandbox.TemplateTooLarge), sandbox.bounded():
        bytearray(3 * 1024**3)

    assert resource.getrlimit(resource.RLIMIT_DATA) == before
    assert len(bytearray(3 * 1024**2)) == 3 * 1024**2
