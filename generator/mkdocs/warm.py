"""The theme's templates compiled while MkDocs waits for the generator's page list.

Under `mkdocs build` the plugin's on_files waits for the second process to load the content
(generator/mkdocs/worker.py); MkDocs would compile Material's templates later, when it renders the
first page. The plugin compiles them in that wait instead, into the very environment MkDocs renders
with (Jinja keeps them in its cache), from main.html down its includes, imports and extends, and
stops as soon as the page list is there: the same templates, compiled earlier, so the pages are
byte for byte the same.
"""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import Environment, TemplateError, meta

# What MkDocs renders: the page template and the theme's static templates.
ROOTS = ("main.html", "404.html", "sitemap.xml")


def warm_templates(env: Environment, done: Callable[[], bool]) -> list[str]:
    """Compile the templates reachable from ``ROOTS`` until ``done()``; returns their names."""
    queue, seen, compiled = list(ROOTS), set(ROOTS), []
    while queue and not done():
        name = queue.pop(0)
        try:
            env.get_template(name)
            source = env.loader.get_source(env, name)[0] if env.loader is not None else ""
            references = meta.find_referenced_templates(env.parse(source))
        except (TemplateError, OSError):  # a template MkDocs will not get to, or not as is: it compiles it then
            continue
        compiled.append(name)
        for reference in references:
            if reference is not None and reference not in seen:
                seen.add(reference)
                queue.append(reference)
    return compiled
