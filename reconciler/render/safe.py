"""Text from manifests and from the portal, made safe for the place it is printed: the one place.

Names, paths, field values and HubSpot's messages are chosen by whoever writes a manifest or
edits the portal. Printed raw, a newline in a name forges a ``Plan:`` line or closes a CI code
fence, an escape sequence clears the screen or hides a hyperlink, and a right-to-left override
reverses what a reviewer reads. Every output path escapes through this module:

- ``printable``: a terminal, a log, stderr, the import report. Each character that is not
  printable becomes ``\\uXXXX``: C0 and C1 controls (NEL, ESC and so every escape sequence),
  line and paragraph separators, bidi controls, zero-width and other format characters, lone
  surrogates. What is left cannot start a line or move the cursor. GitHub's runner also reads
  workflow commands in a step's output: ``##[error]...`` anywhere in a line, ``::error::...``
  at the start of one (leading spaces ignored); so ``##[`` and a ``::`` after a space show as
  ``##\\u005b`` and ``:\\u003a``.
- ``markdown_text`` and ``markdown_code``: a pull-request comment (prose, and code spans).
- ``annotation_data`` and ``annotation_property``: a GitHub workflow command (``::error``).
- ``message_lines``: an error's message, one escaped line per line the program meant.

JSON keeps the exact values: ``json_text`` only spells the same strings with more escapes
(unprintable characters and ``##[``), so a document printed in a CI log is safe too.
"""

from __future__ import annotations

import re

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START = re.compile(r"^([#+\-=])")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")
_MENTION = re.compile(r"@(?=\w)")
_BACKTICKS = re.compile(r"`+")
_ZERO_WIDTH_SPACE = "&#8203;"
_WORKFLOW_COMMAND = re.compile(r"##\[|(?:^|(?<= ))::")
_DEFUSED = {"##[": "##\\u005b", "::": ":\\u003a"}


def _escape_unprintable(text: str) -> str:
    """``\\uXXXX`` for each unprintable character, as JSON spells it (astral ones as a pair).

    So a value shown as a JSON literal stays a valid literal, and ``"Launch"`` next to
    ``"Launch\\u200b"`` shows the difference instead of a phantom diff.
    """
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
            continue
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def _defuse_workflow_commands(text: str) -> str:
    return _WORKFLOW_COMMAND.sub(lambda m: _DEFUSED[m.group()], text)


def printable(text: str) -> str:
    """One line a terminal shows as written: every control or invisible character escaped.

    ``str.isprintable`` is false for exactly the categories that can hurt (Cc, Cf, Cs, Co, Cn,
    Zl, Zp, and Zs but the space), so a newline, ESC, NEL (U+0085), U+2028, U+202E, U+2066-2069,
    U+200B and U+FEFF all come out as ``\\uXXXX``; so do the ``[`` of ``##[`` and the second
    ``:`` of a ``::`` that could start a workflow command. Other text is returned as it is.
    """
    if text.isprintable():
        return _defuse_workflow_commands(text) if ("##[" in text or "::" in text) else text
    return _defuse_workflow_commands(_escape_unprintable(text))


def json_text(document: str) -> str:
    """A JSON document with the same values, safe to print: what ``printable`` would escape is
    spelled as a JSON escape inside its string (outside strings there is only ASCII)."""
    if document.isascii():  # the common case: encoders escape C0 controls, only DEL is left
        clean = "\x7f" not in document
    else:
        clean = document.replace("\n", "").isprintable()
    if clean and "##[" not in document:
        return document
    lines = (
        line if line.isprintable() else _escape_unprintable(line) for line in document.split("\n")
    )
    return "\n".join(lines).replace("##[", "##\\u005b")


def message_lines(lines: list[str]) -> list[str]:
    """Each line of a message escaped on its own: the lines the program meant stay lines, and
    a newline inside a name or a portal's message cannot start another."""
    return [printable(line) for line in lines]


def markdown_text(text: str) -> str:
    """Prose in GitHub Markdown that shows as written: no emphasis, link, HTML, list or mention.

    Markdown punctuation is backslash-escaped (``<script>`` shows as text); ``@name`` gets a
    zero-width space after the ``@`` (GitHub's mention filter runs after Markdown, so a
    backslash would not stop ``@everyone`` or ``@org/team`` from notifying anyone).
    """
    text = _MD_INLINE.sub(r"\\\1", printable(text))
    text = _MD_ORDERED.sub(r"\1\\\2", _MD_LINE_START.sub(r"\\\1", text))
    return _MENTION.sub("@" + _ZERO_WIDTH_SPACE, text) if "@" in text else text


def markdown_code(text: str) -> str:
    """A code span safe in a table cell: a fence longer than any backtick run, ``|`` escaped.

    A backslash cannot escape a backtick inside a code span, so the fence grows instead;
    GitHub's table parser removes the backslash before ``|`` even inside code. Inside code,
    HTML and mentions are inert; the text is made printable so it stays on one line.
    """
    text = printable(text)
    if "`" not in text and "|" not in text and text.strip():
        return f"`{text}`"  # the common case, without the regex (100,000 rows: 1.2 s -> 0.2 s)
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    # CommonMark strips one space from each end of a span whose content begins and ends with
    # one; a fence next to a backtick needs a space too. Padding both cases keeps the text.
    edges = (text[:1], text[-1:])
    pad = " " if "`" in edges or edges == (" ", " ") or not text.strip() else ""
    escaped = text.replace("|", "\\|")
    return f"{fence}{pad}{escaped}{pad}{fence}"


def annotation_data(text: str) -> str:
    """The message of a GitHub workflow command (``::error ...::MESSAGE``).

    The runner decodes ``%25``, ``%0D`` and ``%0A``; a raw newline would end the command and
    let the rest pose as another one. Control characters are escaped first (the log viewer
    interprets ANSI sequences).
    """
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def annotation_property(text: str) -> str:
    """A property value of a workflow command (``file=...``): also ``:`` and ``,``."""
    return annotation_data(text).replace(":", "%3A").replace(",", "%2C")
