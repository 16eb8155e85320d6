"""Run the fuzz harness (tests/fuzz/fuzz_reader.py) briefly: ten seconds of atheris in CI.

Longer runs are by hand (see SECURITY.md). A failing input is written to the temporary folder
as `crash-*` and named in the output, to be added to `tests/fuzz/seeds/` once fixed.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

HARNESS = Path(__file__).parent / "fuzz" / "fuzz_reader.py"
SEEDS = Path(__file__).parent / "fuzz" / "seeds"
SECONDS = 10


def test_the_reader_and_renderer_survive_fuzzing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    if importlib.util.find_spec("atheris") is not None:
        command = [
            sys.executable,
            str(HARNESS),
            f"-max_total_time={SECONDS}",
            "-rss_limit_mb=2048",
            str(corpus),
        ]
    else:  # atheris has no wheel for this platform: hypothesis instead
        command = [sys.executable, str(HARNESS), "--hypothesis", "300"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Done" in output or "no failure" in output, output[-2000:]
    assert not list(tmp_path.glob("crash-*"))
