"""One build of the site: load, index, make pages, render, then prove nothing was lost.

`run` is the build (`load_build`, `generate_pages`, `render_all`, `finish`), which any engine's
adapter calls (`debunk_mkdocs` for MkDocs); `previous` is what one build hands the next in the
same process; `workers` runs shares of a job on every core; `store` and `pagecache` keep
results on disk under a digest of their inputs; `verify` proves every expected page was written
once; `preview` says what a `mkdocs serve` preview shows of the problems; `report` prints
problems; `progress`, `timing` and `collector` are feedback and the garbage collector's pauses.
"""
