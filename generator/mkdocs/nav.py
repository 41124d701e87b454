"""The navigation's module section, made from the modules' `order:` (so a new module needs no
edit to mkdocs.yml). Plain data in, plain data out: MkDocs' nav is lists, dicts and strings."""

from __future__ import annotations

from typing import Any


class NavError(ValueError):
    """mkdocs.yml has no nav section of the given name to fill."""


def fill_section(nav: list[Any], section: str, pages: list[str]) -> list[Any]:
    """``nav`` with the section titled ``section`` (anywhere in it) holding ``pages`` in order,
    except those the nav lists elsewhere (a module placed on its own, like a quick reference). The
    section in mkdocs.yml is written empty (`- Modules: []`); pages listed there are replaced."""
    elsewhere = set(nav_paths(_fill(nav, section, [])[0]))
    filled, found = _fill(nav, section, [p for p in pages if p not in elsewhere])
    if not found:
        raise NavError(f"mkdocs.yml: expected a nav section '{section}' (written '- {section}: []') for the modules, found none")
    return filled


def nav_paths(nav: Any) -> list[str]:
    """Every page path the nav lists, in order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [p for item in nav for p in nav_paths(item)]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in nav_paths(value)]
    return []


def _fill(items: list[Any], section: str, pages: list[str]) -> tuple[list[Any], bool]:
    out: list[Any] = []
    found = False
    for item in items:
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if title == section and isinstance(value, list):
                out.append({title: list(pages)})
                found = True
                continue
            if isinstance(value, list):
                value, inner = _fill(value, section, pages)
                found = found or inner
            out.append({title: value})
        else:
            out.append(item)
    return out, found
