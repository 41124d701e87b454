"""mkdocs.yml for a build without the plugin (Zensical, which runs no MkDocs plugins; the benchmark's
build of the same pages without the generator): the handbook plugin's entry taken out and the
modules' nav section written out. Text in, text out, so the file's comments and tags survive."""

from __future__ import annotations

import re

_PLUGIN = re.compile(r"^(?P<indent>[ ]*)- handbook:?[^\n]*\n(?:(?P=indent)[ ]{2,}[^\n]*\n)*", re.M)


def without_plugin(config: str, module_pages: list[str], section: str = "Modules") -> str:
    """``config`` (mkdocs.yml's text) without the handbook plugin, its `- Modules: []` nav section
    listing ``module_pages`` (those the nav does not list elsewhere)."""
    text = _PLUGIN.sub("", config)
    empty = re.compile(rf"^(?P<indent>[ ]*)- {re.escape(section)}: \[\][^\n]*\n", re.M)
    match = empty.search(text)
    if match is None:
        raise ValueError(f"mkdocs.yml: expected a nav section '- {section}: []', found none")
    listed = set(re.findall(r"^[ ]*- (?:[^:\n]+: )?(\S+\.md)\s*$", text, re.M))
    indent = match.group("indent")
    lines = "".join(f"{indent}    - {page}\n" for page in module_pages if page not in listed)
    return text[: match.start()] + f"{indent}- {section}:\n" + lines + text[match.end() :]
