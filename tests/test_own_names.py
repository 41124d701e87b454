"""The site's own ids and classes (RESERVED_NAME) are kept out of what content makes, by the build
itself and not only by the check: the page Markdown's attribute lists (generator/model/attrs.py)
never set one but where a template does, and a content fragment loses them in the sanitizer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from support import ROOT

from generator.api import build
from generator.check.markup import EXTENSION_CONFIGS, EXTENSIONS
from generator.load.loader import split_front_matter
from generator.model.attrs import TEMPLATE_NAMES
from generator.model.syntax import RESERVED_NAME
from generator.render.markdown import render
from generator.render.sanitize import sanitize

HOSTILE = "[a](https://example.org){: #hbQuizReady .hb-quiz .mine } [b](https://example.org){: #turn-2 .md-typeset }\n\n## Turn two {#turn-2 .hb-quiz}\n\nText.\n{: #hbProgress .hbCredit }"


def _site_markdown(attr_list: str) -> markdown.Markdown:
    """The site's Markdown (mkdocs.yml), or with ``attr_list`` Python-Markdown's own and toc's own slugify."""
    extensions: list[Any] = [attr_list if e == "generator.model.attrs" else e for e in EXTENSIONS]
    configs = EXTENSION_CONFIGS if attr_list == "generator.model.attrs" else {"toc": {k: v for k, v in EXTENSION_CONFIGS["toc"].items() if k != "slugify"}}
    return markdown.Markdown(extensions=extensions, extension_configs=configs, output_format="html")


def test_a_heading_never_takes_one_of_the_sites_ids() -> None:
    """Markdown names a heading's anchor after its words: "Turn 2" would take a dialogue's turn-2."""
    md = _site_markdown("generator.model.attrs")
    html = md.convert("## Turn 2\n\n## Hb quiz\n\n## Md typeset\n\n## Your data\n\n## Figure 1\n\n## Fear of going low")
    assert [i for i in re.findall(r'<h2 id="([^"]*)"', html) if RESERVED_NAME.fullmatch(i)] == []
    assert 'id="section-turn-2"' in html and 'id="fear-of-going-low"' in html
    assert 'id="turn-2"' in _site_markdown("attr_list").convert("## Turn 2")  # what toc alone would have made


def test_mkdocs_yml_reads_attribute_lists_with_the_sites_own_extension() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert "generator.model.attrs" in names and "attr_list" not in names


def test_a_fragment_past_the_check_comes_out_without_the_sites_names() -> None:
    html = _site_markdown("generator.model.attrs").convert(HOSTILE)
    for name in ("hbQuizReady", "hb-quiz", "turn-2", "md-typeset", "hbProgress", "hbCredit"):
        assert name not in html, (name, html)
    assert 'class="mine"' in html and "<h2" in html  # the rest of the attribute list, and the heading, stay
    plain = _site_markdown("attr_list").convert(HOSTILE)
    assert 'id="hbQuizReady"' in plain and 'id="turn-2"' in plain  # what attr_list alone would have set


# One name of each kind the templates set, with the heading they set it on.
TEMPLATE_USES = [("h1", "#page-title"), ("h2", "#check-your-understanding"), ("h2", "#decision-rules"), ("h3", "#rule-teach-back"), ("h3", "#slip-lecture"), ("h3", "#figure-box"), ("h3", "#card-hcp"), ("h3", ".hb-rp-card")]


@pytest.mark.parametrize(("tag", "key"), TEMPLATE_USES)
def test_the_templates_names_are_kept_on_their_own_heading_only(tag: str, key: str) -> None:
    level = int(tag[1])
    md = _site_markdown("generator.model.attrs")
    assert key[1:] in md.convert(f"{'#' * level} Title {{: {key} }}")
    for other in (f"{'#' * (level % 6 + 1)} Title {{: {key} }}", f"Text\n{{: {key} }}", f"[a](b){{: {key} }}"):
        md.reset()
        html = md.convert(other)
        assert f'="{key[1:]}"' not in html and "{:" not in html, html
    assert all(RESERVED_NAME.fullmatch(key[1:]) and TEMPLATE_NAMES[tag].fullmatch(key[1:]) for tag, key in TEMPLATE_USES)


def _bodies() -> list[tuple[str, str]]:
    pages = [(page.src, page.markdown) for page in build(ROOT).pages]
    pages += [(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8")) for p in sorted((ROOT / "docs").rglob("*.md"))]
    out = []
    for src, text in pages:
        parts = split_front_matter(text)
        out.append((src, parts[1] if parts is not None else text))
    return out


def test_the_real_site_loses_nothing() -> None:
    """Every generated page and docs/ page converts exactly as with plain attr_list."""
    ours, theirs = _site_markdown("generator.model.attrs"), _site_markdown("attr_list")
    bodies = _bodies()
    assert len(bodies) > 100
    changed = []
    for src, body in bodies:
        ours.reset()
        theirs.reset()
        if ours.convert(body) != theirs.convert(body):
            changed.append(src)
    assert changed == []


def test_a_content_fragment_loses_the_sites_names_in_the_sanitizer() -> None:
    fragment = '<h2 id="turn-2" class="hb-quiz mine md-typeset">t</h2><a id="hbQuizReady" class="hbCredit" href="x">a</a><p id="mine" class="__x">p</p>'
    assert sanitize(fragment, content=True) == '<h2 class="mine">t</h2><a href="x">a</a><p id="mine">p</p>'
    assert sanitize(fragment) == fragment  # a page body keeps them: its templates use them
    assert 'id="hbQuizReady"' not in str(render("[a](x){: #hbQuizReady }\n\n## H {#turn-2}"))  # fields: no attribute lists at all


def test_reserved_is_one_definition() -> None:
    """The check, the page Markdown and the sanitizer read the same pattern."""
    import generator.check.markup as check
    import generator.model.attrs as attrs
    import generator.render.sanitize as sanitizer

    assert check.RESERVED_NAME is attrs.RESERVED_NAME is sanitizer.RESERVED_NAME is RESERVED_NAME
    assert Path(attrs.__file__).is_file()
