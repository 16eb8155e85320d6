"""What pages the site has, where they live, and what they list.

`paths` holds every URL and docs path of DESIGN.md's page table; `taxonomy` indexes the cases
by narrative, keyword, country, language and outlet; `related` scores related cases with their
reasons; `chart` draws the bar charts; `pages` makes each generated page (HTML and its template
data) from all of these.
"""
