"""Rules on a case body: the `## Summary` and `## Response` sections, no raw HTML, safe links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from debunk.render.commonmark import link_scheme_problem, parse
from debunk.rules.text import BIDI_CONTROLS, body_controls, describe_char

SECTIONS = ("Summary", "Response")
MAX_BODY_CHARS = 100_000
PLACEHOLDER = re.compile(r"\bTODO\b")
_FOLDED = {name.casefold(): name for name in SECTIONS}


@dataclass
class Body:
    """A parsed body: its sections and what is wrong with it (line relative to the body)."""

    sections: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    """(0-based line in the body, field, message)."""
    placeholders: list[tuple[int, str]] = field(default_factory=list)
    """(0-based line, section) of each `TODO` placeholder left from the case template."""
    tokens: list[Token] = field(default_factory=list)
    """The token stream the problems come from, which the page is rendered from
    (`debunk.render.commonmark`)."""


def _inline_problems(token: Token, line: int) -> list[tuple[int, str, str]]:
    found: list[tuple[int, str, str]] = []
    for child in token.children or []:
        found.extend(_inline_problems(child, line))  # an image's alt text can hold links
        if child.type == "html_inline":
            found.append((line, "body", f"raw HTML is not allowed: {child.content!r}; use Markdown"))
        elif child.type in {"link_open", "image"}:
            attr = "href" if child.type == "link_open" else "src"
            problem = link_scheme_problem(str(child.attrs.get(attr, "")), image=child.type == "image")
            if problem:
                found.append((line, "body", problem))
    return found


def parse_body(text: str, structured: bool = True) -> Body:
    """Check a body; with `structured`, split it into the required sections."""
    body = Body()
    if len(text) > MAX_BODY_CHARS:
        body.problems.append(
            (0, "body", f"is {len(text):,} characters long; the limit is {MAX_BODY_CHARS:,}")
        )
        return body
    for line, char in body_controls(text):
        kind = "direction control character" if char in BIDI_CONTROLS else "control character"
        body.problems.append((line, "body", f"{kind} {describe_char(char)} is not allowed; remove it"))
    tokens = body.tokens = parse(text)
    headings: list[tuple[int, int, str, int]] = []
    line = 0
    for index, token in enumerate(tokens):
        line = token.map[0] if token.map else line  # footnotes' own tokens have no line
        if token.type == "html_block":
            snippet = token.content.strip().splitlines()[0] if token.content.strip() else token.content
            body.problems.append((line, "body", f"raw HTML is not allowed: {snippet!r}; use Markdown"))
        elif token.type == "inline":
            body.problems.extend(_inline_problems(token, line))
        elif token.type == "heading_open" and token.tag in {"h1", "h2"}:
            end = token.map[1] if token.map else line + 1
            headings.append((line, int(token.tag[1]), tokens[index + 1].content.strip(), end))
    if structured:
        _split_sections(text, headings, body)
    return body


def _split_sections(text: str, headings: list[tuple[int, int, str, int]], body: Body) -> None:
    """Split at the `## Summary` and `## Response` headings (ATX or setext: a heading's text
    starts after its last line, `end`)."""
    lines = text.split("\n")
    starts: list[tuple[str, int]] = []
    ends: dict[int, int] = {}
    misplaced: set[str] = set()
    for line, level, title, end in headings:
        ends[line] = end
        if level == 1:
            body.problems.append((line, "body", f"level-1 heading {title!r}: the title comes from 'title'"))
        elif title not in SECTIONS:
            allowed = ", ".join(f"'## {name}'" for name in SECTIONS)
            near = _FOLDED.get(title.casefold())
            hint = f" (did you mean '## {near}'?)" if near else ""
            body.problems.append((line, "body", f"unknown section '## {title}'{hint}; allowed: {allowed}"))
        elif any(name == title for name, _ in starts):
            body.problems.append((line, title, f"section '## {title}' appears twice"))
        elif starts and SECTIONS.index(title) < SECTIONS.index(starts[-1][0]):
            misplaced.add(title)
            body.problems.append((line, title, f"section '## {title}' must come before '## {starts[-1][0]}'"))
        else:
            starts.append((title, line))
    _report_missing(lines, starts, misplaced, body)
    heading_lines = {number for line, _level, _title, end in headings for number in range(line, end)}
    first = min((line for line, level, _title, _end in headings if level == 2), default=len(lines))
    if starts and any(value.strip() for i, value in enumerate(lines[:first]) if i not in heading_lines):
        body.problems.append((0, "body", "text before '## Summary'; every paragraph belongs in a section"))
    for position, (name, start) in enumerate(starts):
        end = starts[position + 1][1] if position + 1 < len(starts) else len(lines)
        content = "\n".join(lines[ends[start] : end]).strip()
        if not content:
            body.problems.append((start, name, f"section '## {name}' is empty"))
        body.placeholders.extend(
            (number, name) for number in range(ends[start], end) if PLACEHOLDER.search(lines[number])
        )
        body.sections[name] = content


def _report_missing(lines: list[str], starts: list[tuple[str, int]], misplaced: set[str], body: Body) -> None:
    """A missing section is reported where it belongs: before the next section, or at the end."""
    found = dict(starts)
    for index, name in enumerate(SECTIONS):
        if name in found or name in misplaced:
            continue
        after = [(other, found[other]) for other in SECTIONS[index + 1 :] if other in found]
        if after:
            other, line = after[0]
            body.problems.append((line, name, f"section '## {name}' is missing; add it before '## {other}'"))
        else:
            body.problems.append((len(lines) if starts else 0, name, f"section '## {name}' is missing"))
