"""The strict front-matter reader: malformed files are refused with the exact line and message,
both by `read_document` and in `debunk validate` output; tricky but valid YAML reads as strings."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import CASE, Repo

from debunk.cli import main
from debunk.content.frontmatter import MAX_FILE_BYTES, ReadError, read_document

FM = "front matter"
FILE = "file"
HUGE_FILE = b"---\ntitle: a\n---\n" + b"x" * MAX_FILE_BYTES
HUGE_FRONT = b"---\n" + b"".join(b"field%03d: %s\n" % (i, b"v" * 40) for i in range(400)) + b"---\n"

QUOTE = "invalid YAML: a value containing ': ' must be quoted; "
MALFORMED: list[tuple[str, bytes, list[tuple[int, str, str]]]] = [
    (
        "tab indent",
        b"---\ntitle: a\n\tdate: b\n---\n",
        [(3, FM, "tab character in front matter; indent with spaces")],
    ),
    (
        "tab in value",
        b"---\ntitle: a\tb\n---\n",
        [(2, FM, "tab character in front matter; indent with spaces")],
    ),
    (
        "byte-order mark",
        b"\xef\xbb\xbf---\ntitle: a\n---\n",
        [(1, FILE, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")],
    ),
    (
        "no closing fence",
        b"---\ntitle: a\ndate: b\n\n## Summary\n",
        [(1, FM, "front matter is not closed: add a '---' line after the last field")],
    ),
    (
        "closing fence with a comment",
        b"---\ntitle: a\n--- # end\n",
        [(1, FM, "front matter is not closed: add a '---' line after the last field")],
    ),
    (
        "no opening fence",
        b"title: a\n---\n",
        [(1, FM, "file must start with a '---' line opening the front matter")],
    ),
    (
        "blank line before the fence",
        b"\n---\ntitle: a\n---\n",
        [(1, FM, "file must start with a '---' line opening the front matter")],
    ),
    ("empty file", b"", [(1, FM, "file must start with a '---' line opening the front matter")]),
    (
        "a list",
        b"---\n- title: a\n- date: b\n---\n",
        [(2, FM, "front matter must be a mapping of 'field: value' lines, not a list")],
    ),
    (
        "a scalar",
        b"---\njust a sentence\n---\n",
        [(2, FM, "front matter must be a mapping of 'field: value' lines, not a single value")],
    ),
    (
        "empty",
        b"---\n---\n",
        [(1, FM, "front matter is empty; write 'field: value' lines between the '---' lines")],
    ),
    (
        "only comments",
        b"---\n# title: a\n\n---\n",
        [(1, FM, "front matter is empty; write 'field: value' lines between the '---' lines")],
    ),
    (
        "duplicate key",
        b"---\ntitle: a\ndate: b\ntitle: c\n---\n",
        [(4, FM, "duplicate key 'title'; each field may appear once")],
    ),
    (
        "duplicate nested key",
        b"---\nsources:\n  - url: https://a.example/x\n    url: https://a.example/y\n---\n",
        [(4, FM, "duplicate key 'sources[0].url'; each field may appear once")],
    ),
    (
        "anchor and alias",
        b"---\ntitle: &claim a\nkeywords: [*claim]\n---\n",
        [
            (2, FM, "YAML anchors are not allowed (&claim)"),
            (3, FM, "YAML aliases are not allowed (*claim); write the value out"),
        ],
    ),
    (
        "python object tag",
        b"---\ntitle: !!python/object/apply:os.system [ls]\n---\n",
        [(2, FM, "YAML tags are not allowed ('!!python/object/apply:os.system'); write plain values")],
    ),
    (
        "standard tag",
        b"---\nreported_in: !!int 12\n---\n",
        [(2, FM, "YAML tags are not allowed ('!!int'); write plain values")],
    ),
    (
        "local tag",
        b"---\ntitle: !secret a\n---\n",
        [(2, FM, "YAML tags are not allowed ('!secret'); write plain values")],
    ),
    (
        "stray carriage return",
        b"---\ntitle: a\rdate: b\n---\n",
        [(2, FILE, "stray carriage return (CR); use LF or CRLF line endings")],
    ),
    (
        "not UTF-8",
        b"---\ntitle: caf\xe9\n---\n",
        [(2, FILE, "file is not valid UTF-8 (byte 0xe9); save it as UTF-8")],
    ),
    ("NUL character", b"---\ntitle: a\x00\n---\n", [(2, FILE, "file contains a NUL character")]),
    (
        "deep nesting",
        b"---\nsources:\n  - url:\n      a:\n        b: [c]\n---\n",
        [(5, FM, "values are nested more than 4 levels deep")],
    ),
    (
        "document end marker",
        b"---\ntitle: a\n...\ndate: b\n---\n",
        [(3, FM, "a '...' line ends the YAML early; remove it")],
    ),
    (
        "two documents",
        b"---\ntitle: a\n--- # second\ndate: b\n---\n",
        [(3, FM, "only one YAML document is allowed")],
    ),
    (
        "unclosed list",
        b"---\ntitle: a\nkeywords: [NATO, Energy\ndate: b\n---\n",
        [(3, "keywords", "invalid YAML: '[' opened on line 3 is never closed; close the list with ']'")],
    ),
    (
        "unclosed list over lines",
        b"---\nkeywords: [NATO,\n  Energy\n---\n",
        [(2, "keywords", "invalid YAML: '[' opened on line 2 is never closed; close the list with ']'")],
    ),
    (
        "unclosed mapping",
        b"---\nsources: [{url: a\ndate: b\n---\n",
        [(2, "sources", "invalid YAML: '{' opened on line 2 is never closed; close the mapping with '}'")],
    ),
    (
        "list item that is not one value",
        b'---\nkeywords: [NATO, "Energy" war]\n---\n',
        [(2, FM, "invalid YAML: while parsing a flow sequence, did not find expected ',' or ']'")],
    ),
    (
        "colon in an unquoted value",
        b"---\ntitle: The plan: war\n---\n",
        [(2, "title", QUOTE + 'write title: "The plan: war"')],
    ),
    (
        "colon and quotes in an unquoted value of a list item",
        b'---\nsources:\n  - url: https://example.org/a\n    title: Op-ed: "peace" now\n---\n',
        [
            (
                4,
                "title",
                QUOTE + 'write title: "Op-ed: \\"peace\\" now"',
            )
        ],
    ),
    (
        "a ' #' cuts an unquoted value short",
        b"---\ntitle: Vote #2 was rigged\nkeywords: [NATO] # a comment after a list is fine\n---\n",
        [
            (
                2,
                "title",
                "' #' starts a YAML comment, so the value ends at 'Vote'; quote the whole value "
                '("Vote #2 was rigged"), or put the comment on a line of its own',
            )
        ],
    ),
    (
        "unclosed quote",
        b'---\ntitle: "a\n---\n',
        [(2, FM, "invalid YAML: while scanning a quoted scalar, found unexpected end of stream")],
    ),
    (
        "bad indentation",
        b"---\ntitle: a\n  date: b\n---\n",
        [(3, FM, "invalid YAML: mapping values are not allowed in this context")],
    ),
    (
        "list or mapping as a key",
        b"---\n? [title]\n: a\n---\n",
        [(2, FM, "a key must be a plain name, not a list or mapping")],
    ),
    (
        "YAML directive",
        b"---\n%YAML 1.1\ntitle: a\n---\n",
        [(3, FM, "invalid YAML: did not find expected <document start>")],
    ),
    ("huge file", HUGE_FILE, [(0, FILE, "file is 262,161 bytes; the limit is 262,144")]),
    ("huge front matter", HUGE_FRONT, [(1, FM, "front matter is 20,399 bytes; the limit is 16,384")]),
]


MALFORMED_PARAMS = [pytest.param(raw, expected, id=name) for name, raw, expected in MALFORMED]


@pytest.mark.parametrize(("raw", "expected"), MALFORMED_PARAMS)
def test_read_document_refuses(raw: bytes, expected: list[tuple[int, str, str]]) -> None:
    result = read_document(raw)
    assert isinstance(result, list)
    assert [(error.line, error.field, error.message) for error in result] == expected


@pytest.mark.parametrize(("raw", "expected"), MALFORMED_PARAMS)
def test_validate_prints_the_reader_problems(
    raw: bytes, expected: list[tuple[int, str, str]], repo: Repo, runner: CliRunner
) -> None:
    repo.write(CASE, raw)
    result = runner.invoke(main, ["validate", "--root", str(repo.root)])
    assert result.exit_code == 1
    printed = [f"{CASE}:{line}: {field}: {message}" for line, field, message in expected]
    assert result.stdout.splitlines() == printed
    errors = "error" if len(expected) == 1 else "errors"
    assert result.stderr == f"{len(expected)} {errors}, 0 warnings in 11 files checked\n"


def test_malformed_table_is_large() -> None:
    assert len(MALFORMED) >= 25
    assert len({name for name, _, _ in MALFORMED}) == len(MALFORMED)


VALID: list[tuple[str, bytes, dict[str, object], int]] = [
    (
        "YAML 1.1 booleans, numbers, dates and nulls stay strings",
        b"---\na: NO\nb: 012345\nc: 2022-01-01\nd: yes\ne: null\nf: ~\ng: 1e3\nh: 0x1F\ni: 1_000\nj:\n---\n",
        {
            "a": "NO",
            "b": "012345",
            "c": "2022-01-01",
            "d": "yes",
            "e": "null",
            "f": "~",
            "g": "1e3",
            "h": "0x1F",
            "i": "1_000",
            "j": "",
        },
        13,
    ),
    (
        "CRLF line endings",
        b"---\r\ntitle: a\r\nkeywords: [b]\r\n---\r\nbody\r\n",
        {"title": "a", "keywords": ["b"]},
        5,
    ),
    ("fences with trailing spaces", b"--- \ntitle: a\n---  \n", {"title": "a"}, 4),
    ("no newline after the closing fence", b"---\ntitle: a\n---", {"title": "a"}, 4),
    ("flow mapping", b"---\n{title: a, date: b}\n---\n", {"title": "a", "date": "b"}, 4),
    ("indented '---' inside a block scalar", b"---\ntitle: |\n  a\n  ---\n---\n", {"title": "a\n---"}, 6),
    ("'---' inside a quoted value", b'---\ntitle: "--- a"\n---\n', {"title": "--- a"}, 4),
    ("'...' inside a value", b"---\ntitle: wait...\n---\n", {"title": "wait..."}, 4),
    ("merge key is only a key", b"---\n<<: {a: b}\n---\n", {"<<": {"a": "b"}}, 4),
    (
        "four levels of nesting",
        b"---\nsources:\n  - url: x\n    outlet: [y]\n---\n",
        {"sources": [{"url": "x", "outlet": ["y"]}]},
        6,
    ),
]


@pytest.mark.parametrize(
    ("raw", "meta", "body_line"), [pytest.param(*rest, id=name) for name, *rest in VALID]
)
def test_read_document_reads_every_scalar_as_a_string(
    raw: bytes, meta: dict[str, object], body_line: int
) -> None:
    result = read_document(raw)
    assert not isinstance(result, list), result
    assert result.meta == meta
    assert result.body_line == body_line


def test_crlf_body_is_read_with_lf() -> None:
    result = read_document(b"---\r\ntitle: a\r\n---\r\n## Summary\r\n\r\nText.\r\n")
    assert not isinstance(result, list)
    assert result.body == "## Summary\n\nText.\n"


def test_lines_of_nested_values() -> None:
    raw = b"---\ntitle: a\nsources:\n  - url: u\n    archive: v\n  - url: w\n---\n"
    result = read_document(raw)
    assert not isinstance(result, list)
    assert result.lines == {
        (): 2,
        ("title",): 2,
        ("sources",): 3,
        ("sources", 0): 4,
        ("sources", 0, "url"): 4,
        ("sources", 0, "archive"): 5,
        ("sources", 1): 6,
        ("sources", 1, "url"): 6,
    }


def test_alias_bomb_is_refused_before_expansion() -> None:
    levels = [b"a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [b"a%d: &a%d [%s]" % (i, i, b", ".join([b"*a%d" % (i - 1)] * 9)) for i in range(1, 9)]
    result = read_document(b"---\n" + b"\n".join(levels) + b"\n---\n")
    assert isinstance(result, list)
    assert result[0] == ReadError(2, "YAML anchors are not allowed (&a0)")
    assert len(result) == 9 + 8 * 9


def test_a_crlf_case_validates(repo: Repo) -> None:
    text = (repo.root / "cases/2023/2023-01-05-gas-storage-empty-by-february.md").read_text(encoding="utf-8")
    repo.write("cases/2023/2023-01-05-gas-storage-empty-by-february.md", text.replace("\n", "\r\n"))
    assert repo.messages(None) == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # Norway's code is read as the country, never as the boolean false.
        (
            {"countries": "[NO]"},
            f"{CASE}:7: countries[0]: warning: 'NO' is another name for 'Norway'; write 'Norway'",
        ),
        # A leading zero is kept, so the issue number is refused rather than read as 12345 or octal.
        (
            {"reported_in": "012345"},
            f"{CASE}:14: reported_in: '012345' is not a review issue number (a whole number from 1)",
        ),
        # An unquoted date is the same string as a quoted one: it must match the file name.
        (
            {"date": "2023-06-02"},
            f"{CASE}:3: date: '2023-06-02' does not match the file name date '2023-06-01'",
        ),
        ({"verdict": "no"}, f"{CASE}:4: verdict: unknown verdict 'no'; allowed: disinformation, misleading"),
    ],
)
def test_scalars_reach_the_rules_as_written(fields: dict[str, str], expected: str, repo: Repo) -> None:
    repo.write_case(**fields)
    assert repo.messages() == [expected]


@pytest.mark.parametrize("value", ["2023-06-01", '"2023-06-01"', "'2023-06-01'"])
def test_quoted_and_unquoted_dates_are_the_same(value: str, repo: Repo) -> None:
    repo.write_case(date=value)
    assert repo.messages() == []
