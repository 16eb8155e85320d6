"""python-frontmatter reads cases through debunk's strict handler: the same values and problems as
`read_document`, for every file of the reader's tables."""

from __future__ import annotations

import frontmatter
import pytest
from test_frontmatter import MALFORMED, VALID

from debunk.content.frontmatter import FrontMatterError, StrictYAMLHandler, read_document


@pytest.mark.parametrize(
    ("raw", "meta"), [pytest.param(raw, meta, id=name) for name, raw, meta, _line in VALID]
)
def test_frontmatter_loads_a_case_as_the_strict_reader_does(raw: bytes, meta: dict[str, object]) -> None:
    post = frontmatter.loads(raw.decode("utf-8"), handler=StrictYAMLHandler())
    assert post.metadata == meta
    document = read_document(raw)
    assert not isinstance(document, list)
    assert post.content == document.body.strip()  # python-frontmatter strips the body; read_document does not


def _front_matter_cases() -> list[object]:
    """The malformed files whose problems are in the front matter itself (not the bytes or the fences)."""
    handler = StrictYAMLHandler()
    cases = []
    for name, raw, expected in MALFORMED:
        try:
            text = raw.decode("utf-8")
            handler.split(text)
        except (UnicodeDecodeError, ValueError):
            continue
        if handler.detect(text) and all(field != "file" for _line, field, _message in expected):
            cases.append(pytest.param(text, expected, id=name))
    return cases


@pytest.mark.parametrize(("text", "expected"), _front_matter_cases())
def test_frontmatter_loads_refuses_what_the_strict_reader_refuses(
    text: str, expected: list[tuple[int, str, str]]
) -> None:
    with pytest.raises(FrontMatterError) as raised:
        frontmatter.loads(text, handler=StrictYAMLHandler())
    assert [(error.line, error.field, error.message) for error in raised.value.errors] == expected


def test_most_malformed_files_are_refused_by_the_handler() -> None:
    """The table above is not empty by accident: most malformed files fail in the front matter."""
    assert len(_front_matter_cases()) >= len(MALFORMED) // 2
