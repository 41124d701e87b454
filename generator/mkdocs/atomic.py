"""A build into a fresh folder beside the site, swapped into place only when the build succeeded.

MkDocs empties its site folder before it writes anything. When the plugin checks the content while
MkDocs builds (generator/mkdocs/worker.py), the site folder is this fresh sibling instead (set in
on_config); the plugin swaps it in once the content passed every check and MkDocs finished without
an error or, under `--strict`, a warning (``StrictWatch``), and removes it if the build fails: a
failed `mkdocs build` leaves the last site exactly as it was. tools/atomic.py uses the same
``AtomicSite`` around any command for `make build` (which then wraps a build that is atomic
already; the two compose).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path


class AtomicSite:
    """The site folder ``target`` and the fresh folder a build writes instead."""

    def __init__(self, target: str) -> None:
        self.target = Path(target).resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        # .site.new-… (.gitignore lists it); inside tools/atomic.py's (`make build`), .site.new-….new-…
        # rather than ..site.new-….
        self.out = Path(tempfile.mkdtemp(prefix=f".{self.target.name.lstrip('.')}.new-", dir=self.target.parent))
        mask = os.umask(0)
        os.umask(mask)
        self.out.chmod(0o777 & ~mask)  # as a folder made by mkdir would be (mkdtemp makes it private)

    def publish(self) -> None:
        """Put the new site in place of the last one (two renames on one file system). A site folder
        that cannot be renamed (a mount point, say) is emptied and filled instead."""
        old = self.target.with_name(f".{self.target.name.lstrip('.')}.old-{self.out.name.rsplit('-', 1)[-1]}")
        try:
            if self.target.exists():
                self.target.rename(old)
        except OSError:
            self._fill_in_place()
            return
        self.out.rename(self.target)
        shutil.rmtree(old, ignore_errors=True)

    def _fill_in_place(self) -> None:
        for entry in list(self.target.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for entry in list(self.out.iterdir()):
            shutil.move(str(entry), str(self.target / entry.name))
        self.out.rmdir()

    def discard(self) -> None:
        """The build failed: remove what it wrote; the last site is untouched."""
        shutil.rmtree(self.out, ignore_errors=True)


class StrictWatch(logging.Handler):
    """Counts the warnings MkDocs logs during one build: under `--strict` MkDocs aborts after the
    plugins' post-build step when there were any, so the site is published only without them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def attach(self) -> None:
        logging.getLogger("mkdocs").addHandler(self)

    def detach(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self)
