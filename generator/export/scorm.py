"""SCORM 1.2 packages: the imsmanifest.xml and the package's files, cut out of a site built with
mkdocs.scorm.yml (tools/scorm.py builds it and calls these functions; `make scorm`).

A module's package holds its page (the SCO, launched first), the dialogues it links to (front matter
`dialogues:` and links in its text), the references page when it cites, and every file these pages
load. The whole-handbook package holds every page, with one SCO per module (a module without a
self-check, the quick reference, is a SCO that reports itself completed once open). Links to pages that are
not in the package lead to the published site (when its address is known) or become plain text; on a SCO
page, links to other pages of the package open in a new window, so the SCO (and its LMS session)
stays open.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from generator.export.xmldoc import document
from generator.model.book import Handbook, ModuleDoc
from generator.model.branching import branches
from generator.outputs import GeneratedAsset
from generator.render import routes
from generator.render.markdown import plain
from generator.render.routes import SCORM_FOLDER
from generator.settings import SCORM_HANDBOOK, SCORM_MASTERY

NS = {
    "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
# Pages a package never takes from the site: not for learners, or made for a web server.
NOT_PACKAGED = re.compile(r"^(404\.html|sitemap\.xml(\.gz)?|course\.json|downloads/|search/)")
_ATTR = re.compile(r'\s(href|src)="([^"]*)"')
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
_A_ELEMENT = re.compile(r"(<a\b[^>]*>)(.*?)</a>", re.S)  # links never nest
_PREV_NEXT = re.compile(r'<link rel="(?:prev|next)" href="([^"]*)">\s*')
_DIALOGUE_LINK = re.compile(r"^dialogues/([a-z0-9-]+)\.html$")

for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


def _q(tag: str) -> str:
    prefix, _, name = tag.rpartition(":")
    return f"{{{NS[prefix]}}}{name}"


@dataclass(frozen=True)
class Sco:
    """One item of the package's organization: a page the LMS launches, a SCO. ``mastery`` None is
    an item with no ``adlcp:masteryscore``, which the adapter reports *completed*: a page without a
    self-check (the quick reference) once it is open, a branching dialogue once an ending is reached."""

    id: str
    title: str
    href: str
    mastery: int | None


@dataclass(frozen=True)
class Package:
    """A package's name (its zip is ``<name>.zip``), title, items in order and the site files it holds."""

    name: str
    title: str
    description: str
    items: tuple[Sco, ...]
    pages: frozenset[str]


def manifest_xml(package: Package, files: Iterable[str]) -> bytes:
    """imsmanifest.xml for SCORM 1.2: one organization with the items in order, one resource per
    item (its page) depending on one shared resource with every other file."""
    root = ET.Element(_q("manifest"), {"identifier": f"hb-{package.name}", "version": "1.0"})
    meta = ET.SubElement(root, _q("metadata"))
    ET.SubElement(meta, _q("schema")).text = "ADL SCORM"
    ET.SubElement(meta, _q("schemaversion")).text = "1.2"
    general = ET.SubElement(ET.SubElement(meta, _q("imsmd:lom")), _q("imsmd:general"))
    for field, text in (("title", package.title), ("description", package.description)):
        ET.SubElement(ET.SubElement(general, _q(f"imsmd:{field}")), _q("imsmd:langstring"), {XML_LANG: "en"}).text = text
    orgs = ET.SubElement(root, _q("organizations"), {"default": "org"})
    org = ET.SubElement(orgs, _q("organization"), {"identifier": "org"})
    ET.SubElement(org, _q("title")).text = package.title
    for sco in package.items:
        item = ET.SubElement(org, _q("item"), {"identifier": f"item-{sco.id}", "identifierref": f"res-{sco.id}", "isvisible": "true"})
        ET.SubElement(item, _q("title")).text = sco.title
        if sco.mastery is not None:
            ET.SubElement(item, _q("adlcp:masteryscore")).text = str(sco.mastery)
    resources = ET.SubElement(root, _q("resources"))
    launch = {sco.href for sco in package.items}
    for sco in package.items:
        res = ET.SubElement(resources, _q("resource"), {"identifier": f"res-{sco.id}", "type": "webcontent", _q("adlcp:scormtype"): "sco", "href": sco.href})
        ET.SubElement(res, _q("file"), {"href": sco.href})
        ET.SubElement(res, _q("dependency"), {"identifierref": "res-files"})
    shared = ET.SubElement(resources, _q("resource"), {"identifier": "res-files", "type": "webcontent", _q("adlcp:scormtype"): "asset"})
    for path in sorted(set(files) - launch):
        ET.SubElement(shared, _q("file"), {"href": path})
    ET.indent(root)
    return document(root).encode("utf-8")


