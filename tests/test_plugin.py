"""The handbook's MkDocs plugin (generator/mkdocs/): the modules' nav section made from their
`order:`, so `python -m generator new module X` needs no edit to mkdocs.yml; its typed options;
and mkdocs.yml without it, for the builds that run no plugins (Zensical, the benchmark)."""

from __future__ import annotations

import multiprocessing
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from support import copy_project

from generator.api import check as check_content
from generator.cli import main
from generator.mkdocs.config import HandbookConfig
from generator.mkdocs.nav import NavError, fill_section
from generator.mkdocs.plugin import HandbookPlugin
from generator.mkdocs.standalone import without_plugin
from generator.mkdocs.worker import BadContentError, Outputs, Request, WorkerError
from generator.render import registry

HERE = Path(__file__).parent
ROOT = HERE.parent
FIXTURE = HERE / "fixtures" / "project"


def test_the_section_holds_the_pages_in_order_except_those_listed_elsewhere() -> None:
    nav = ["index.md", {"Modules": []}, {"Quick reference": "modules/c.md"}, {"More": [{"Modules": ["modules/old.md"]}]}]
    filled = fill_section(nav, "Modules", ["modules/a.md", "modules/b.md", "modules/c.md"])
    assert filled == ["index.md", {"Modules": ["modules/a.md", "modules/b.md"]}, {"Quick reference": "modules/c.md"}, {"More": [{"Modules": ["modules/a.md", "modules/b.md"]}]}]
    assert nav[1] == {"Modules": []}, "the configured nav is not changed in place"
    with pytest.raises(NavError, match="expected a nav section 'Lessons'"):
        fill_section(nav, "Lessons", ["modules/a.md"])


def _fixture_project(tmp_path: Path, config: str | None = None) -> Path:
    """The fixture handbook with the real mkdocs.yml (and the theme overrides it names)."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    (project / "mkdocs.yml").write_text(config or (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (project / "overrides").symlink_to(ROOT / "overrides", target_is_directory=True)
    (project / "docs").mkdir()
    (project / "generator").symlink_to(ROOT / "generator", target_is_directory=True)  # mkdocs.yml watches it
    return project


def _plugin_nav(project: Path) -> list[Any]:
    """The nav as the plugin leaves it for MkDocs, from the project's mkdocs.yml and content."""
    config = load_config(config_file=str(project / "mkdocs.yml"))
    plugin = config.plugins["handbook"]
    assert isinstance(plugin, HandbookPlugin)
    plugin.on_startup(command="build", dirty=False)
    config = plugin.on_config(config)
    plugin.on_pre_build(config=config)
    try:
        config.plugins.on_files(Files([]), config=config)  # the modules' order arrives with the page list
    finally:
        plugin.on_build_error(error=RuntimeError("only the nav was wanted"))  # ends the process making the pages
    assert multiprocessing.active_children() == [], "no process making pages is left behind"
    assert not [p for p in Path(config.site_dir).parent.iterdir() if p.name.startswith(".site.")], "the folder built into is removed"
    assert config.nav is not None
    return list(config.nav)


def _modules(nav: list[Any]) -> list[str]:
    return next(item["Modules"] for item in nav if isinstance(item, dict) and "Modules" in item)


