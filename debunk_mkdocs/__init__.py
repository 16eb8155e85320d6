"""The MkDocs adapter: debunk's build (`debunk`, which never imports MkDocs) as MkDocs events.

`events` holds the event functions (`hooks/debunk_hooks.py` imports them) and `state` what they
share. Pages outside the navigation are put through the theme by `theme_pages` (cache keys and
addresses in `theme_keys`, the shared frame of a template in `frames` and `frame_reads`); the
theme's indentation goes (`whitespace`), and the last site is deleted while the next is built
(`trash`). `plugins` finds the other plugins that debunk steps aside for.
"""
