"""Shared fixtures: a built site served at its site_url origin, and the system Chromium.

Browser tests never skip: without a browser the session stops with instructions. Helpers that are
not fixtures live in tests/support.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import CHROMIUM_ARGS, build_scorm_site, find_chromium, run_axe, served_build


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


# Fixtures that build the whole site: a test that uses one is slow (make test-fast leaves it out).
SITE_FIXTURES = {"site", "site_dir", "base_url", "scorm_site", "recorded"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser/ or using Playwright's page `browser`, and every test
    that builds the site through a fixture `slow`; tests that build by themselves carry the mark."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "browser" in Path(str(item.path)).parts or "page" in fixtures:
            item.add_marker(pytest.mark.browser)
        if fixtures & SITE_FIXTURES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The handbook built once per session and served at its site_url: (folder, base URL)."""
    out = tmp_path_factory.mktemp("site")
    with served_build(out) as base:
        yield out, base


@pytest.fixture(scope="session")
def site_dir(site: tuple[Path, str]) -> Path:
    return site[0]


@pytest.fixture(scope="session")
def base_url(site: tuple[Path, str]) -> str:
    """pytest-playwright's base_url: the served site."""
    return site[1]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    chromium = find_chromium()
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if chromium:
        args["executable_path"] = chromium
    return args


@pytest.fixture
def axe() -> Any:
    return run_axe


@pytest.fixture(scope="session")
def scorm_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pages the SCORM packages are cut from (mkdocs.scorm.yml), built once per session."""
    out = tmp_path_factory.mktemp("scorm-site")
    result = build_scorm_site(out)
    if result.returncode != 0:
        pytest.fail("mkdocs build -f mkdocs.scorm.yml failed:\n" + result.stdout + result.stderr)
    return out
