"""Content cannot put script or event handlers into a page: it shows as text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page
from support import copy_project, served_build

PAYLOAD_SCRIPT = "<script>window.__hbInjected = 1</script>"
PAYLOAD_IMG = "<img src=x onerror=\"window.__hbInjected = 2\">"

DIALOGUE = f"""id: injection-test
title: Injection test
summary: 'Summary {PAYLOAD_SCRIPT}'
context: {{diabetes: type 2, setting: GP review, hcp: GP, person: "Sam, 50"}}
focus: {{alliance: [bond]}}
turns:
  - speaker: pwd
    text: 'Person says {PAYLOAD_SCRIPT} and {PAYLOAD_IMG}'
  - speaker: hcp
    text: 'Provider says {PAYLOAD_IMG}'
    alliance: [bond]
    alsi: [listen]
    effect: strains
    slips: [lecture]
    note: 'Note with {PAYLOAD_SCRIPT}'
    alternative:
      text: 'Better {PAYLOAD_IMG}'
      alliance: [bond]
      alsi: [listen]
      note: Fine.
      reply: 'Reply {PAYLOAD_SCRIPT}'
"""


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("inject")
    project = copy_project(root / "project")
    (project / "content" / "dialogues" / "injection-test.yml").write_text(DIALOGUE, encoding="utf-8")
    with served_build(root / "site", project) as base:
        yield base


def test_script_and_event_handlers_show_as_text_and_never_run(page: Page, injected_site: str) -> None:
    page.goto(injected_site + "dialogues/injection-test/")
    page.wait_for_load_state("load")
    assert page.evaluate("window.__hbInjected") is None
    assert page.locator("script", has_text="__hbInjected").count() == 0
    assert page.locator("img[onerror]").count() == 0
    body = page.locator("article").inner_text()
    assert "Person says <script>window.__hbInjected = 1</script>" in body
    assert 'Provider says <img src=x onerror="window.__hbInjected = 2">' in body
    assert "Note with <script>" in body
    meta = page.locator('meta[name="description"]').get_attribute("content")
    assert meta is not None and "<script>" in meta  # escaped in the HTML, so the attribute holds it as text
