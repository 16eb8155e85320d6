"""The fixes for real data, one table per rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from debunk.content.archives import load_archives
from debunk.importer.cleantext import clean_text, plain_to_markdown
from debunk.importer.links import clean_archive, clean_url
from debunk.importer.mapping import DEFAULT_DATES, MappingError, mapping_from_data
from debunk.importer.normalise import parse_date
from debunk.importer.terms import variant_key


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-10-03", dt.date(2017, 10, 3)),
        ("03.10.2017", dt.date(2017, 10, 3)),
        ("3.10.2017", dt.date(2017, 10, 3)),
        ("3 October 2017", dt.date(2017, 10, 3)),
        ("October 3, 2017", dt.date(2017, 10, 3)),
        ("2017-10-03T12:30:00Z", dt.date(2017, 10, 3)),
        ("03/10/2017", None),
        ("31.02.2017", None),
        ("", None),
    ],
)
def test_parse_date(value: str, expected: dt.date | None) -> None:
    assert parse_date(value, DEFAULT_DATES) == expected


@pytest.mark.parametrize(
    ("value", "url", "fixes", "problem"),
    [
        ("https://x.example.org/a", "https://x.example.org/a", [], None),
        (
            "Https://x.example.org/a",
            "https://x.example.org/a",
            ["scheme of 'Https://x.example.org/a' written as https://"],
            None,
        ),
        (
            "ttps://x.example.org/a",
            "https://x.example.org/a",
            ["scheme of 'ttps://x.example.org/a' written as https://"],
            None,
        ),
        (
            "www.x.example.org/a",
            "http://www.x.example.org/a",
            ["added the missing scheme http:// to 'www.x.example.org/a'"],
            None,
        ),
        (
            "https://x.example.org/a b",
            "https://x.example.org/a%20b",
            ["spaces in 'https://x.example.org/a b' encoded as %20"],
            None,
        ),
        (
            "https://x.example.org/a\u00a0",
            "https://x.example.org/a",
            ["removed invisible characters or spaces around 'https://x.example.org/a\\xa0'"],
            None,
        ),
        ("http://N/A", None, [], "'http://N/A' has no valid host name"),
    ],
)
def test_clean_url(value: str, url: str | None, fixes: list[str], problem: str | None) -> None:
    link = clean_url(value)
    assert (link.url, link.fixes, link.problem) == (url, fixes, problem)


@pytest.mark.parametrize(
    ("value", "url", "problem"),
    [
        (
            "https://web.archive.org/web/2020/https://a.example.com/x",
            "https://web.archive.org/web/2020/https://a.example.com/x",
            None,
        ),
        (
            "https://web.archive.orghttps://a.example.com/x",
            "https://web.archive.org/web/https://a.example.com/x",
            None,
        ),
        (
            "https://web.archive.orghttp://a.example.com/x",
            "https://web.archive.org/web/http://a.example.com/x",
            None,
        ),
        (
            "https://web.archive.org/save/https://a.example.com/x",
            "https://web.archive.org/web/https://a.example.com/x",
            None,
        ),
        ("http://app.cappture.cc/snapshots/abc", "http://app.cappture.cc/snapshots/abc", None),
        (
            "https://web.archive.orghttp://192.0.2.7/news/1",
            "https://web.archive.org/web/http://192.0.2.7/news/1",
            None,
        ),
        (
            "https://web.archive.orghttps://",
            None,
            "malformed archive link 'https://web.archive.orghttps://': the archived address is unreadable",
        ),
        (
            "not a link at all",
            None,
            "it is not a URL",
        ),
        (
            "ftp://files.example.org/a",
            None,
            "'ftp://files.example.org/a' must be an absolute https:// URL",
        ),
    ],
)
def test_clean_archive(value: str, url: str | None, problem: str | None) -> None:
    link = clean_archive(value, load_archives(Path("no-repository"), []))
    assert (link.url, link.problem) == (url, problem)


@pytest.mark.parametrize(
    ("value", "note"),
    [
        ("https://web.archive.org/web/2020/https://a.example.com/x", None),
        ("https://archive.euvsd.info/a/1", None),
        (
            "https://mirror.example.net/x",
            "the archive link 'https://mirror.example.net/x' is not on a known web archive "
            "(host 'mirror.example.net'); kept. If it is one, add the service to vocabularies/archives.yml",
        ),
        (
            "www.mirror.example.net/x",
            "the archive link 'http://www.mirror.example.net/x' is not on a known web archive "
            "(host 'mirror.example.net'); kept. If it is one, add the service to vocabularies/archives.yml",
        ),
    ],
)
def test_an_archive_link_on_an_unknown_host_is_kept_with_a_note(value: str, note: str | None) -> None:
    link = clean_archive(value, load_archives(Path("no-repository"), []))
    assert link.url is not None and link.problem is None
    assert link.note == note


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("plain words", "plain words"),
        (
            "*stars* and _under_ and `ticks` and [brackets]",
            r"\*stars\* and \_under\_ and \`ticks\` and \[brackets\]",
        ),
        ("<script>x</script> &amp; a < b", "&lt;script>x&lt;/script> &amp;amp; a &lt; b"),
        ("## Response", r"\## Response"),
        ("> quote\n- item\n+ item\n---", "\\> quote\n\n\\- item\n\n\\+ item\n\n\\---"),
        ("12. point", r"12\. point"),
        (
            "See https://a.example.org/x_y. Then (https://b.example.org/p).",
            "See <https://a.example.org/x_y>. Then (<https://b.example.org/p>).",
        ),
        ("line one\n\n\nline two", "line one\n\nline two"),
    ],
)
def test_plain_to_markdown(text: str, markdown: str) -> None:
    assert plain_to_markdown(text) == markdown


@pytest.mark.parametrize(
    ("value", "single_line", "text", "notes"),
    [
        ("a\u200bb", True, "ab", ["removed invisible characters (U+200B ZERO WIDTH SPACE)"]),
        (
            "a\u00adb\x07",
            True,
            "ab",
            ["removed invisible characters (U+0007 CONTROL CHARACTER, U+00AD SOFT HYPHEN)"],
        ),
        ("two\nlines", True, "two lines", ["joined lines"]),
        ("two\r\nlines", False, "two\nlines", []),
        ("a<br>b", False, "a\nb", ["removed HTML tags"]),
        ("Tom &amp; Jerry", True, "Tom & Jerry", ["decoded HTML entities"]),
        ("e\u0301", True, "\u00e9", ["normalised to Unicode NFC"]),
    ],
)
def test_clean_text(value: str, single_line: bool, text: str, notes: list[str]) -> None:
    assert clean_text(value, single_line=single_line) == (text, notes)


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("Colour revolutions", "colour revolution", "keyword"),
        ("Nazi/Fascist", "Nazi Fascist", "keyword"),
        ("The West", "West", "country"),
        ("aeronet.cz", "Aeronet", "outlet"),
        ("www.tvzvezda.ru", "TV Zvezda", "outlet"),
    ],
)
def test_variant_spellings_share_a_key(a: str, b: str, kind: str) -> None:
    assert variant_key(a, kind) == variant_key(b, kind)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"columns": {"A": "title"}}, "columns: no column gives the required field 'date'"),
        (
            {"columns": {"A": "title", "B": "dat"}},
            "columns.B: unknown field 'dat' (did you mean 'updates' or 'date'?)",
        ),
        (
            {"columns": {"A": "title", "B": "date"}, "colums": {}},
            "mapping: unknown key 'colums' (did you mean 'columns'?)",
        ),
        ({"columns": {"A": "title", "B": "date"}, "format": "xlsx"}, "format: 'xlsx' is not 'csv' or 'json'"),
        (
            {"columns": {"A": "title", "B": "date"}, "links": {"key": "id"}},
            "links: the cases need a 'key' column to join the links file on",
        ),
    ],
)
def test_mapping_errors(data: object, message: str) -> None:
    with pytest.raises(MappingError) as error:
        mapping_from_data(data)
    assert str(error.value) == message
