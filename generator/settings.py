"""Typed, frozen build settings: what every layer may know about the build it is part of."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Where `make offline` writes the offline copy; a build links it only when it exists.
OFFLINE_ZIP = "dist/handbook-offline.zip"
# The reference (content/references.yml) of the article this handbook adapts: the references page names it.
SOURCE_KEY = "jones2016"
# The module whose page carries the guidance points ([[guidance]]): turns link their guidance there.
GUIDANCE_MODULE = "four-points-of-guidance"


@dataclass(frozen=True)
class Settings:
    """One build's settings. ``site_url`` is always a string ("" when the site has none)."""

    root: Path
    directory_urls: bool = True
    site_url: str = ""
    source_key: str = SOURCE_KEY
    guidance_module: str = GUIDANCE_MODULE

    @property
    def offline_zip(self) -> Path:
        return self.root / OFFLINE_ZIP