def test_a_new_module_is_in_the_nav_with_no_other_edit(tmp_path: Path) -> None:
    """`python -m generator new module X` is all it takes: the plugin lists it by its `order:`.
    (A copy of the real project: the module scaffold links to a shipped dialogue.)"""
    project = copy_project(tmp_path / "project")
    before = _modules(_plugin_nav(project))
    assert main(["new", "module", "second-steps", "--root", str(project)]) == 0
    assert _modules(_plugin_nav(project)) == [*before, "modules/second-steps.md"]
    module = project / "content" / "modules" / "second-steps.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(re.sub(r"(?m)^order: \d+", "order: 1", text, count=1), encoding="utf-8")
    first = project / "content" / "modules" / before[0].removeprefix("modules/")
    first.write_text(re.sub(r"(?m)^order: \d+", "order: 99", first.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    modules = _modules(_plugin_nav(project))
    assert modules[0] == "modules/second-steps.md" and modules[-1] == before[0]


def test_the_shipped_nav_lists_every_module_once() -> None:
    """The shipped content: every module in the nav once, the quick reference where mkdocs.yml puts it."""
    nav = _plugin_nav(ROOT)
    listed = [p for p in _paths(nav) if p.startswith("modules/")]
    modules = sorted(p.stem for p in (ROOT / "content" / "modules").glob("*.md"))
    assert sorted(p.removeprefix("modules/").removesuffix(".md") for p in listed) == modules


def _paths(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [p for item in nav for p in _paths(item)]
    return [p for value in nav.values() for p in _paths(value)] if isinstance(nav, dict) else []


def test_a_nav_without_the_modules_section_is_a_clear_error(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path, (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("- Modules: []", "- Lessons: []"))
    with pytest.raises(PluginError, match="expected a nav section 'Modules'"):
        _plugin_nav(project)


@pytest.mark.parametrize(("given", "expected"), [(True, True), (False, False), (1, True), (0, False)])
def test_build_cache_takes_true_false_or_the_environment_variables_1_and_0(given: object, expected: bool) -> None:
    config = HandbookConfig()
    config.load_dict({"build_cache": given})
    errors, _ = config.validate()
    assert errors == [] and config.build_cache is expected


def test_build_cache_refuses_anything_else() -> None:
    config = HandbookConfig()
    config.load_dict({"build_cache": "sometimes"})
    errors, _ = config.validate()
    assert [(key, str(error)) for key, error in errors] == [("build_cache", "expected true or false (or 1 or 0), found 'sometimes'")]


def test_mkdocs_yml_without_the_plugin_lists_the_modules_itself() -> None:
    text = without_plugin((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), ["modules/a.md", "modules/quick-reference.md", "modules/b.md"])
    assert "handbook" not in text.split("plugins:", 1)[1].split("\n\n", 1)[0]
    assert "  - Modules:\n      - modules/a.md\n      - modules/b.md\n  - Practice gallery" in text, "the quick reference stays where mkdocs.yml puts it"


def _request(project: Path, *, use_cache: bool = True) -> Request:
    return Request(project, directory_urls=True, site_url="https://example.org/", package=False, use_cache=use_cache)


def incremental_cache() -> str:
    from generator import incremental

    return incremental.CACHE_FILE


def test_the_second_process_sends_the_plan_the_pages_and_the_verdict_of_a_build_in_one_go(tmp_path: Path) -> None:
    """The plugin's worker (generator/mkdocs/worker.py) sends every planned page and file, in the
    plan's order, then the checks' verdict, and saves the build cache: the same as generator.api's
    build in this process, and as the same steps run in the MkDocs process (``run_inline``)."""
    from generator import api

    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    reference = api.build(project, directory_urls=True, site_url="https://example.org/")
    inline = Outputs.run_inline(_request(project))
    assert (project / incremental_cache()).is_file(), "the steps in this process saved the build cache"
    (project / incremental_cache()).unlink()
    forked = Outputs.start(_request(project))
    assert forked.forked, "this system forks"
    plan = forked.plan()
    assert plan.pages == [p.src for p in reference.pages] == inline.plan().pages
    assert [(a.path, a.data()) for a in plan.assets] == [(a.path, a.data()) for a in reference.assets]
    assert plan.module_pages == reference.module_pages and plan.abbreviations == reference.abbreviations
    assert [forked.page(src).markdown for src in plan.pages] == [p.markdown for p in reference.pages] == [inline.page(src).markdown for src in plan.pages]
    verdict = forked.finish()
    assert verdict.warnings == [f.format() for f in reference.findings if f.level == "warning"] == inline.finish().warnings
    assert multiprocessing.active_children() == []
    assert forked.process.exitcode == 0 and (project / incremental_cache()).is_file(), "the worker saved the build cache"


def test_a_failure_in_the_second_process_stops_the_build_with_its_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)

    def broken(ctx: Any, doc: Any) -> Any:
        raise ValueError("no page today")

    # The dialogue pages' renderer fails (the forked process inherits the patched registry).
    monkeypatch.setattr(registry, "PAGES", tuple(replace(k, render=broken) if k.name == "dialogue" else k for k in registry.PAGES))
    outputs = Outputs.start(_request(project, use_cache=False))
    with pytest.raises(WorkerError, match=r"(?s)making the pages failed.*ValueError: no page today"):
        for src in outputs.plan().pages:
            outputs.page(src)
    outputs.stop()
    assert multiprocessing.active_children() == []


def _unknown_related(project: Path) -> str:
    """A dialogue that names an unknown related dialogue: the loader accepts it, the checks do not."""
    path = project / "content/dialogues/sample-visit.yml"
    path.write_text(path.read_text(encoding="utf-8") + "related: [no-such-dialogue]\n", encoding="utf-8")
    _, findings = check_content(project)
    errors = [f.format() for f in findings if f.level == "error"]
    assert len(errors) == 1 and "no-such-dialogue" in errors[0], errors
    return errors[0]


def test_what_the_checks_refuse_stops_the_build_after_the_pages_with_every_finding(tmp_path: Path) -> None:
    """The checks run after the pages are made (off MkDocs' critical path); what they refuse comes as
    the positioned findings, and nothing is saved for the next build."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    expected = _unknown_related(project)
    outputs = Outputs.start(_request(project))
    for src in outputs.plan().pages:
        outputs.page(src)
    with pytest.raises(BadContentError, match=re.escape(expected)):
        outputs.finish()
    assert not (project / incremental_cache()).exists()
    with pytest.raises(BadContentError, match=re.escape(expected)):
        Outputs.run_inline(_request(project))
    assert multiprocessing.active_children() == []


def test_a_page_that_fails_on_content_the_checks_refuse_is_reported_by_the_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages are made before the checks run: when making one fails and the checks find an error, the
    findings are the report (the likely cause), not the traceback."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    expected = _unknown_related(project)

    def broken(ctx: Any, doc: Any) -> Any:
        raise KeyError("no-such-dialogue")

    monkeypatch.setattr(registry, "PAGES", tuple(replace(k, render=broken) if k.name == "dialogue" else k for k in registry.PAGES))
    outputs = Outputs.start(_request(project, use_cache=False))
    with pytest.raises(BadContentError, match=re.escape(expected)):
        for src in outputs.plan().pages:
            outputs.page(src)
    outputs.stop()
    assert multiprocessing.active_children() == []


def test_what_the_loader_refuses_stops_the_build_before_the_page_list(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    path = project / "content/dialogues/sample-visit.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("speaker: hcp", "speaker: nurse", 1), encoding="utf-8")
    outputs = Outputs.start(_request(project))
    with pytest.raises(BadContentError, match=r"sample-visit.yml:\d+:\d+: error: .*nurse"):
        outputs.plan()
    assert multiprocessing.active_children() == []
