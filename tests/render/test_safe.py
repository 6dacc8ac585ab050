"""The one escaping module, property by property: whatever the text, it shows as written.

Text is drawn from fragments that attack each output (fences, HTML, mentions, escape
sequences, line breaks, bidi and zero-width characters) mixed with any Unicode text.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console

from reconciler.apply import ApplyResult, ApplySummary, Outcome
from reconciler.errors import ManifestError, PlanError, Problem, ReconcilerError
from reconciler.importer import ImportReport
from reconciler.models import Location
from reconciler.render.outcome import render_outcome_text
from reconciler.render.problems import render_problems
from reconciler.render.safe import (
    annotation_data,
    annotation_property,
    json_text,
    markdown_code,
    markdown_text,
    message_lines,
    printable,
)

FRAGMENTS = [
    "```", "~~~", "<details>", "<script>", "</summary>", "<!--", "@everyone", "@org/team",
    "a@b.c", "\n", "\r", "\r\n", "\x1b[2J", "\x1b]8;;http://e\x07", "\x07", "\x00", "\x7f",
    "\x85", "\x9b", "\u2028", "\u2029", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200b", "\u200d", "\ufeff", "\u00ad", "*", "_", "[x](y)", "![i](u)", "# ", "- ", "1. ",
    "|", "&amp;", "&#64;", "\\", "`", " ", "  ", "\t", ":", ",", "%", "%0A", "x", "é", "😀",
    "##[error]", "::warning::", "::", "\U000e0001",
]  # fmt: skip
hostile = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=12).map("".join)

_MD = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def _inline(markdown: str) -> list[Any]:
    """The inline tokens of a one-paragraph document."""
    blocks = _MD.parse(markdown)
    assert [t.type for t in blocks] == ["paragraph_open", "inline", "paragraph_close"], blocks
    return list(blocks[1].children or [])


def _only_printable(text: str) -> bool:
    return all(ch.isprintable() for ch in text)


@given(hostile)
def test_printable_escapes_every_unprintable_character_and_nothing_else(text: str) -> None:
    shown = printable(text)
    assert _only_printable(shown)
    assert "##[" not in shown and not re.search(r"(^| )::", shown)  # no workflow command
    if text.isprintable() and "##[" not in text and "::" not in text:
        assert shown == text
    assert printable(shown) == shown


@given(
    st.recursive(
        st.none() | hostile,
        lambda inner: st.lists(inner) | st.dictionaries(hostile, inner),
        max_leaves=30,  # deep enough to nest; the default's huge documents took 7 s in CI
    )
)
def test_json_text_keeps_the_values_and_escapes_the_rest(value: object) -> None:
    for document in (json.dumps(value, indent=2, ensure_ascii=False), json.dumps(value)):
        shown = json_text(document)
        assert json.loads(shown) == value
        assert all(ch == "\n" or ch.isprintable() for ch in shown)
        assert "##[" not in shown


@given(hostile)
def test_markdown_text_shows_as_written(text: str) -> None:
    """No HTML, link, emphasis, code or mention: the rendered text is the printable text."""
    tokens = _inline(f"x {markdown_text(text)} x")
    assert {t.type for t in tokens} <= {"text", "text_special"}, tokens
    shown = "".join(t.content for t in tokens)[2:-2]
    assert shown == re.sub(r"@(?=\w)", "@\u200b", printable(text))
    assert not re.search(r"@\w", shown)


@given(hostile)
def test_markdown_code_is_one_code_span_holding_the_printable_text(text: str) -> None:
    tokens = _inline(f"x {markdown_code(text)} x")
    spans = [t for t in tokens if t.type == "code_inline"]
    assert len(spans) == 1 and [t.type for t in tokens] == ["text", "code_inline", "text"]
    # In a paragraph the table's \| stays; GitHub's table parser removes it.
    content = spans[0].content.replace("\\|", "|")
    assert content in {printable(text), printable(text).strip(" "), f" {printable(text)} "}


def _runner_decode(text: str) -> str:
    """How the Actions runner reads a workflow command's escapes."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


@given(hostile)
def test_annotations_hold_one_line_that_the_runner_decodes_to_the_printable_text(
    text: str,
) -> None:
    data, prop = annotation_data(text), annotation_property(text)
    assert _only_printable(data) and _only_printable(prop)
    assert ":" not in prop and "," not in prop
    assert _runner_decode(data) == printable(text) == _runner_decode(prop)


# --- the output paths that use it ------------------------------------------------------------


def _safe_lines(output: str, lines: int) -> None:
    """Exactly the lines the renderer meant, each printable."""
    assert output.count("\n") == lines, output
    assert all(_only_printable(line) for line in output.split("\n"))


@given(hostile, hostile, hostile)
def test_validate_text_and_github(message: str, obj: str, file: str) -> None:
    problems = [Problem(message, Location(file=file or "f", line=1, col=1), obj or None)]
    _safe_lines(render_problems(problems, "text"), 2)
    _safe_lines(render_problems(problems, "github"), 2)


@given(hostile, hostile, hostile)
def test_error_lines(first: str, detail: str, problem: str) -> None:
    for error in (
        ReconcilerError(first, details=[detail]),
        ManifestError([Problem(problem), Problem(first)]),
        PlanError([first, detail]),
    ):
        shown = "\n".join(message_lines(error.lines()))
        _safe_lines(shown, 1)


@given(hostile, hostile, hostile)
def test_apply_outcome_lines(key: str, oid: str, message: str) -> None:
    outcome = Outcome(
        kind="campaign", action="create", key=key, id=oid or None, status="failed", message=message
    )
    console = Console(no_color=True, width=80, file=io.StringIO())
    result = ApplyResult(target={}, summary=ApplySummary(failed=1), outcomes=[outcome])
    render_outcome_text(result, console)
    assert isinstance(console.file, io.StringIO)
    _safe_lines(console.file.getvalue(), 3)


@given(hostile, hostile)
def test_import_report_lines(name: str, note: str) -> None:
    report = ImportReport(target=name, out=Path("m"), kinds=["campaigns"])
    report.gone.append(f'm/c.yaml:3: campaign "{name}" (plan would create it)')
    report.notes.append(note)
    report.problems.append(note)
    lines = report.lines()
    assert all(_only_printable(line) for line in lines)


def test_markdown_code_keeps_spaces_at_both_ends() -> None:
    """CommonMark strips one space from each end of such a span: the padding gives it back."""
    for text in ("  ``` ", "  ~~~ ", " a "):
        tokens = _inline(f"x {markdown_code(text)} x")
        (span,) = [t for t in tokens if t.type == "code_inline"]
        assert span.content == text
