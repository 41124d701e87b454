"""Budgets and quality gates (issue 8): each gate passes on the real site and fails on a bad fixture."""

from __future__ import annotations

import os
import random
from pathlib import Path

import gates
import pytest
from support import build_site

GOOD_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="../assets/handbook.css"></head>
<body><h2 id="here">Here</h2><a href="#here">self</a><a href="../other/">other</a>
<a href="../other/#part">part</a><a href="https://example.org/">outside links are fine</a>
<script src="../assets/handbook.js"></script></body></html>"""
OTHER_PAGE = '<!doctype html><html lang="en"><head><title>o</title></head><body><p id="part">x</p></body></html>'


def make_site(root: Path, pages: dict[str, str], assets: dict[str, bytes] | None = None) -> Path:
    """A tiny built site: {relative path: html} plus files in assets/."""
    for rel, html in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(html, encoding="utf-8")
    (root / "assets").mkdir(exist_ok=True)
    for name, data in (assets or {"handbook.js": b"// ok\n", "handbook.css": b".hb-x{color:red}\n"}).items():
        (root / "assets" / name).write_bytes(data)
    return root


@pytest.fixture
def good_site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {"page/index.html": GOOD_PAGE, "other/index.html": OTHER_PAGE})


# --- the real site -----------------------------------------------------------------------------------


def test_real_site_passes_every_static_gate(site: tuple[Path, str]) -> None:
    site_dir, base = site
    found = gates.all_static_gates(site_dir, base)
    assert {gate: problems for gate, problems in found.items() if problems} == {}


def test_real_site_link_gate_sees_the_links(site_dir: Path) -> None:
    """The link gate is not vacuous: the site has many internal links and fragments to check."""
    pages = [gates.parse_html(p.read_text(encoding="utf-8")) for p in gates.html_pages(site_dir)]
    assert len(pages) >= 25
    assert sum(1 for page in pages for _, _, value in page.links if "#" in value and not value.startswith("http")) > 50


def test_real_site_is_valid_html(site_dir: Path) -> None:
    assert gates.check_vnu(gates.vnu_messages(site_dir), site_dir) == []


def test_two_builds_of_the_same_tree_are_identical(site: tuple[Path, str], tmp_path: Path) -> None:
    site_dir, base = site
    result = build_site(tmp_path / "again", base)
    assert result.returncode == 0, result.stderr
    assert gates.diff_trees(site_dir, tmp_path / "again") == []


# --- each gate fails on a bad input ------------------------------------------------------------------


def test_fixture_site_passes(good_site: Path) -> None:
    found = gates.all_static_gates(good_site, "http://127.0.0.1:8000/")
    assert sorted(found) == ["asset budget", "external requests", "inline code", "links", "page budget", "skip links"]
    assert {gate: problems for gate, problems in found.items() if problems} == {}


def test_asset_budget_counts_what_each_page_loads(tmp_path: Path) -> None:
    """Per page: a heavy script fails only the page that loads it, not every page of the site."""
    noise = random.Random(8).randbytes(11 * 1024)  # incompressible: 11 KB stays 11 KB gzipped
    heavy = GOOD_PAGE.replace("</body>", '<script src="../assets/review.js" defer></script></body>')
    pages = {"review/index.html": heavy, "page/index.html": GOOD_PAGE, "other/index.html": OTHER_PAGE}
    site = make_site(tmp_path, pages, {"handbook.js": b"//x", "handbook.css": b".a{}", "review.js": noise})
    (problem,) = gates.check_asset_budget(site)
    assert problem.startswith("review/index.html: loads ") and "budget 10240 B" in problem
    assert "handbook.js" in problem and "handbook.css" in problem and "review.js" in problem


def test_asset_budget_resolves_root_relative_and_repeated_references(tmp_path: Path) -> None:
    noise = random.Random(9).randbytes(6 * 1024)
    page = GOOD_PAGE.replace("</body>", '<script src="/assets/a.js"></script><script src="../assets/b.js"></script><script src="../assets/b.js"></script></body>')
    site = make_site(tmp_path, {"page/index.html": page}, {"a.js": noise, "b.js": noise[::-1]})
    (problem,) = gates.check_asset_budget(site)
    assert "a.js" in problem and problem.count("b.js") == 1  # 12 KB over two files, b.js counted once


def test_asset_budget_ignores_materials_assets(tmp_path: Path) -> None:
    page = GOOD_PAGE.replace("</body>", '<script src="../assets/javascripts/bundle.js"></script></body>')
    site = make_site(tmp_path, {"page/index.html": page})
    (site / "assets" / "javascripts").mkdir()
    (site / "assets" / "javascripts" / "bundle.js").write_bytes(random.Random(1).randbytes(50_000))
    assert gates.check_asset_budget(site) == []


def test_asset_budget_is_not_vacuous(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"index.html": OTHER_PAGE})
    assert gates.check_asset_budget(site) == ["no page loads the handbook's own JS/CSS (the budget gate would check nothing)"]
    (site / "assets" / "handbook.js").unlink()
    (site / "assets" / "handbook.css").unlink()
    (problem,) = gates.check_asset_budget(site)
    assert problem.startswith("no handbook JS/CSS found")


def test_inline_style_and_script_are_refused(tmp_path: Path) -> None:
    page = GOOD_PAGE.replace("</body>", "<style>.hb-x{color:red}</style><script>console.log(1)</script></body>")
    page = page.replace("<head>", '<head><script>__md_scope=new URL(".",location)</script>')  # Material's: allowed
    problems = gates.check_no_inline_code(make_site(tmp_path, {"index.html": page}))
    assert len(problems) == 2
    assert "<style>" in problems[0] and "console.log" in problems[1]


def test_page_budget_fails_on_a_heavy_page(tmp_path: Path) -> None:
    heavy = GOOD_PAGE.replace("</body>", random.Random(2).randbytes(50_000).hex() + "</body>")
    (problem,) = gates.check_page_budget(make_site(tmp_path, {"big/index.html": heavy}))
    assert problem.startswith("big/index.html:") and "budget 40960 B" in problem


@pytest.mark.parametrize(
    "bad",
    [
        '<script src="https://cdn.example.com/x.js"></script>',
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">',
        '<img src="http://example.com/a.png" alt="">',
        '<img srcset="a.png 1x, https://example.com/b.png 2x" alt="">',
        '<iframe src="https://www.youtube.com/embed/x" title="v"></iframe>',
        '<div style="background:url(https://example.com/bg.png)"></div>',
    ],
)
def test_external_request_in_html_is_found(tmp_path: Path, bad: str) -> None:
    site = make_site(tmp_path, {"index.html": GOOD_PAGE.replace("</body>", bad + "</body>")})
    (problem,) = gates.check_no_external_requests(site)
    assert problem.startswith("index.html: loads ")


def test_external_request_in_css_and_own_js_is_found(tmp_path: Path) -> None:
    assets = {
        "handbook.css": b"@import 'https://fonts.example/x.css';\n.a{background:url(\"https://cdn.example/i.png\")}",
        "handbook.js": b"fetch('https://api.example.com/track')",
    }
    problems = gates.check_no_external_requests(make_site(tmp_path, {"index.html": OTHER_PAGE}, assets))
    assert len(problems) == 3


def test_broken_links_and_anchors_are_found(tmp_path: Path) -> None:
    bad = GOOD_PAGE.replace(
        "</body>",
        '<a href="../missing/">gone</a><a href="#nowhere">x</a><a href="../other/#absent">y</a>'
        '<a href="http://127.0.0.1:8000/gone.html">canonical-style</a><img src="../assets/nope.png" alt=""></body>',
    )
    problems = gates.check_links(make_site(tmp_path, {"page/index.html": bad, "other/index.html": OTHER_PAGE}))
    assert [p.split(": ", 1)[1] for p in problems] == [
        "<a href='../missing/'> points to a missing file",
        "<a href='#nowhere'>: no id 'nowhere' on page/index.html",
        "<a href='../other/#absent'>: no id 'absent' on other/index.html",
        "<a href='http://127.0.0.1:8000/gone.html'> points to a missing file",
        "<img src='../assets/nope.png'> points to a missing file",
    ]


@pytest.mark.slow  # starts java
def test_vnu_finds_errors_in_a_bad_page_but_not_materials_stock_one(tmp_path: Path) -> None:
    bad = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
        '<input type="checkbox" id="mine" autocomplete="off">'
        '<div id="a"></div><div id="a"><li>orphan</li></div></body></html>'
    )
    make_site(tmp_path, {"bad.html": bad})
    problems = gates.check_vnu(gates.vnu_messages(tmp_path), tmp_path)
    assert any("autocomplete" in p and 'id="mine"' in p for p in problems)  # ours: reported
    assert not any("__drawer" in p for p in problems)  # Material's stock toggle: tolerated
    assert any("Duplicate ID" in p for p in problems)
    assert any("“li”" in p for p in problems)
    assert all(p.startswith("bad.html:") for p in problems)


def test_diff_trees_finds_changed_missing_and_extra_files(tmp_path: Path) -> None:
    a = make_site(tmp_path / "a", {"index.html": OTHER_PAGE, "x/index.html": OTHER_PAGE})
    b = make_site(tmp_path / "b", {"index.html": OTHER_PAGE.replace("x", "y"), "z/index.html": OTHER_PAGE})
    for tree, date in ((a, "2024-01-01"), (b, "2025-06-30")):
        (tree / "sitemap.xml").write_text(f"<url><loc>u</loc><lastmod>{date}</lastmod></url>")
    assert gates.diff_trees(a, b) == ["only in first build: x/index.html", "only in second build: z/index.html", "differs: index.html"]
    os.remove(b / "index.html")
    assert "only in first build: index.html" in gates.diff_trees(a, b)


SKIP_PAGE = """<!doctype html><html lang="en"><head><title>s</title></head><body>
<a href="#{target}" class="md-skip">Skip to content</a><main><article class="md-content__inner md-typeset">
<a href="edit" title="Edit this page" class="md-content__button md-icon"><svg></svg></a>
<h1 id="page-title">Title</h1><p>Introduction</p><h2 id="later">Later</h2></article></main></body></html>"""


def test_skip_link_gate_accepts_the_title_and_refuses_a_later_heading(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"good/index.html": SKIP_PAGE.format(target="page-title"), "bad/index.html": SKIP_PAGE.format(target="later")})
    problems = gates.check_skip_links(site)
    assert len(problems) == 1 and problems[0].startswith("bad/index.html: skip link goes to #later")
    (site / "none").mkdir()
    (site / "none" / "index.html").write_text(SKIP_PAGE.replace('<a href="#{target}" class="md-skip">Skip to content</a>', ""), encoding="utf-8")
    assert any(p.startswith("none/index.html: no skip link") for p in gates.check_skip_links(site))
