"""The bad-input battery: one test per hostile input, each with the exact error or the exact safe output.

Every input is written into the tiny repository of `tests/fixtures/format/` (line map in
conftest.py) and validated as `debunk validate` would. Bodies are also rendered with the site's
Markdown and sanitised, as if the validator had let them through: the second layer must make
each of them inert on its own. SECURITY.md lists what the two layers guarantee.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import BODY, CASE, Repo, case_text, front_matter
from hostile import live_script, remote_resources

from debunk.build.report import github_annotation
from debunk.content.frontmatter import MAX_FILE_BYTES
from debunk.content.repository import load_content
from debunk.model import Severity
from debunk.render.commonmark import parse, render
from debunk.render.sanitize import sanitize_html
from debunk.rules.collisions import check_unique_urls
from debunk.rules.symlinks import check_docs_links
from debunk.settings import Settings
from debunk.site.pages import build_pages, build_site
from debunk.site.taxonomy import build_terms

SETTINGS = Settings(site_name="Test", site_url="https://test.example.org/")


def at(*lines: str) -> list[str]:
    return [f"{CASE}:{line}" for line in lines]


def body(summary: str) -> str:
    return f"\n## Summary\n\n{summary}\n\n## Response\n\nThe claim is false.\n"


def html_error(line: int, snippet: str) -> str:
    return f"{line}: body: raw HTML is not allowed: {snippet!r}; use Markdown"


def link_error(line: int, url: str, scheme: str = "javascript") -> str:
    return f"{line}: body: link {url!r} uses the scheme {scheme!r}; allowed: https, http, mailto, relative"


# (id, summary text, problems) — the summary starts on line 18.
BODIES = [
    ("script-element", "<script>alert(1)</script>", [html_error(18, "<script>alert(1)</script>")]),
    (
        "script-inline",
        "Text <script>alert(1)</script>.",
        [html_error(18, "</script>"), html_error(18, "<script>")],
    ),
    ("img-onerror", "Text <img src=x onerror=alert(1)>.", [html_error(18, "<img src=x onerror=alert(1)>")]),
    (
        "onclick-handler",
        'Text <span onclick="alert(1)">x</span>.',
        [html_error(18, "</span>"), html_error(18, '<span onclick="alert(1)">')],
    ),
    (
        "iframe",
        '<iframe src="https://evil.example/"></iframe>',
        [html_error(18, '<iframe src="https://evil.example/"></iframe>')],
    ),
    (
        "style-element",
        "<style>body{display:none}</style>",
        [html_error(18, "<style>body{display:none}</style>")],
    ),
    (
        "style-attribute",
        'Text <b style="position:fixed">x</b>.',
        [html_error(18, "</b>"), html_error(18, '<b style="position:fixed">')],
    ),
    (
        "meta-refresh",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        [html_error(18, '<meta http-equiv="refresh" content="0;url=https://evil.example/">')],
    ),
    (
        "object",
        '<object data="https://evil.example/x.swf"></object>',
        [html_error(18, "</object>"), html_error(18, '<object data="https://evil.example/x.swf">')],
    ),
    ("html-comment", "Text <!-- hidden --> more.", [html_error(18, "<!-- hidden -->")]),
    (
        "html-in-table-cell",
        "| a |\n| --- |\n| <img src=x onerror=alert(1)> |",
        [html_error(20, "<img src=x onerror=alert(1)>")],  # the line of the table's row
    ),
    ("javascript-link", "[x](javascript:alert(1))", [link_error(18, "javascript:alert(1)")]),
    ("javascript-mixed-case", "[x](JaVaScRiPt:alert(1))", [link_error(18, "JaVaScRiPt:alert(1)")]),
    ("javascript-decimal-entity", "[x](&#106;avascript:alert(1))", [link_error(18, "javascript:alert(1)")]),
    ("javascript-hex-entity", "[x](&#x6A;avascript:alert(1))", [link_error(18, "javascript:alert(1)")]),
    ("javascript-named-entity", "[x](javascript&colon;alert(1))", [link_error(18, "javascript:alert(1)")]),
    # Browsers drop a tab inside a scheme: `java<TAB>script:` is `javascript:`.
    ("javascript-tab-entity", "[x](java&#x09;script:alert(1))", [link_error(18, "java\tscript:alert(1)")]),
    ("javascript-leading-spaces", "[x](<  javascript:alert(1)>)", [link_error(18, "  javascript:alert(1)")]),
    ("javascript-autolink", "<javascript:alert(1)>", [link_error(18, "javascript:alert(1)")]),
    ("javascript-reference", "[x][r]\n\n[r]: javascript:alert(1)", [link_error(18, "javascript:alert(1)")]),
    (
        "javascript-in-footnote",
        "Text[^1].\n\n[^1]: [x](javascript:alert(1))",
        [link_error(20, "javascript:alert(1)")],
    ),
    # Found by the fuzzer: Python-Markdown deletes U+0002 before parsing, making `&#x09;` of
    # `&#x0<U+0002>9;`, which CommonMark reads as text.
    (
        "javascript-entity-split-by-a-marker-character",
        "[x](java&#x0\x029;script:alert(1))",
        [
            # Python-Markdown deleted the U+0002 and read a `javascript:` link; CommonMark reads text.
            "18: body: control character U+0002 CONTROL CHARACTER is not allowed; remove it",
        ],
    ),
    (
        "javascript-html-link",
        '<a href="javascript:alert(1)">x</a>',
        [html_error(18, "</a>"), html_error(18, '<a href="javascript:alert(1)">')],
    ),
    # Not links for CommonMark (the target has a space or a stray quote), live links for Python-Markdown.
    (
        "javascript-link-only-the-site-parses",
        '[x](javascript:alert(1)//" "t")',
        [link_error(18, 'javascript:alert(1)//"')],
    ),
    ("vbscript-link", "[x](vbscript:msgbox(1))", [link_error(18, "vbscript:msgbox(1)", "vbscript")]),
    ("vbscript-upper-case", "[x](VBSCRIPT:msgbox(1))", [link_error(18, "VBSCRIPT:msgbox(1)", "vbscript")]),
    (
        "data-link",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        [link_error(18, "data:text/html;base64,PHNjcmlwdD4=", "data")],
    ),
    (
        "protocol-relative-link",
        "[x](//evil.example/)",
        ["18: body: link '//evil.example/' has no scheme; write https://"],
    ),
    (
        "remote-image",
        "![x](https://evil.example/p.png)",
        [
            "18: body: image 'https://evil.example/p.png' loads from another site; images must be files in "
            "the repository"
        ],
    ),
    (
        "javascript-image",
        "![x](javascript:alert(1))",
        [
            "18: body: image 'javascript:alert(1)' loads from another site; images must be files in the "
            "repository"
        ],
    ),
    (
        "data-image",
        "![x](data:image/png;base64,AAAA)",
        [
            "18: body: image 'data:image/png;base64,AAAA' loads from another site; images must be files in "
            "the repository"
        ],
    ),
    # A CommonMark code block in a list item is a paragraph for Python-Markdown.
    (
        "bidi-override-in-body",
        "Text \u202e reversed.",
        ["18: body: direction control character U+202E RIGHT-TO-LEFT OVERRIDE is not allowed; remove it"],
    ),
    (
        "control-characters-in-body",
        "Text\x01 and \x1b[31m and \x85.\x01\n\nMore\x7f.",
        [
            "18: body: control character U+0001 CONTROL CHARACTER is not allowed; remove it",
            "18: body: control character U+001B CONTROL CHARACTER is not allowed; remove it",
            "18: body: control character U+0085 CONTROL CHARACTER is not allowed; remove it",
            "20: body: control character U+007F CONTROL CHARACTER is not allowed; remove it",
        ],
    ),
]

# Bodies the validator accepts, with what the site renders: markup shown as text, never run.
SAFE_BODIES = [
    # CommonMark, which the site renders, reads these as text; Python-Markdown read HTML or a link.
    (
        "html-in-list-item-code",
        "- item\n\n      <script>alert(1)</script>",
        "<ul>\n<li>\n<p>item</p>\n<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n</li>\n</ul>",
    ),
    ("svg-onload-no-space", "Text <svg/onload=alert(1)>.", "<p>Text &lt;svg/onload=alert(1)&gt;.</p>"),
    ("svg-onload-backslash", "Text \\<svg/onload=alert(1)>.", "<p>Text &lt;svg/onload=alert(1)&gt;.</p>"),
    (
        "details-ontoggle-unquoted",
        'Text <details open ontoggle=alert("x")>.',
        '<p>Text &lt;details open ontoggle=alert("x")&gt;.</p>',
    ),
    (
        "html-in-footnote",
        "Text[^1].\n\n[^1]: <svg/onload=alert(1)>",
        '<p>Text<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>\n'
        '<div class="footnote">\n<hr>\n<ol>\n<li id="fn:1"><p>&lt;svg/onload=alert(1)&gt; '
        '<a class="footnote-backref" href="#fnref:1" title="Jump back to footnote 1 in the text">↩</a></p>\n'
        "</li>\n</ol>\n</div>",
    ),
    (
        "javascript-link-inside-another-target",
        "Text[^1].\n\n[^1]: [y](java[y](java&#x09&#x09;script:alert(1))",
        '<p>Text<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>\n'
        '<div class="footnote">\n<hr>\n<ol>\n<li id="fn:1">'
        '<p>[y](java<a href="java&amp;#x09%09script:alert(1)">y</a> '
        '<a class="footnote-backref" href="#fnref:1" title="Jump back to footnote 1 in the text">↩</a></p>\n'
        "</li>\n</ol>\n</div>",  # a relative link: `&` cannot be in a scheme
    ),
    ("javascript-call-with-a-space", '[x](javascript:alert("a b"))', '<p>[x](javascript:alert("a b"))</p>'),
    (
        "html-in-fenced-code",
        "```\n<script>alert(1)</script>\n```",
        "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>",
    ),
    ("code-span", "Write `<script>` in code.", "<p>Write <code>&lt;script&gt;</code> in code.</p>"),
    (
        "indented-code",
        "    <script>alert(1)</script>",
        "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>",
    ),
    ("escaped-text", "Text &lt;script&gt; and a < b > c.", "<p>Text &lt;script&gt; and a &lt; b &gt; c.</p>"),
    (
        "quote-in-link-title",
        '[x](https://example.org/ok "t" onclick=alert(1))',
        '<p>[x](https://example.org/ok "t" onclick=alert(1))</p>',  # not a link for CommonMark
    ),
    (
        "relative-and-https-links",
        "[a](../2023/x.md) [b](https://example.org/) [c](mailto:desk@example.org)",
        '<p><a href="../../2023/x/">a</a> '  # the page's URL of the case file linked
        '<a href="https://example.org/" rel="noopener noreferrer nofollow">b</a> '
        '<a href="mailto:desk@example.org" rel="noopener noreferrer nofollow">c</a></p>',
    ),
]


def rendered(text: str) -> str:
    """What the site writes for a body: the tokens the validator checks, rendered, then nh3."""
    return sanitize_html(render(parse(text), "cases/2024/x.md").html).strip()


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for i, t, e in BODIES])
def test_a_hostile_body_is_rejected(repo: Repo, text: str, expected: list[str]) -> None:
    repo.write_case(body=body(text))
    assert repo.messages() == at(*expected)


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for i, t, _e in BODIES])
def test_a_hostile_body_that_slipped_through_renders_inert(text: str) -> None:
    html = rendered(text)
    assert live_script(html) == []
    assert remote_resources(html) == []


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for i, t, e in SAFE_BODIES])
def test_markup_the_validator_accepts_renders_as_text(repo: Repo, text: str, expected: str) -> None:
    repo.write_case(body=body(text))
    assert repo.messages() == []
    assert rendered(text) == expected


TAG = "this field is plain text: remove the tag"
FIELDS = [
    (
        "title-script",
        {"title": "'<script>alert(1)</script>'"},
        [f"2: title: '<script>alert(1)</script>' contains HTML ('<script>'); {TAG}"],
    ),
    (
        "title-attribute-breakout",
        {"title": "'\"><img src=x onerror=alert(1)>'"},
        [
            f"2: title: '\"><img src=x onerror=alert(1)>' contains HTML ('<img src=x onerror=alert(1)>'); "
            f"{TAG}"
        ],
    ),
    (
        "title-json-ld-breakout",
        {"title": "'</script><script>alert(1)</script>'"},
        [f"2: title: '</script><script>alert(1)</script>' contains HTML ('</script>'); {TAG}"],
    ),
    (
        "title-html-comment",
        {"title": "'Wind <!-- hidden --> farms'"},
        [f"2: title: 'Wind <!-- hidden --> farms' contains HTML ('<!-- hidden -->'); {TAG}"],
    ),
    ("title-ampersand-quotes-angle-brackets", {"title": "'Wind & \"storm\" farms: a < b > c'"}, []),
    (
        "keyword-html",
        {"keywords": "['<b>Energy</b>']"},
        [
            f"6: keywords[0]: '<b>Energy</b>' contains HTML ('<b>'); {TAG}",
            "6: keywords[0]: unknown keyword '<b>Energy</b>' (did you mean 'Energy'?)",
        ],
    ),
    (
        "title-bidi-override",
        {"title": '"Wind \\u202efarms"'},
        [
            "2: title: 'Wind \\u202efarms' contains invisible or control characters "
            "(U+202E RIGHT-TO-LEFT OVERRIDE); remove them"
        ],
    ),
    (
        "title-zero-width-space",
        {"title": '"Wind\\u200bfarms"'},
        [
            "2: title: 'Wind\\u200bfarms' contains invisible or control characters (U+200B ZERO WIDTH "
            "SPACE); remove them"
        ],
    ),
    (
        "keyword-zero-width-joiner",
        {"keywords": '["Ener\\u200dgy"]'},
        [
            "6: keywords[0]: 'Ener\\u200dgy' contains invisible or control characters (U+200D ZERO WIDTH "
            "JOINER); "
            "remove them",
            "6: keywords[0]: unknown keyword 'Ener\\u200dgy' (did you mean 'Energy'?)",
        ],
    ),
    # Real titles have such typos, so prose gets a warning; a term gets an error.
    (
        "title-mixed-script",
        {"title": "Zelenskyу said wind farms cause storms"},
        [
            "2: title: warning: word 'Zelenskyу' mixes Latin and Cyrillic letters (U+0443 CYRILLIC SMALL "
            "LETTER U); "
            "retype it in one alphabet"
        ],
    ),
    (
        "keyword-mixed-script",
        {"keywords": "[Enеrgy]"},
        [
            "6: keywords[0]: unknown keyword 'Enеrgy' (did you mean 'Energy'?)",
            "6: keywords[0]: word 'Enеrgy' mixes Latin and Cyrillic letters (U+0435 CYRILLIC SMALL LETTER "
            "IE); "
            "retype it in one alphabet",
        ],
    ),
    (
        "outlet-mixed-script",
        {"outlets": "[Harbоur Herald]"},
        [
            "9: outlets[0]: unknown outlet 'Harbоur Herald' (did you mean 'Harbour Herald'?)",
            "9: outlets[0]: word 'Harbоur' mixes Latin and Cyrillic letters (U+043E CYRILLIC SMALL LETTER "
            "O); "
            "retype it in one alphabet",
        ],
    ),
    (
        "title-greek-omicron",
        {"title": "Wind farms cause storms tο the coast"},
        [
            "2: title: warning: word 'tο' mixes Latin and Greek letters (U+03BF GREEK SMALL LETTER OMICRON); "
            "retype it in one alphabet"
        ],
    ),
    ("title-all-cyrillic-is-fine", {"title": "Ветряки вызывают штормы"}, []),
    (
        "template-key",
        {"template": "main.html"},
        ["14: template: 'template' changes how the page renders and is not allowed in content files"],
    ),
    (
        "hide-key",
        {"hide": "[navigation]"},
        ["14: hide: 'hide' changes how the page renders and is not allowed in content files"],
    ),
    (
        "search-key",
        {"search": "{exclude: true}"},
        ["14: search: 'search' changes how the page renders and is not allowed in content files"],
    ),
    (
        "related-path-traversal",
        {"related": "[../../etc/passwd]"},
        ["14: related[0]: '../../etc/passwd' is not an id: lowercase letters, digits and hyphens"],
    ),
    (
        "related-absolute-path",
        {"related": "[/etc/passwd]"},
        ["14: related[0]: '/etc/passwd' is not an id: lowercase letters, digits and hyphens"],
    ),
    (
        "related-windows-path",
        {"related": "['C:\\Windows\\x']"},
        ["14: related[0]: 'C:\\\\Windows\\\\x' is not an id: lowercase letters, digits and hyphens"],
    ),
    (
        "narratives-path-traversal",
        {"narratives": "[../cases/x]"},
        ["5: narratives[0]: '../cases/x' is not an id: lowercase letters, digits and hyphens"],
    ),
    (
        "narratives-absolute-path",
        {"narratives": "[/tmp/x]"},
        ["5: narratives[0]: '/tmp/x' is not an id: lowercase letters, digits and hyphens"],
    ),
    (
        "narratives-encoded-traversal",
        {"narratives": "['..%2Fx']"},
        ["5: narratives[0]: '..%2Fx' is not an id: lowercase letters, digits and hyphens"],
    ),
    (
        "yaml11-octal",
        {"reported_in": "012"},
        ["14: reported_in: '012' is not a review issue number (a whole number from 1)"],
    ),
    (
        "yaml11-sexagesimal",
        {"reported_in": "1:20"},
        ["14: reported_in: '1:20' is not a review issue number (a whole number from 1)"],
    ),
    ("date-february-30", {"date": '"2023-02-30"'}, ["3: date: '2023-02-30' is not a real calendar date"]),
    ("date-month-13", {"date": '"2023-13-01"'}, ["3: date: '2023-13-01' is not a real calendar date"]),
    (
        "date-timestamp",
        {"date": "2023-06-01T10:00:00Z"},
        ["3: date: '2023-06-01T10:00:00Z' is not a date; write YYYY-MM-DD, e.g. 2022-12-14"],
    ),
    (
        "source-url-javascript",
        {"sources": "\n  - url: javascript:alert(1)\n    archive: https://archive.ph/abc12"},
        ["11: sources[0].url: 'javascript:alert(1)' must be an absolute https:// URL"],
    ),
    # Found by fuzzing: urlsplit raised on an unclosed IPv6 bracket.
    (
        "source-url-unclosed-bracket",
        {"sources": "\n  - url: https://[x/\n    archive: https://archive.ph/abc12"},
        ["11: sources[0].url: 'https://[x/' is not a valid URL (Invalid IPv6 URL)"],
    ),
    (
        "title-forging-a-ci-annotation",
        {"title": '"Wind farms\\n::error file=cases/x.md,line=1::forged"'},
        ["2: title: 'Wind farms\\n::error file=cases/x.md,line=1::forged' must be a single line"],
    ),
]


@pytest.mark.parametrize(("fields", "expected"), [pytest.param(f, e, id=i) for i, f, e in FIELDS])
def test_hostile_metadata(repo: Repo, fields: dict[str, str], expected: list[str]) -> None:
    repo.write_case(**fields)
    assert repo.messages() == at(*expected)


@pytest.mark.parametrize(
    ("fields", "attribute", "value"),
    [
        pytest.param({"languages": "[no]"}, "languages", ("no",), id="yaml11-no-is-norwegian"),
        pytest.param({"title": "yes"}, "title", "yes", id="yaml11-yes-is-text"),
        pytest.param({"title": "'on'"}, "title", "on", id="yaml11-on-is-text"),
        pytest.param({"title": "'0x1F'"}, "title", "0x1F", id="yaml11-hex-is-text"),
        pytest.param({"date": "2023-06-01"}, "year", 2023, id="unquoted-date-is-read-as-written"),
    ],
)
def test_yaml_11_values_stay_as_written(
    repo: Repo, fields: dict[str, str], attribute: str, value: object
) -> None:
    repo.write_case(**fields)
    assert repo.messages() == []
    (case,) = [case for case in load_content(repo.root).cases if case.path == CASE]
    assert getattr(case, attribute) == value


def test_a_forged_annotation_stays_one_annotation(repo: Repo) -> None:
    repo.write_case(title='"Wind farms %0A\\n::error file=x.md::forged"')
    (problem,) = repo.problems()
    assert github_annotation(problem) == (
        f"::error file={CASE},line=2,title=title::"
        "'Wind farms %250A\\n::error file=x.md::forged' must be a single line"
    )


FRONT = front_matter()


def replaced(old: str, new: str) -> bytes:
    """A valid case file with one piece of its front matter replaced."""
    assert old in FRONT
    return f"---\n{FRONT.replace(old, new)}\n---\n{BODY}".encode()


GOOD = case_text().encode()
BASE_TITLE = "title: Wind farms in the North Sea cause the winter storms"
MANY_FIELDS = "".join(f"x{i}: {'v' * 60}\n" for i in range(300))
# (id, raw bytes, problems)
FILES = [
    (
        "unclosed-front-matter",
        f"---\n{FRONT}\n{BODY}".encode(),
        ["1: front matter: front matter is not closed: add a '---' line after the last field"],
    ),
    (
        "no-opening-fence",
        f"{FRONT}\n---\n{BODY}".encode(),
        ["1: front matter: file must start with a '---' line opening the front matter"],
    ),
    (
        "tab-indentation",
        replaced("  - url:", chr(9) + "- url:"),
        ["11: front matter: tab character in front matter; indent with spaces"],
    ),
    (
        "front-matter-is-a-list",
        f"---\n- title\n- date\n---\n{BODY}".encode(),
        ["2: front matter: front matter must be a mapping of 'field: value' lines, not a list"],
    ),
    (
        "front-matter-is-a-sentence",
        f"---\njust a sentence\n---\n{BODY}".encode(),
        ["2: front matter: front matter must be a mapping of 'field: value' lines, not a single value"],
    ),
    (
        "empty-front-matter",
        f"---\n---\n{BODY}".encode(),
        ["1: front matter: front matter is empty; write 'field: value' lines between the '---' lines"],
    ),
    (
        "byte-order-mark",
        b"\xef\xbb\xbf" + GOOD,
        ["1: file: file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"],
    ),
    ("crlf-line-endings", GOOD.replace(b"\n", b"\r\n"), []),
    (
        "stray-carriage-return",
        GOOD.replace(b"title:", b"title:\r", 1),
        ["2: file: stray carriage return (CR); use LF or CRLF line endings"],
    ),
    (
        "duplicate-key",
        replaced("verdict: disinformation", "verdict: disinformation\nverdict: misleading"),
        ["5: front matter: duplicate key 'verdict'; each field may appear once"],
    ),
    (
        "yaml-anchor",
        replaced("title: Wind", "title: &t Wind"),
        ["2: front matter: YAML anchors are not allowed (&t)"],
    ),
    (
        "yaml-alias",
        replaced("keywords: [Energy]", "keywords: &k [Energy]").replace(
            b"outlets: [Harbour Herald]", b"outlets: *k"
        ),
        [
            "6: front matter: YAML anchors are not allowed (&k)",
            "9: front matter: YAML aliases are not allowed (*k); write the value out",
        ],
    ),
    (
        "python-object-tag",
        replaced("verdict: disinformation", "verdict: !!python/object/apply:os.system [id]"),
        [
            "4: front matter: YAML tags are not allowed ('!!python/object/apply:os.system'); write plain "
            "values"
        ],
    ),
    (
        "python-name-tag",
        replaced("verdict: disinformation", "verdict: !!python/name:os.system"),
        ["4: front matter: YAML tags are not allowed ('!!python/name:os.system'); write plain values"],
    ),
    (
        "local-tag",
        replaced("verdict: disinformation", "verdict: !custom disinformation"),
        ["4: front matter: YAML tags are not allowed ('!custom'); write plain values"],
    ),
    (
        "deep-nesting",
        f"---\n{FRONT}\nx: {'[' * 50}{']' * 50}\n---\n{BODY}".encode(),
        ["14: front matter: values are nested more than 4 levels deep"],
    ),
    (
        "very-deep-nesting",
        f"---\nx: {'[' * 100_000}{']' * 100_000}\n---\n{BODY}".encode(),
        ["1: front matter: front matter is 200,003 bytes; the limit is 16,384"],
    ),
    (
        "second-yaml-document",
        f"---\n{FRONT}\n...\n---\ntitle: x\n---\n{BODY}".encode(),
        ["14: front matter: a '...' line ends the YAML early; remove it"],
    ),
    (
        "yaml-merge-key",
        f"---\n{FRONT}\n<<: {{template: main.html}}\n---\n{BODY}".encode(),
        [
            "14: <<: unknown field '<<'; allowed: title, date, verdict, narratives, keywords, countries, "
            "languages, "
            "outlets, sources, reported_in, related, published, updates, status, publish_on"
        ],
    ),
    (
        "complex-key",
        f"---\n{FRONT}\n? [a, b]\n: c\n---\n{BODY}".encode(),
        ["14: front matter: a key must be a plain name, not a list or mapping"],
    ),
    (
        "latin-1-bytes",
        GOOD.replace(b"storms", "stürms".encode("latin-1"), 1),
        ["2: file: file is not valid UTF-8 (byte 0xfc); save it as UTF-8"],
    ),
    (
        "utf-16",
        case_text().encode("utf-16"),
        ["1: file: file is not valid UTF-8 (byte 0xff); save it as UTF-8"],
    ),
    ("empty-file", b"", ["1: front matter: file must start with a '---' line opening the front matter"]),
    (
        "blank-file",
        b"   \n\n",
        ["1: front matter: file must start with a '---' line opening the front matter"],
    ),
    ("nul-byte", GOOD.replace(b"Wind", b"Wi\x00nd", 1), ["2: file: file contains a NUL character"]),
    (
        "huge-file",
        GOOD + b"x" * MAX_FILE_BYTES,
        [f"0: file: file is {len(GOOD) + MAX_FILE_BYTES:,} bytes; the limit is {MAX_FILE_BYTES:,}"],
    ),
    (
        "huge-front-matter",
        f"---\n{FRONT}\n{MANY_FIELDS}---\n{BODY}".encode(),
        ["1: front matter: front matter is 20,384 bytes; the limit is 16,384"],
    ),
    (
        "huge-body",
        f"---\n{FRONT}\n---\n\n## Summary\n\n{'word ' * 25_000}\n\n## Response\n\nB.\n".encode(),
        ["15: body: is 125,031 characters long; the limit is 100,000"],
    ),
    (
        "long-title",
        replaced(BASE_TITLE, "title: " + "a" * 400),
        ["2: title: is 400 characters long; the limit is 300"],
    ),
]


@pytest.mark.parametrize(("raw", "expected"), [pytest.param(r, e, id=i) for i, r, e in FILES])
def test_malformed_files(repo: Repo, raw: bytes, expected: list[str]) -> None:
    repo.write(CASE, raw)
    assert repo.messages() == at(*expected)


def test_an_alias_bomb_is_refused_before_it_is_expanded(repo: Repo) -> None:
    """Nine levels of nine aliases would expand to 387,420,489 values."""
    names = "abcdefghi"
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{name}: &{name} [{', '.join([f'*{names[i]}'] * 9)}]" for i, name in enumerate(names[1:])]
    repo.write(CASE, ("---\n" + "\n".join(lines) + f"\n---\n{BODY}").encode())
    start = time.perf_counter()
    messages = repo.messages()
    assert time.perf_counter() - start < 5
    expected = ["2: front matter: YAML anchors are not allowed (&a)"]
    for line, name in enumerate(names[1:], 3):
        expected.append(f"{line}: front matter: YAML anchors are not allowed (&{name})")
        alias = (
            f"{line}: front matter: YAML aliases are not allowed (*{names[line - 3]}); write the value out"
        )
        expected += [alias] * 9
    assert messages == at(*sorted(expected, key=lambda m: (int(m.split(":")[0]), m)))


SLUG_RULE = "must be 1-80 lowercase letters, digits and hyphens"


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        pytest.param(
            "cases/2023/2023-06-01-wind-fаrms.md", f"slug 'wind-fаrms' {SLUG_RULE}", id="cyrillic-look-alike"
        ),
        pytest.param(
            "cases/2023/2023-06-01-Wind-Farms.md", f"slug 'Wind-Farms' {SLUG_RULE}", id="upper-case"
        ),
        pytest.param(
            "cases/2023/2023-06-01-wind\u200bfarms.md",
            f"slug 'wind\\u200bfarms' {SLUG_RULE}",
            id="zero-width",
        ),
        pytest.param("cases/2023/2023-06-01-..md", f"slug '.' {SLUG_RULE}", id="dots"),
        pytest.param(
            "cases/2023/2023-06-01-wind%2Ffarms.md", f"slug 'wind%2Ffarms' {SLUG_RULE}", id="encoded-slash"
        ),
    ],
)
def test_unsafe_slugs_in_file_names(repo: Repo, rel: str, expected: str) -> None:
    repo.write_case(rel)
    assert repo.messages(rel) == [f"{rel}:0: file: {expected}"]


LINK = "is a symbolic link; content files must be regular files in the repository"


def test_a_case_linked_to_a_file_outside(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(case_text(), encoding="utf-8")
    (repo.root / CASE).parent.mkdir(parents=True, exist_ok=True)
    (repo.root / CASE).symlink_to(outside)
    assert repo.messages() == at(f"0: file: {LINK}")


def test_a_case_folder_linked_outside(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2099-06-01-wind-farms.md").write_text(case_text(), encoding="utf-8")
    (repo.root / "cases/2099").symlink_to(outside)
    assert repo.messages("cases/2099") == [
        "cases/2099:0: file: case files must be named cases/<year>/<yyyy-mm-dd>-<slug>.md",
        f"cases/2099:0: file: {LINK}",
    ]
    assert all(not case.path.startswith("cases/2099") for case in load_content(repo.root).cases)


def test_a_case_linked_to_another_case_inside(repo: Repo) -> None:
    repo.write_case("cases/2023/2023-06-01-original.md")
    (repo.root / CASE).symlink_to(repo.root / "cases/2023/2023-06-01-original.md")
    assert repo.messages() == at(f"0: file: {LINK}")


def test_a_narrative_linked_outside(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "narrative.md"
    outside.write_text("---\ntitle: A\nsummary: B.\n---\nC.\n", encoding="utf-8")
    (repo.root / "narratives/linked.md").symlink_to(outside)
    assert repo.messages("narratives/linked.md") == [f"narratives/linked.md:0: file: {LINK}"]


def test_a_vocabulary_linked_outside(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "keywords.yml"
    outside.write_text("- name: Energy\n", encoding="utf-8")
    (repo.root / "vocabularies/keywords.yml").unlink()
    (repo.root / "vocabularies/keywords.yml").symlink_to(outside)
    assert repo.messages("vocabularies/keywords.yml") == [
        "vocabularies/keywords.yml:0: file: is a symbolic link; vocabulary files must be regular files in "
        "the repository"
    ]


def test_a_vocabulary_that_is_not_utf_8(repo: Repo) -> None:
    """Found while testing: this raised UnicodeDecodeError out of the validator and the build."""
    keywords = repo.root / "vocabularies/keywords.yml"
    keywords.write_bytes(keywords.read_bytes() + "- name: Café\n".encode("latin-1"))
    assert repo.messages("vocabularies/keywords.yml") == [
        "vocabularies/keywords.yml:10: file: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"
    ]


def test_docs_pages_linked_out_of_the_repository(repo: Repo, tmp_path: Path) -> None:
    docs = repo.root / "docs"
    (docs / "inside").mkdir(parents=True)
    (docs / "fine.md").symlink_to(repo.root / "narratives/energy-blackmail.md")
    (tmp_path / "secret.md").write_text("secret", encoding="utf-8")
    (docs / "secret.md").symlink_to(tmp_path / "secret.md")
    (docs / "inside" / "etc").symlink_to(Path("/etc"))
    out = "is a symbolic link out of the repository; copy the file in instead"
    assert [str(problem) for problem in check_docs_links(docs, repo.root)] == [
        f"docs/inside/etc:0: file: {out}",
        f"docs/secret.md:0: file: {out}",
    ]


def test_a_narrative_cannot_take_the_url_of_the_narrative_list(repo: Repo) -> None:
    repo.write("narratives/index.md", "---\ntitle: Index\nsummary: A narrative called index.\n---\nText.\n")
    assert repo.messages("narratives/index.md") == [
        "narratives/index.md:0: file: the id 'index' is taken by the list of narratives (/narratives/); "
        "rename it"
    ]


def test_a_keyword_cannot_take_the_url_of_the_keyword_index(repo: Repo) -> None:
    keywords = repo.root / "vocabularies/keywords.yml"
    keywords.write_text(keywords.read_text(encoding="utf-8") + "- name: Index\n", encoding="utf-8")
    repo.write_case(keywords="[Index]")
    content = load_content(repo.root)
    assert [p for p in content.problems if p.severity is Severity.ERROR] == []
    pages = build_pages(build_site(content, SETTINGS))
    assert [str(problem) for problem in check_unique_urls(pages, ["about.md"])] == [
        "vocabularies/keywords.yml:0: term: the page 'Index' would be published at /keywords/, which is "
        "already "
        "the page 'Keywords'; rename one of them"
    ]


def test_two_sources_for_one_url_ignoring_letter_case(repo: Repo) -> None:
    pages = build_pages(build_site(load_content(repo.root), SETTINGS))
    assert [str(problem) for problem in check_unique_urls(pages, ["Keywords/index.md", "about.md"])] == [
        "docs/keywords/index.md:0: term-index: the page 'Keywords' would be published at /keywords/, which "
        "is "
        "already docs/Keywords/index.md; rename one of them"
    ]


def test_two_keywords_with_one_slug(repo: Repo) -> None:
    keywords = repo.root / "vocabularies/keywords.yml"
    keywords.write_text(
        keywords.read_text(encoding="utf-8") + "- name: Wind farms\n- name: Wind-farms!\n", "utf-8"
    )
    repo.write_case(keywords="[Wind farms, Wind-farms!]")
    terms, problems = build_terms(load_content(repo.root))
    assert [str(problem) for problem in problems] == [
        "vocabularies/keywords.yml:0: keywords: 'Wind farms' and 'Wind-farms!' would share the page "
        "/keywords/wind-farms/; rename one"
    ]
    assert "Wind farms" not in terms["keywords"] and "Wind-farms!" not in terms["keywords"]


def test_two_keywords_that_differ_in_letter_case(repo: Repo) -> None:
    keywords = repo.root / "vocabularies/keywords.yml"
    keywords.write_text(keywords.read_text(encoding="utf-8") + "- name: Nato\n", encoding="utf-8")
    assert repo.messages("vocabularies/keywords.yml") == [
        "vocabularies/keywords.yml:10: name: 'Nato' clashes with 'NATO' (same name or alias)"
    ]
