"""What is checked beyond one field: the rules across files, and the pull-request check.

`text` and `urls` are the rules on plain-text values and URLs that the field readers apply;
`validate` checks the loaded repository as a whole (ids, references, one source per URL,
near-duplicate titles); `collisions` and `symlinks` check the site's inputs and outputs;
`changes` and `prcheck` say what a pull request changed and what needs review.
"""
