"""What the site offers beyond its pages: feeds, sitemap, structured data and downloads.

`feeds` (Atom and JSON Feed), `sitemap`, `claimreview` (schema.org JSON-LD and its feed),
`opendata` (what the open data is: columns, data package) with `export` writing it, `api`
(JSON per case and per term), `cite` (CSL-JSON, BibTeX, RIS), and `outputs`, which lets a
command replace only the files it wrote itself.
"""