def local_target(page: str, ref: str) -> str | None:
    """The site file a reference on ``page`` points to (no query or fragment), or None when it
    leads to another host, is a data:/mailto: address, or stays on the page (#fragment)."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))


def references(site: Path, path: str) -> set[str]:
    """Files of the site that ``path`` refers to (HTML href/src, CSS url())."""
    text = (site / path).read_text(encoding="utf-8", errors="replace")
    refs = [m.group(2) for m in _ATTR.finditer(text)] if path.endswith(".html") else _CSS_URL.findall(text) if path.endswith(".css") else []
    found = {local_target(path, ref) for ref in refs}
    return {t for t in found if t and not t.startswith("..") and (site / t).is_file()}


def closure(site: Path, pages: Iterable[str]) -> set[str]:
    """``pages`` and every non-page file they load, followed through stylesheets."""
    keep = set(pages)
    todo = list(keep)
    while todo:
        for target in references(site, todo.pop()):
            if target not in keep and not target.endswith(".html") and not NOT_PACKAGED.match(target):
                keep.add(target)
                todo.append(target)
    return keep


def rewrite_links(html: str, page: str, inside: frozenset[str], *, sco: bool, site_url: str) -> str:
    """Links to files outside the package (``inside``: every file it holds) go to the published
    site in a new window, or become plain text when the site's address is unknown, and
    `<link rel=prev/next>` to them go; on a SCO page, links to other pages of the package open in a
    new window."""

    def fix(m: re.Match[str]) -> str:
        tag, text = m.group(1), m.group(2)
        href = re.search(r'\shref="([^"]*)"', tag)
        target = local_target(page, href.group(1)) if href else None
        if href is None or target is None or target == page or (target in inside and not target.endswith(".html")):
            return m.group(0)
        fragment = href.group(1).partition("#")[2]
        tag = re.sub(r'\s(target|rel)="[^"]*"', "", tag)
        if target in inside:
            return (tag[:-1] + ' target="_blank" rel="noopener">' if sco else tag) + text + "</a>"
        if not site_url:
            return text
        if target == "index.html" or target.endswith("/index.html"):
            target = target.removesuffix("index.html")  # the published site has directory URLs
        elif target.endswith(".html"):
            target = target.removesuffix(".html") + "/"
        published = site_url.rstrip("/") + "/" + target + (f"#{fragment}" if fragment else "")
        return tag.replace(href.group(0), f' href="{published}"')[:-1] + ' target="_blank" rel="noopener">' + text + "</a>"

    def drop(m: re.Match[str]) -> str:
        return m.group(0) if local_target(page, m.group(1)) in inside else ""

    return _A_ELEMENT.sub(fix, _PREV_NEXT.sub(drop, html))


def published(zips: Iterable[Path]) -> list[GeneratedAsset]:
    """The packages `make scorm` wrote, at downloads/scorm/ on the site."""
    return [GeneratedAsset(f"{SCORM_FOLDER}/{z.name}", z.read_bytes()) for z in sorted(zips)]


def package_files(site: Path, package: Package, *, site_url: str = "") -> dict[str, bytes]:
    """Every file of the package by its path in the zip, imsmanifest.xml included."""
    files = closure(site, package.pages)
    inside = frozenset(files)
    scos = {sco.href for sco in package.items}
    out: dict[str, bytes] = {}
    for path in sorted(files):
        data = (site / path).read_bytes()
        if path.endswith(".html"):
            html = rewrite_links(data.decode("utf-8"), path, inside, sco=path in scos, site_url=site_url)
            data = html.encode("utf-8")
        out[path] = data
    out["imsmanifest.xml"] = manifest_xml(package, files)
    return out


def write_zip(files: dict[str, bytes], out: Path) -> None:
    """Sorted names and a fixed time: the same files give the same zip. imsmanifest.xml at the root."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, files[name])


