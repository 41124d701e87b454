"""The plugin's options, typed (``plugins: - handbook: {...}`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class Switch(base.BaseConfigOption[bool]):
    """true or false; also 1 or 0, which is how an environment variable reads through !ENV
    (`build_cache: !ENV [HANDBOOK_BUILD_CACHE, true]`, and `HANDBOOK_BUILD_CACHE=0 make ...`)."""

    def __init__(self, default: bool) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise base.ValidationError(f"expected true or false (or 1 or 0), found {value!r}")


class HandbookConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__ is untyped
    """What a build of the handbook is asked to do, besides what MkDocs' own options say."""

    # Reuse the pages of the last build of this tree (.cache/generator/); off for published builds.
    build_cache = Switch(default=True)
    # The pages of the SCORM packages (mkdocs.scorm.yml): they also get the LMS adapter, assets/scorm.js.
    package = c.Type(bool, default=False)
    # Load, render and check in a second process while MkDocs builds, into a folder swapped in at the
    # end (generator/mkdocs/worker.py, atomic.py); off: all in the MkDocs process before it writes.
    parallel = Switch(default=True)
    # The nav section whose pages are the modules, in their `order:` (mkdocs.yml leaves it empty: `[]`).
    modules_nav = c.Type(str, default="Modules")
