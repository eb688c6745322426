"""The Word report streamed into its zip is the document docxtpl would make, element for element."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]

from cchc_plan.plan.terms import PeriodCode
from cchc_plan.reading.loader import load_plan
from cchc_plan.reports import render
from cchc_plan.reports.rollup import report_data
from cchc_plan.reports.wordstream import streamable
from conftest import ROOT
from test_templates import word_template


def canonical(xml: bytes) -> bytes:
    """The XML in canonical form (C14N): the same for the same elements, attributes and text,
    whatever the serialiser's choices (redundant namespace declarations, quoting)."""
    result: bytes = etree.tostring(etree.fromstring(xml), method="c14n")
    return result


def both_ways(data: object, monkeypatch: pytest.MonkeyPatch) -> tuple[zipfile.ZipFile, zipfile.ZipFile]:
    streamed = render.render_docx(data)  # type: ignore[arg-type]
    with monkeypatch.context() as patch:
        patch.setattr(render, "streamable", lambda template: False)
        whole = render.render_docx(data)  # type: ignore[arg-type]
    return zipfile.ZipFile(io.BytesIO(streamed)), zipfile.ZipFile(io.BytesIO(whole))


def data_of(plan_path: Path, period: PeriodCode) -> object:
    plan = load_plan(plan_path).plan
    assert plan is not None
    return report_data([(plan_path, plan)], period, dt.date(2020, 7, 1))


@pytest.mark.parametrize("period", ["Q2", "year"])
def test_the_streamed_report_is_docxtpls_report(
    quarter_plan: Path, period: PeriodCode, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = data_of(quarter_plan / "plans" / "2020.yaml", period)

    streamed, whole = both_ways(data, monkeypatch)

    assert streamed.namelist() == whole.namelist()
    for name in streamed.namelist():
        if name == "word/document.xml":
            assert canonical(streamed.read(name)) == canonical(whole.read(name))
        else:
            assert streamed.read(name) == whole.read(name), name
    body = streamed.read("word/document.xml").decode("utf-8")
    assert "{{" not in body and "{%" not in body


def test_only_templates_that_need_the_whole_tree_go_docxtpls_way(tmp_path: Path) -> None:
    cells = word_template(tmp_path / "o.docx", "{%tc for x in [1, 2] %}{{ x }}{%tc endfor %}")
    plain = word_template(tmp_path / "p.docx", "{{ document.summary }}")

    assert streamable(render._word_template(ROOT / "templates" / "bao-cao.docx"))
    assert streamable(render._word_template(plain))
    assert not streamable(render._word_template(cells))
