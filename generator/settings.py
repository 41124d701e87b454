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
# Where `make scorm` writes the SCORM packages; a build publishes and links them only when they exist.
SCORM_DIR = "dist/scorm"
# A SCORM package's mastery score (adlcp:masteryscore, 0-100) unless `tools/scorm.py --mastery` sets one.
SCORM_MASTERY = 80
# The name of the whole-handbook package (its zip is handbook.zip); the others are named after their module.
SCORM_HANDBOOK = "handbook"


@dataclass(frozen=True)
class Settings:
    """One build's settings. ``site_url`` is always a string ("" when the site has none)."""

    root: Path
    directory_urls: bool = True
    site_url: str = ""
    # The pages of the SCORM packages (mkdocs.scorm.yml): they also get the LMS adapter, assets/scorm.js.
    package: bool = False
    source_key: str = SOURCE_KEY
    guidance_module: str = GUIDANCE_MODULE

    @property
    def offline_zip(self) -> Path:
        return self.root / OFFLINE_ZIP

    @property
    def offline_available(self) -> bool:
        """Whether this build links (and publishes) the offline zip: it exists, and this build is
        not itself the offline copy (which has no directory URLs)."""
        return self.directory_urls and self.offline_zip.is_file()

    @property
    def scorm_zips(self) -> list[Path]:
        """The SCORM packages `make scorm` wrote, by name; none in a build without directory URLs
        (the offline copy and the packages' own pages)."""
        folder = self.root / SCORM_DIR
        return sorted(folder.glob("*.zip")) if self.directory_urls and folder.is_dir() else []
