"""Which other plugins and hooks handle MkDocs events: debunk steps aside for them.

Found through MkDocs' public objects only: `config.plugins` maps each plugin's (or hook file's)
name to the plugin, and `config.plugins.events` lists the handlers of each event.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")
NAV_EVENTS = ("files", "nav")
"""A plugin handling these may put a generated page into the navigation, which `nav_paths`
would not know: the generated pages then stay with MkDocs."""


def enabled(config: MkDocsConfig, own_module: str) -> tuple[bool, str]:
    """Whether debunk renders the pages outside the navigation, and why not when it does not."""
    if os.environ.get("DEBUNK_THEME_PAGES", "").strip().lower() == "mkdocs":
        return False, "DEBUNK_THEME_PAGES=mkdocs"
    foreign = foreign_handlers(config, own_module, PAGE_EVENTS)
    if foreign:
        return False, f"plugins that handle page events: {', '.join(foreign)}"
    foreign = foreign_handlers(config, own_module, NAV_EVENTS)
    if foreign:
        return False, f"plugins that handle the files or the navigation: {', '.join(foreign)}"
    if config.nav is None:
        return False, "no `nav` in mkdocs.yml: MkDocs puts every page in the navigation"
    return True, ""


def foreign_handlers(config: MkDocsConfig, own_module: str, events: Iterable[str]) -> list[str]:
    """The plugins and hooks whose handlers of any of the events are not `own_module`'s functions."""
    return sorted(
        {
            handler_origin(config.plugins, event, method)
            for event in events
            for method in config.plugins.events[event]
            if getattr(method, "__module__", None) != own_module
        }
    )


def handler_origin(plugins: Mapping[str, Any], event: str, method: Callable[..., Any]) -> str:
    """The name under which `plugins` holds the plugin (or hook module) that registered `method`.

    MkDocs registers `getattr(plugin, "on_<event>")`: a plugin's bound method (its `__self__` is
    the plugin) or a hook module's function (the module's attribute itself). A handler of an
    `event_priority` combination (`CombinedEvent`) is found by its bound method's owner too.
    """
    owner = getattr(method, "__self__", None)
    for name, plugin in plugins.items():
        if plugin is owner or getattr(plugin, f"on_{event}", None) is method:
            return name
    return str(getattr(method, "__module__", None) or "?")
