"""Links out of the repository in `docs/`: MkDocs follows them and publishes what they point at.

Content folders refuse every link (`debunk.content.load`, `debunk.content.vocab`). Hand-written pages may link
within the repository (`docs/contributing.md -> ../CONTRIBUTING.md` is common), but a link that
leaves it would publish a file of the build machine, so it is an error.
"""

from __future__ import annotations

import os
from pathlib import Path

from debunk.model import Problem


def check_docs_links(docs_dir: Path, root: Path) -> list[Problem]:
    """A problem for every file or folder under `docs_dir` that is a link resolving outside `root`."""
    real_root = root.resolve()
    problems = []
    for folder, names, files in os.walk(docs_dir):
        for name in sorted(names + files):
            path = Path(folder) / name
            if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
                message = "is a symbolic link out of the repository; copy the file in instead"
                problems.append(Problem(rel, 0, "file", message))
        names.sort()
    return sorted(problems)
