"""A template rendered through its frame (debunk_mkdocs/frames.py) gives what Jinja gives it whole.

The templates mimic mkdocs-material's: an `{% extends %}` chain, a module imported with
context at the top, variables set between blocks, `super()`, nested blocks and includes.
The site-level check (every page of a built site against MkDocs' own loop) is in
tests/test_theme_pages.py.
"""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from debunk_mkdocs.frames import make_frame

BASE = """{% import "lang.html" as lang with context %}<!doctype html>
<html lang="{{ lang.t('language') }}">
<head>{% block site_meta %}<link rel="canonical" href="{{ page.url }}">{% endblock %}
{% block htmltitle %}<title>{{ page.title }} - {{ site }}</title>{% endblock %}
{% block styles %}<link rel="stylesheet" href="{{ base_url }}/main.css">{% endblock %}
{% block extrahead %}{% endblock %}</head>
{% set features = ["tabs", "top"] %}
<body>{% if page.toc %}<a href="{{ page.toc[0] }}" class="skip">skip</a>{% endif %}
{% block header %}<header>{% include "logo.html" %}{{ page.title }}</header>{% endblock %}
{% block tabs %}{% if "tabs" in features %}<nav>{% for item in nav -%}
<a href="{{ base_url }}/{{ item }}">{{ item }}</a>{% endfor %}</nav>{% endif %}{% endblock %}
{% block site_nav %}<ul>{% for entry in page.toc %}<li>{{ entry }}</li>{% endfor %}</ul>{% endblock %}
{% block container %}<article>{% block content %}{{ page.content }}{% endblock %}</article>{% endblock %}
{% block footer %}<footer>{{ lang.t('footer') }} {{ features | join(",") }}</footer>{% endblock %}
{% block scripts %}<script src="{{ base_url }}/bundle.js"></script>{% endblock %}
</body></html>"""
MAIN = """{% extends "base.html" %}
{% block extrahead %}{% set data = page.meta.data or {} -%}
<meta property="og:title" content="{{ data.title | e }}">{% endblock %}
{% block header %}<a class="skip" href="#content">{{ lang.t('skip') }}</a>{{ super() }}{% endblock %}
{% block styles %}{{ super() }}<link rel="stylesheet" href="{{ base_url }}/extra.css">{% endblock %}"""
CASE = """{% extends "main.html" %}
{% block content %}{% set c = page.meta.data %}<h1>{{ c.title | e }}</h1>{{ page.content }}{% endblock %}"""
LANG = '{% macro t(key) %}{{ {"language": "en", "skip": "Skip", "footer": "Made with"}[key] }}{% endmacro %}'
TEMPLATES = {
    "base.html": BASE, "main.html": MAIN, "case.html": CASE, "lang.html": LANG, "logo.html": "<svg/>",
}  # fmt: skip


def environment(**templates: str) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader({**TEMPLATES, **templates}))


def page_context(number: int, toc: list[str] | None = None) -> dict[str, Any]:
    title = f"Claim {number} & <more>"
    page = {
        "url": f"cases/2024/claim-{number}/",
        "title": title,
        "toc": ["#summary", "#response", *(["#sources"] if number % 2 else [])] if toc is None else toc,
        "content": f"<p>Body {number}</p>",
        "meta": {"data": {"title": title}},
    }
    return {"page": page, "site": "Debunk", "base_url": "../../..", "nav": ["index", "search"]}


@pytest.mark.parametrize("name", ["base.html", "main.html", "case.html"])
def test_every_page_of_a_group_renders_as_the_whole_template(name: str) -> None:
    env = environment()
    frame = make_frame(env, name, page_context(1))
    assert frame is not None
    assert [hole.block for hole in frame.holes] == [
        "site_meta", "htmltitle", "extrahead", "header", "site_nav", "container",
    ]  # fmt: skip
    template = env.get_template(name)
    for number in range(1, 8):
        context = page_context(number)
        assert frame.render(template, context) == template.render(context)


def test_the_frame_holds_the_shared_parts_once_and_no_page_data() -> None:
    env = environment()
    frame = make_frame(env, "case.html", page_context(1))
    assert frame is not None
    shared = "".join(frame.texts)
    assert shared.count('src="../../../bundle.js"') == 1
    assert 'href="../../../extra.css"' in shared
    assert "Made with tabs,top" in shared  # a variable set between blocks, and the imported module
    assert "Claim 1" not in shared and "Body 1" not in shared


def test_a_block_shown_twice_fills_both_holes() -> None:
    twice = '{% extends "case.html" %}{% block scripts %}{{ self.htmltitle() }}{% endblock %}'
    env = environment(**{"twice.html": twice})
    frame = make_frame(env, "twice.html", page_context(1))
    assert frame is not None
    template = env.get_template("twice.html")
    assert frame.render(template, page_context(2)) == template.render(page_context(2))
    assert template.render(page_context(2)).count("<title>Claim 2") == 2


@pytest.mark.parametrize("use", ["| e", "| striptags", "| upper", "| truncate(5)"])
def test_a_page_block_that_the_template_changes_refuses_a_frame(use: str) -> None:
    # Put in as written, a block the template escapes or cuts would be wrong on some pages.
    source = (
        '{% extends "case.html" %}{% block scripts %}'
        f'<meta content="{{{{ self.htmltitle() {use} }}}}">{{% endblock %}}'
    )
    env = environment(**{"filtered.html": source})
    assert make_frame(env, "filtered.html", page_context(1)) is None


def test_a_frame_from_one_page_is_wrong_for_another_when_page_data_is_outside_its_blocks() -> None:
    # What the caller's check (a second page rendered whole) is for: the frame is refused there.
    footer = '{% extends "case.html" %}{% block footer %}<footer>{{ page.title }}</footer>{% endblock %}'
    env = environment(**{"footer.html": footer})
    frame = make_frame(env, "footer.html", page_context(1))
    assert frame is not None
    template = env.get_template("footer.html")
    assert frame.render(template, page_context(2)) != template.render(page_context(2))


def test_a_template_that_fails_on_the_marks_refuses_a_frame() -> None:
    picky = '{% extends "case.html" %}{% block scripts %}{{ self.htmltitle() | picky }}{% endblock %}'
    env = environment(**{"picky.html": picky})

    def refuse_marks(value: str) -> str:
        if "\x00" in value:
            raise ValueError("not a title")
        return value

    env.filters["picky"] = refuse_marks
    assert make_frame(env, "picky.html", page_context(1)) is None
    assert "Claim 2" in env.get_template("picky.html").render(page_context(2))  # whole, it renders
