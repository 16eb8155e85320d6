"""Reading the repository into the model, and every problem found on the way.

In the order a load runs: `files` finds the content files (inside the repository, no links);
`frontmatter` (python-frontmatter's handler API over `yamlstrict`, with `yamlhints` for the
messages) splits and reads each file; `schema` and `fields` read each front-matter field;
`body` checks the body on the one Markdown parse (`debunk.render.commonmark`), whose HTML `load`
keeps on the case; `vocab`, `vocabfile`, `archives` and `domains` are the controlled
vocabularies; `batch` loads many case files on every core and caches them; `repository` loads
the whole repository into `Content`, which every later step reads. `dates`, `corrections`,
`held`, `history` and `linkstatus` read what decides a case's dates, its update log, whether it
is published yet, when it last changed and what the last link check found. `scaffold` writes
the one new file a contributor starts from (`debunk new`).
"""
