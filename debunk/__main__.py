"""`python3 -m debunk`: the `debunk` command, where the console script is not on the PATH."""

from __future__ import annotations

from debunk.cli import main

if __name__ == "__main__":  # importing the module (a walk over every module) runs nothing
    main()
