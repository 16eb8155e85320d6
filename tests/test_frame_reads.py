"""What the shared part of a template reads (debunk_mkdocs/frame_reads.py) decides which pages
share a frame: every read the template makes outside the page's blocks must be found."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from debunk_mkdocs.frame_reads import Read, combine, template_reads
from debunk_mkdocs.frame_values import read_values


def reads(source: str, holes: tuple[str, ...] = ("container",), **others: str) -> set[str]:
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": source, **others}))
    names = ["t.html", *others]
    analyses = [template_reads(env, name, holes if name == "t.html" else ()) for name in names]
    found = combine(analyses, frozenset())
    return {".".join(map(str, r.path)) + ("" if r.use == "value" else f" ({r.use})") for r in found}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ page.meta.flag }}", {"page.meta.flag"}),
        ("{% if page.meta.flag %}x{% endif %}", {"page.meta.flag (truth)"}),
        ("{{ 'a' if page and page.meta.flag else 'b' }}", {"page (truth)", "page.meta.flag (truth)"}),
        ('{{ page.meta.get("flag") }}', {"page.meta.flag"}),
        ('{{ config.extra["x"].y }}', {"config.extra.x.y"}),
        ("{{ page.meta[name] }}", {"page.meta", "name"}),
        ("{{ page.meta.items() }}", {"page.meta"}),
        ("{{ page.title | upper }}", {"page.title"}),
        ("{% if page.toc | first is defined %}x{% endif %}", {"page.toc.0 (defined)"}),
        ("{% set skip = page.toc | first %}{{ skip.url }}", {"skip.url", "page.toc.0.url"}),
        ("{% set n = page.meta.n ~ '!' %}{{ n }}", {"page.meta.n", "n"}),
        ("{% for item in nav %}{{ item.title }}{% endfor %}", {"nav", "item.title"}),
        ("{% block container %}{{ page.content }}{% endblock %}{{ config.site_name }}", {"config.site_name"}),
        ("{% block container %}{% block content %}{{ page.x }}{% endblock %}{% endblock %}", set()),
    ],
)
def test_every_read_outside_the_page_blocks_is_found(source: str, expected: set[str]) -> None:
    assert reads(source) == expected


def test_a_variable_set_in_one_template_is_read_where_an_included_one_uses_it() -> None:
    parent = '{% set flag = page.meta.flag %}{% include "footer.html" %}'
    found = reads(parent, **{"footer.html": "{{ flag.on }}"})
    assert "page.meta.flag.on" in found


def test_a_variable_the_frame_sets_is_read_where_a_page_block_uses_it() -> None:
    """The page's blocks get the variables the frame set (`frames.Hole`): those are keyed too."""
    found = reads("{% set skip = page.toc | first %}{% block container %}{{ skip.title }}{% endblock %}")
    assert found == {"page.toc.0.title"}


def context(flag: object, title: str = "A") -> dict[str, Any]:
    return {"page": {"meta": {"flag": flag, "title": title}, "toc": [{"url": "#claim"}]}, "nav": ["x"]}


def test_pages_compare_equal_only_on_what_is_read() -> None:
    env = jinja2.Environment()
    read = [Read(("page", "meta", "flag"), ("item", "item"))]
    assert read_values(env, read, context(True, "A")) == read_values(env, read, context(True, "B"))
    assert read_values(env, read, context(True)) != read_values(env, read, context(False))
    truth = [Read(("page", "meta", "flag"), ("item", "item"), "truth")]
    assert read_values(env, truth, context("yes")) == read_values(env, truth, context("other"))
    assert read_values(env, truth, context("yes")) != read_values(env, truth, context(""))
    first = [Read(("page", "toc", 0, "url"), ("item", "first", "item"))]
    assert read_values(env, first, context(1)) == ((("str", "#claim"),))
    missing = [Read(("page", "nothing", "deeper"), ("attr", "attr"))]
    assert read_values(env, missing, context(1)) == (("NoneType", None),)
