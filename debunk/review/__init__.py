"""The weekly review: which cases, grouped and compared, as pages and as an email.

`files` reads `reviews/<key>.md` (the selection and the editor's introduction); `selection`
picks the cases of one week or issue; `digest` groups, counts and compares them; `pages` makes
the review pages and the archive; `email` the HTML email and its plain-text twin.
"""
