"""Fuzz the case reader and the body renderer: coverage-guided with atheris, else hypothesis.

Every input is a case file. The harness fails (and libFuzzer saves the input as `crash-*`) when:
- reading, validating or loading it raises anything: it must give a case or problems;
- a body the validator accepts renders, with the site's Markdown, into anything that could run
  script or load from another site (the validator alone must keep script out);
- the sanitiser is not idempotent, or leaves script or a remote load in any rendered body.

Briefly in CI (tests/test_fuzz.py, ~10 s); for longer, by hand:

    python tests/fuzz/fuzz_reader.py -max_total_time=3600 /tmp/fuzz-corpus tests/fuzz/seeds
    python tests/fuzz/fuzz_reader.py --hypothesis 100000    # where atheris does not install
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
sys.path[:0] = [str(TESTS.parent), str(TESTS)]

try:
    import atheris
except ImportError:  # pragma: no cover - depends on the machine
    atheris = None

if atheris is not None:
    with atheris.instrument_imports(include=["debunk"]):
        from debunk.content.body import parse_body
        from debunk.content.frontmatter import Document, read_document
        from debunk.content.load import load_case
        from debunk.content.vocab import load_vocabularies
        from debunk.render.sanitize import sanitize_html
else:  # pragma: no cover
    from debunk.content.body import parse_body
    from debunk.content.frontmatter import Document, read_document
    from debunk.content.load import load_case
    from debunk.content.vocab import load_vocabularies
    from debunk.render.sanitize import sanitize_html

from hostile import live_script, remote_resources  # noqa: E402

FORMAT = TESTS / "fixtures" / "format"
CASE = "cases/2023/2023-06-01-fuzzed-case.md"
_ROOT = Path(tempfile.mkdtemp(prefix="debunk-fuzz-")) / "repo"
shutil.copytree(FORMAT, _ROOT)
_VOCABULARIES = load_vocabularies(_ROOT)


def _render(text: str) -> str:
    from debunk.render.commonmark import render_text

    return render_text(text, "cases/2023/x.md").html


def check(data: bytes) -> None:
    """One input through the reader, the validator and the renderer; raise on any broken promise."""
    path = _ROOT / CASE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    case, problems = load_case(path, _ROOT, _VOCABULARIES)
    assert case is not None or problems, "no case and no problem"
    document = read_document(data)
    text = document.body if isinstance(document, Document) else data.decode("utf-8", "replace")
    rendered = _render(text)
    if not parse_body(text, structured=False).problems:
        unsafe = live_script(rendered) + remote_resources(rendered)
        assert not unsafe, f"the validator accepted a body that renders {unsafe}"
    clean = sanitize_html(rendered)
    assert sanitize_html(clean) == clean, "sanitising is not idempotent"
    assert not live_script(clean) and not remote_resources(clean), "the sanitiser left script"


def _run_hypothesis(examples: int) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from test_properties import markup

    @settings(max_examples=examples, deadline=None, database=None)
    @given(st.binary(max_size=4000) | markup.map(lambda text: f"---\ntitle: x\n---\n{text}".encode()))
    def fuzz(data: bytes) -> None:
        check(data)

    fuzz()
    print(f"hypothesis: {examples} examples, no failure")


def main() -> None:
    if "--hypothesis" in sys.argv or atheris is None:
        count = sys.argv[sys.argv.index("--hypothesis") + 1] if "--hypothesis" in sys.argv else "2000"
        _run_hypothesis(int(count))
        return
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
