"""Markdown and page HTML: one parse of each text, and the sanitiser as the last layer.

`commonmark` is the one Markdown parser: the rules check its tokens and it renders the same
tokens; `html` sanitises each generated page and reads its table of contents; `markup` makes
HTML for feeds and emails (links absolute) and plain text; `sanitize` is the nh3 allow-list
every page goes through last.
"""
