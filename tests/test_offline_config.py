"""mkdocs.offline.yml: the same features as mkdocs.yml except instant navigation (issue 19).

INHERIT replaces lists instead of merging them, so the offline copy keeps its own features list;
this keeps the two in step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent


def features(name: str) -> list[Any]:
    with open(ROOT / name, encoding="utf-8") as f:
        return list(yaml_load(f)["theme"]["features"])


def test_the_offline_copy_has_the_sites_features_less_instant_navigation() -> None:
    site, offline = features("mkdocs.yml"), features("mkdocs.offline.yml")
    assert "navigation.instant" in site
    assert offline == [f for f in site if f != "navigation.instant"]


def test_the_scorm_pages_have_no_instant_navigation_either() -> None:
    assert "navigation.instant" not in features("mkdocs.scorm.yml")
