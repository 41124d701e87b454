"""generator/render/embed_links.py: on an embed page, links that leave the page open in a new tab and
say so; places on the page, links that already say where they open, and anything outside the
article are left alone (the browser test is tests/browser/test_embed_elsewhere.py)."""

from __future__ import annotations

from generator.render.embed_links import NEW_TAB, open_in_new_tab

PAGE = (
    '<header><a href="../../">Home</a></header>'
    '<article class="md-content__inner md-typeset">'
    '<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1>'
    '<p><a href="../../../codebook/#slip-lecture" rel="nofollow">a slip</a> and <a class="x" href="https://doi.org/10.1/x">a paper</a></p>'
    '<p><a href="../../../dialogues/d/" target="_blank" rel="noopener">Open in the handbook</a><a id="anchor-only"></a></p>'
    "</article>"
    '<footer><a href="../../about/">About</a></footer>'
)


def test_links_leaving_the_page_open_in_a_new_tab_and_say_so() -> None:
    out = open_in_new_tab(PAGE)
    assert f'<a href="../../../codebook/#slip-lecture" target="_blank" rel="noopener">a slip{NEW_TAB}</a>' in out
    assert f'<a class="x" href="https://doi.org/10.1/x" target="_blank" rel="noopener">a paper{NEW_TAB}</a>' in out
    assert out.count(NEW_TAB) == 2


def test_places_on_the_page_links_that_say_where_they_open_and_the_page_around_stay() -> None:
    out = open_in_new_tab(PAGE)
    for kept in (
        '<a class="headerlink" href="#t">¶</a>',
        '<a href="../../../dialogues/d/" target="_blank" rel="noopener">Open in the handbook</a>',
        '<a id="anchor-only"></a>',
        '<header><a href="../../">Home</a></header>',
        '<footer><a href="../../about/">About</a></footer>',
    ):
        assert kept in out
    assert open_in_new_tab("<p>no article</p>") == "<p>no article</p>"
