"""The core (`debunk`) never imports MkDocs: the adapter (`debunk_mkdocs`) is the only bridge."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from conftest import REPO_ROOT
from mkdocs.plugins import EVENTS

WALK = """
import importlib, json, pkgutil, sys
import debunk
names = [info.name for info in pkgutil.walk_packages(debunk.__path__, "debunk.")]
for name in names:
    importlib.import_module(name)
engines = sorted(m for m in sys.modules if m.split(".")[0] in ("mkdocs", "material", "debunk_mkdocs"))
print(json.dumps({"imported": names, "engines": engines}))
"""


def test_importing_every_core_module_leaves_mkdocs_and_the_adapter_out() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WALK], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    on_disk = {
        ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (REPO_ROOT / "debunk").rglob("*.py")
    }
    assert on_disk - {"debunk"} <= set(result["imported"])  # every module of the core was imported
    assert result["engines"] == []


def test_the_hook_file_only_imports_the_adapters_events() -> None:
    """MkDocs registers the `on_*` attributes of the hook module: the star import gives it all."""
    code = (
        "import importlib.util, json; from debunk_mkdocs import events\n"
        "spec = importlib.util.spec_from_file_location('hook', 'hooks/debunk_hooks.py')\n"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
        "mine = sorted(n for n in dir(module) if n.startswith('on_'))\n"
        "theirs = sorted(n for n in dir(events) if n.startswith('on_'))\n"
        "print(json.dumps([mine, theirs, all(getattr(module, n) is getattr(events, n) for n in theirs)]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    mine, theirs, same = json.loads(done.stdout)
    assert mine == theirs and same
    assert {"on_config", "on_files", "on_post_build"} <= set(mine) <= {f"on_{e}" for e in EVENTS}


def test_other_plugins_handlers_are_named_by_their_plugin() -> None:
    """`plugins.handler_origin` finds a plugin's bound method and a hook module's function
    through MkDocs' public `PluginCollection` (no private `_event_origins`)."""
    import types

    from mkdocs.plugins import BasePlugin, PluginCollection, event_priority

    from debunk_mkdocs.plugins import handler_origin

    class Stamp(BasePlugin):  # type: ignore[type-arg]
        @event_priority(50)
        def on_post_page(self, output: str, **kwargs: Any) -> str:
            return output

    hook = types.ModuleType("stamp_hook")
    hook.on_page_context = lambda context, **kwargs: context  # type: ignore[attr-defined]
    plugins = PluginCollection()
    plugins["stamp"] = Stamp()
    plugins["hooks/stamp.py"] = hook  # type: ignore[assignment]
    assert handler_origin(plugins, "post_page", plugins.events["post_page"][0]) == "stamp"
    assert handler_origin(plugins, "page_context", plugins.events["page_context"][0]) == "hooks/stamp.py"
