"""A Word report's body written as Jinja makes it, straight into the zip.

docxtpl renders the body of `document.xml` into one string, parses it into an XML tree and lets
python-docx serialise the tree again: for a quarter of 12.500 activities that is a 48 MB string
and a tree of about a million elements. Here docxtpl still prepares the template (its tags
cleaned into Jinja, headers, footers and properties rendered), but the body goes from Jinja's
`generate()` through docxtpl's own text fixes (line breaks and tabs in values), one paragraph
at a time, into the zip entry. Templates that need docxtpl's work on the whole tree (cells
added by `{%tc %}`, pictures whose ids must be renumbered) are left to docxtpl.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from jinja2 import Environment

from ..sheets.workbook import stable_zip

BODY_PART = "word/document.xml"
# Zip entries carry this time so that the same report gives the same bytes (zip's epoch).
_PARAGRAPH_END = "</w:p>"
_ESCAPED_TAGS = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
# U+2011 in a value (see render._docx_value) is written as Word's own non-breaking hyphen,
# which Word and LibreOffice draw with the font's hyphen.
NON_BREAKING_HYPHEN = "\u2011"
_WORD_NON_BREAKING_HYPHEN = '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'


def write_word_hyphens(template: Any) -> None:
    """Make docxtpl's last step on rendered XML (its `resolve_listing`, which turns line breaks
    and tabs of values into Word's) also write U+2011 as Word's non-breaking hyphen, in the
    streamed body and in what docxtpl renders itself."""
    resolve = template.resolve_listing

    def resolve_listing(xml: str) -> str:
        result: str = resolve(xml)
        return result.replace(NON_BREAKING_HYPHEN, _WORD_NON_BREAKING_HYPHEN)

    template.resolve_listing = resolve_listing


def streamable(template: Any) -> bool:
    """Whether the body of a (docxtpl) template can be streamed: no `{%tc %}` cells and no
    pictures, which docxtpl fixes on the whole tree."""
    body = template.get_xml()
    return "{%tc" not in body and "docPr" not in body


def render_word(template: Any, context: dict[str, Any], environment: Environment) -> bytes:
    """The rendered document's bytes: headers, footers and properties by docxtpl, the body
    streamed."""
    from docxtpl.template import DocxTemplate

    template.render_init()
    template.current_rendering_part = template.docx._part
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(template.get_xml()))
    body = environment.from_string(source)
    for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
        for key, xml in template.build_headers_footers_xml(context, uri, environment):
            template.map_headers_footers_xml(key, xml)
    template.render_properties(context, environment)
    template.render_footnotes(context, environment)
    template.is_rendered = True
    prepared = io.BytesIO()
    template.docx.save(prepared)  # the body still holds the template's tags: replaced below
    package = zipfile.ZipFile(prepared)

    def entries() -> Iterator[tuple[str, Iterable[bytes]]]:
        for name in package.namelist():
            data = package.read(name)
            if name == BODY_PART:
                yield name, _document(data.decode("utf-8"), body.generate(context), template)
            else:
                yield name, (data,)

    return stable_zip(entries())


def _document(prepared: str, chunks: Iterable[str], template: Any) -> Iterator[bytes]:
    """`document.xml` with the rendered body in place of the prepared one."""
    start = prepared.index("<w:body")
    end = prepared.rindex("</w:body>") + len("</w:body>")
    yield prepared[:start].encode("utf-8")
    for piece in _paragraphs(chunks):
        yield _finished(piece, template).encode("utf-8")
    yield prepared[end:].encode("utf-8")


def _paragraphs(chunks: Iterable[str]) -> Iterator[str]:
    """The chunks regrouped to end at a paragraph's end, so each piece holds whole paragraphs."""
    pending: list[str] = []
    for chunk in chunks:
        pending.append(chunk)
        if _PARAGRAPH_END in chunk:
            text = "".join(pending)
            cut = text.rindex(_PARAGRAPH_END) + len(_PARAGRAPH_END)
            yield text[:cut]
            pending = [text[cut:]]
    yield "".join(pending)


def _finished(xml: str, template: Any) -> str:
    """What docxtpl does to its rendered string, on whole paragraphs: the line breaks added
    before paragraphs taken out, escaped tags restored, line breaks and tabs of values turned
    into Word's."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    for escaped, tag in _ESCAPED_TAGS:
        xml = xml.replace(escaped, tag)
    result: str = template.resolve_listing(xml)
    return result
