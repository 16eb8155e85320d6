"""The search index: Pagefind over the built case pages, as static files.

`indexed` cuts each case page down to what is indexed; `shards` plans the index's shards and
reuses unchanged ones from the cache; `runs` runs Pagefind; `pagefind` finds the binary and
puts it together; `bundle` rewrites Pagefind's files (reproducible, smaller, filters in the
buckets of `filters`); `page` writes what the search page needs to load; `search_worker.js`
is the worker the search page runs.
"""
