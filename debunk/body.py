"""Rules on a case body: the `## Summary` and `## Response` sections, no raw HTML, safe links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from debunk.text import body_controls, describe_char

SECTIONS = ("Summary", "Response")
MAX_BODY_CHARS = 100_000
LINK_SCHEMES = frozenset({"https", "http", "mailto"})
PLACEHOLDER = re.compile(r"\bTODO\b")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")


@dataclass
class Body:
    """A parsed body: its sections and what is wrong with it (line relative to the body)."""

    sections: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    """(0-based line in the body, field, message)."""
    placeholders: list[tuple[int, str]] = field(default_factory=list)
    """(0-based line, section) of each `TODO` placeholder left from the case template."""


def _accept_link(url: str) -> bool:
    return True


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    # See every link, also those markdown-it would quietly drop: Python-Markdown may not drop them.
    md.validateLink = _accept_link  # type: ignore[method-assign]
    return md


_MD = _parser()


def link_scheme_problem(url: str, image: bool = False) -> str | None:
    """Why a link target is not allowed, or None. Schemes are allow-listed; images are local."""
    cleaned = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    match = _SCHEME.match(cleaned)
    if image and (match or cleaned.startswith("//")):
        return f"image {url!r} loads from another site; images must be files in the repository"
    if match and match.group(1).lower() not in LINK_SCHEMES:
        return (
            f"link {url!r} uses the scheme {match.group(1).lower()!r}; allowed: https, http, mailto, relative"
        )
    if cleaned.startswith("//"):
        return f"link {url!r} has no scheme; write https://"
    return None


def _inline_problems(token: Token, line: int) -> list[tuple[int, str, str]]:
    found: list[tuple[int, str, str]] = []
    for child in token.children or []:
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
            (0, "body", f"body is {len(text):,} characters; the limit is {MAX_BODY_CHARS:,}")
        )
        return body
    for line, char in body_controls(text):
        body.problems.append(
            (line, "body", f"direction control character {describe_char(char)} is not allowed")
        )
    tokens = _MD.parse(text)
    headings: list[tuple[int, int, str]] = []
    for index, token in enumerate(tokens):
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            snippet = token.content.strip().splitlines()[0] if token.content.strip() else token.content
            body.problems.append((line, "body", f"raw HTML is not allowed: {snippet!r}; use Markdown"))
        elif token.type == "inline":
            body.problems.extend(_inline_problems(token, line))
        elif token.type == "heading_open" and token.tag in {"h1", "h2"}:
            headings.append((line, int(token.tag[1]), tokens[index + 1].content.strip()))
    if structured:
        _split_sections(text, headings, body)
    return body


def _split_sections(text: str, headings: list[tuple[int, int, str]], body: Body) -> None:
    lines = text.split("\n")
    expected = list(SECTIONS)
    starts: list[tuple[str, int]] = []
    for line, level, title in headings:
        if level == 1:
            body.problems.append((line, "body", f"level-1 heading {title!r}: the title comes from 'title'"))
        elif title not in SECTIONS:
            allowed = ", ".join(f"'## {name}'" for name in SECTIONS)
            body.problems.append((line, "body", f"unknown section '## {title}'; allowed: {allowed}"))
        elif not expected or title != expected[0]:
            body.problems.append((line, title, f"section '## {title}' is repeated or out of order"))
        else:
            expected.pop(0)
            starts.append((title, line))
    first = starts[0][1] if starts else len(lines)
    if any(value.strip() for value in lines[:first]) and starts:
        body.problems.append((0, "body", "text before '## Summary'; every paragraph belongs in a section"))
    for name in expected:
        body.problems.append((len(lines) if starts else 0, name, f"section '## {name}' is missing"))
    for position, (name, start) in enumerate(starts):
        end = starts[position + 1][1] if position + 1 < len(starts) else len(lines)
        content = "\n".join(lines[start + 1 : end]).strip()
        if not content:
            body.problems.append((start, name, f"section '## {name}' is empty"))
        body.placeholders.extend(
            (number, name) for number in range(start + 1, end) if PLACEHOLDER.search(lines[number])
        )
        body.sections[name] = content