def module_dialogues(module: ModuleDoc, site: Path) -> list[str]:
    """Dialogue ids a module links to: its front matter's `dialogues:`, then links in its page, in order."""
    found = list(module.meta.dialogues)
    page = routes.page_url(routes.module(module.meta.id), directory_urls=False)
    if (site / page).is_file():
        text = (site / page).read_text(encoding="utf-8")
        for ref in (m.group(2) for m in _ATTR.finditer(text)):
            target = local_target(page, ref)
            m = _DIALOGUE_LINK.match(target or "")
            if m and m.group(1) != "index" and m.group(1) not in found:
                found.append(m.group(1))
    return found


def _item(book: Handbook, module: ModuleDoc, mastery: int) -> Sco:
    has_quiz = any(doc.model.id == module.meta.id for doc in book.quizzes)
    return Sco(module.meta.id, module.meta.title, routes.page_url(routes.module(module.meta.id), directory_urls=False), mastery if has_quiz else None)


def module_package(book: Handbook, module: ModuleDoc, site: Path, *, mastery: int = SCORM_MASTERY) -> Package:
    """One module: its page first, the dialogues it links to, and the references page if it cites."""
    item = _item(book, module, mastery)
    pages = {item.href} | {routes.page_url(routes.dialogue(d), directory_urls=False) for d in module_dialogues(module, site)}
    if "references.html" in references(site, item.href):
        pages.add("references.html")
    pages = {p for p in pages if (site / p).is_file()}
    return Package(module.meta.id, module.meta.title, plain(module.meta.summary), (item,), frozenset(pages))


def scenario_items(book: Handbook, site: Path) -> tuple[Sco, ...]:
    """One SCO per branching dialogue the package site has, by id: no mastery score (reaching an
    ending completes it, with the path's score)."""
    items = []
    for d in sorted((doc.model for doc in book.dialogues if branches(doc.model)), key=lambda d: d.id):
        href = routes.page_url(routes.dialogue(d.id), directory_urls=False)
        if (site / href).is_file():
            items.append(Sco(f"scenario-{d.id}", f"Scenario: {d.title}", href, None))
    return tuple(items)


def handbook_package(book: Handbook, site: Path, *, title: str, mastery: int = SCORM_MASTERY) -> Package:
    """The whole handbook: one item per module in reading order, then one per branching dialogue;
    every page of the site."""
    modules = sorted(book.modules, key=lambda m: (m.meta.order, m.meta.id))
    items = tuple(_item(book, m, mastery) for m in modules) + scenario_items(book, site)
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    pages = {p for p in pages if not NOT_PACKAGED.match(p)}
    return Package(SCORM_HANDBOOK, title, "Every module with its self-check, every dialogue and the trainers' pages.", items, frozenset(pages))


def packages(book: Handbook, site: Path, *, title: str, mastery: int = SCORM_MASTERY) -> list[Package]:
    """One package per module (reading order), then the whole handbook."""
    modules = sorted(book.modules, key=lambda m: (m.meta.order, m.meta.id))
    return [*(module_package(book, m, site, mastery=mastery) for m in modules), handbook_package(book, site, title=title, mastery=mastery)]
