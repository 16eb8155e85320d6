"""Rules on a case body: the `## Summary` and `## Response` sections, no raw HTML, safe links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from debunk.renderer_gap import hidden_html, hidden_links
from debunk.text import BIDI_CONTROLS, body_controls, describe_char

SECTIONS = ("Summary", "Response")
MAX_BODY_CHARS = 100_000
LINK_SCHEMES = frozenset({"https", "http", "mailto"})
PLACEHOLDER = re.compile(r"\bTODO\b")
_FOLDED = {name.casefold(): name for name in SECTIONS}
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


def _keep_link(url: str) -> str:
    return url


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    # See every link, also those markdown-it would quietly drop: Python-Markdown may not drop them.
    md.validateLink = _accept_link  # type: ignore[method-assign]
    # See the target as a browser does: `java&#x09;script:` must stay `java\tscript:` (which
    # browsers read as `javascript:`), not become the harmless-looking `java%09script:`.
    md.normalizeLink = _keep_link  # type: ignore[method-assign]
    # Inline content is parsed by `_parse`, only where it can hold a link or HTML.
    md.core.ruler.disable("inline")
    return md


_MD = _parser()


def _parse(text: str) -> list[Token]:
    """The block tokens of `text`, with inline children only where a link or HTML can be.

    Every inline rule that makes a link, an image or HTML starts at `[` or `<`: `[text](url)`,
    `![alt](src)`, `[text][ref]`, `<https://autolink>`, `<tag>`. Inline text without either
    parses to text and emphasis, which no rule here reads (a heading's title is its token's
    `content`), and was a third of markdown-it's time.
    """
    env: dict[str, object] = {}
    tokens = _MD.parse(text, env)
    for token in tokens:
        if token.type == "inline":
            token.children = []
            if "[" in token.content or "<" in token.content:
                _MD.inline.parse(token.content, _MD, env, token.children)
    return tokens


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
            (0, "body", f"is {len(text):,} characters long; the limit is {MAX_BODY_CHARS:,}")
        )
        return body
    for line, char in body_controls(text):
        kind = "direction control character" if char in BIDI_CONTROLS else "control character"
        body.problems.append((line, "body", f"{kind} {describe_char(char)} is not allowed; remove it"))
    tokens = _parse(text)
    headings: list[tuple[int, int, str, int]] = []
    for index, token in enumerate(tokens):
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            snippet = token.content.strip().splitlines()[0] if token.content.strip() else token.content
            body.problems.append((line, "body", f"raw HTML is not allowed: {snippet!r}; use Markdown"))
        elif token.type == "inline":
            body.problems.extend(_inline_problems(token, line))
        elif token.type == "heading_open" and token.tag in {"h1", "h2"}:
            end = token.map[1] if token.map else line + 1
            headings.append((line, int(token.tag[1]), tokens[index + 1].content.strip(), end))
    body.problems.extend(_renderer_gap_problems(text, tokens, body.problems))
    if structured:
        _split_sections(text, headings, body)
    return body


def _renderer_gap_problems(
    text: str, tokens: list[Token], found: list[tuple[int, str, str]]
) -> list[tuple[int, str, str]]:
    """HTML and links that only the site's renderer (Python-Markdown) sees; see `debunk.renderer_gap`."""
    if "<" not in text and "](" not in text and "]:" not in text:
        return []
    # Only top-level indented code is code for both parsers: the site renders no fenced code, and
    # indentation in lists differs between them, so other "code" may be live HTML on the site.
    skipped = {
        number
        for token in tokens
        if token.map and (token.type == "html_block" or (token.type == "code_block" and token.level == 0))
        for number in range(*token.map)
    }
    seen = {message for _line, _name, message in found}
    targets = {
        str(child.attrs.get("href", child.attrs.get("src", "")))
        for token in tokens
        if token.type == "inline"
        for child in token.children or []
        if child.type in {"link_open", "image"}
    }
    problems: list[tuple[int, str, str]] = []
    for line, snippet in hidden_html(text, skipped):
        message = f"raw HTML is not allowed: {snippet!r}; use Markdown"
        if message not in seen:
            seen.add(message)
            problems.append((line, "body", message))
    for line, url, image in hidden_links(text, skipped):
        link = link_scheme_problem(url, image)
        if link and link not in seen and url not in targets:
            seen.add(link)
            problems.append((line, "body", link))
    return problems


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
