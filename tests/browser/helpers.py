"""Shared by tests/test_render.py, test_build.py and test_browser.py.

A small framework written as real content files (so the loader gives real spans),
Easy Read versions made by hand (the render tests need no spaCy), and the real
site built once per test run from content/ and glossary.yml (for the gates).
"""

from __future__ import annotations

import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

from easyread.content import load_paths
from easyread.glossary import load_glossary
from easyread.model import Change, EasyReadBlock, EasyReadVersion, Framework

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE_RUN = "() => axe.run(document, {resultTypes: ['violations']})"


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium for a test module (import this fixture into the module to use it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def axe_violations(page) -> list[tuple]:
    """axe-core's violations on an open page: (rule, impact, how many nodes, the first node)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(AXE_RUN)
    return [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"]) for v in result["violations"]]

DOMAIN_ONE = """---
number: 1
title: Values of peer support
pictures:
  "1.1.2": "1F91D"
  "1.2": "1F4AA"
easy-read-titles:
  "1": What matters in peer support
  "1.1": What peer support workers believe in
---

# 1 Values of peer support

- An ability to understand the peer support role

## 1.1 Values of peer support workers

- An ability to listen to the person
- An ability to build an equal relationship
- An ability to use <script>alert("x")</script> safely

## 1.2 Principles of peer support

- An ability to respect the person's wishes
"""

DOMAIN_TWO = """---
number: 2
title: Practice issues
easy-read-titles:
  "2": Things peer support workers need to know
  "2.1": Recovery and living a good life
---

# 2 Practice issues

## 2.1 Understanding recovery

- An ability to understand advocacy
- An ability to talk about advocacy again
"""

GLOSSARY = """version: 1
entries:
  - id: advocacy
    terms: [advocacy]
    category: jargon
    status: approved
    action: explain
    explanation: "Advocacy means speaking up for someone. It helps them get what they need."
    provenance: [{source: Consultation, respondent: 7, section: "2.1", quote: "what is advocacy?"}]
    examples: {flag: ["advocacy helps"], pass: ["speaking up helps"]}
  - id: intervention
    terms: [intervention]
    category: clinical
    status: approved
    action: replace
    plain: {base: support, plural: support}
    provenance: [{source: Consultation, respondent: 12, section: "8", quote: "too clinical"}]
    examples: {flag: ["We offer interventions."], pass: ["We offer support."]}
phrases:
  - id: stem-ability-to
    kind: stem
    match: ["An ability to"]
    status: approved
    replace: "Peer support workers can"
    provenance: [{source: Consultation, section: "all", quote: "repetitive"}]
    examples: {flag: ["An ability to listen"], pass: ["You can listen."]}
"""

# The Easy Read text of each fixture competence, as the rewrite stage would give it.
TEXT = {
    "1.0.1": [["Peer support workers understand their job."]],
    "1.1.1": [["Peer support workers listen to the person."]],
    "1.1.2": [["Peer support workers build a relationship.", "It is a relationship between equals."]],
    "1.1.3": [['Peer support workers use <script>alert("x")</script> safely.']],
    "1.2.1": [["Peer support workers respect what the person wants."]],
    "2.1.1": [["Peer support workers know about **advocacy**."],
              ["Advocacy means speaking up for someone.", "It helps them get what they need."]],
    "2.1.2": [["They talk about **advocacy** again.", "This is **not a glossary word**."],
              [[], ["Talking.", "Listening to **advocacy** needs."]]],
}


def write_fixture(folder: Path) -> tuple[Path, Path]:
    """The fixture content folder and glossary file, written into ``folder``."""
    content = folder / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "01-values.md").write_text(DOMAIN_ONE, encoding="utf-8")
    (content / "02-practice.md").write_text(DOMAIN_TWO, encoding="utf-8")
    glossary = folder / "glossary.yml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    return content, glossary


def fixture_versions(framework: Framework) -> list[EasyReadVersion]:
    """Hand-made Easy Read versions of the fixture framework, in order."""
    versions = []
    for competence in framework.competences():
        blocks = []
        for block in TEXT[competence.id]:
            if block and isinstance(block[0], list):
                blocks.append(EasyReadBlock(block[0], block[1]))
            else:
                blocks.append(EasyReadBlock(list(block)))
        explained = ["advocacy"] if competence.id.startswith("2.1") else []
        changes = [Change("patronising.stem-ability-to", "An ability to", "Peer support workers can",
                          competence.text.source.path, 1, 1, competence.id)]
        if competence.id == "2.1.1":
            changes.append(Change("explain-next", "advocacy", "Advocacy means speaking up for someone.",
                                  competence.text.source.path, 1, 1, competence.id))
        versions.append(EasyReadVersion(competence, blocks, changes=changes, explained=explained))
    return versions


def load_fixture(folder: Path):
    """(framework, versions, glossary) for the fixture written into ``folder``."""
    content, glossary_path = write_fixture(folder)
    framework = load_paths([content])
    return framework, fixture_versions(framework), load_glossary(glossary_path)


@lru_cache(maxsize=1)
def built_site() -> Path:
    """The real site, built once per run from content/ with the project's glossary.

    Uses the glossary.yml of the checkout (the tests' small glossary if there is none
    yet), through the real CLI, so the gates test what an editor would publish.
    """
    from click.testing import CliRunner

    from easyread.cli import main

    folder = Path(tempfile.mkdtemp(prefix="easyread-site-"))
    glossary = ROOT / "glossary.yml"
    if not glossary.exists():
        glossary = ROOT / "tests" / "fixtures" / "glossary" / "small.yml"
    args = ["build", str(ROOT / "content"), "-g", str(glossary), "-o", str(folder / "output"), "--no-cache"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder / "output"


def glossary_path() -> Path:
    glossary = ROOT / "glossary.yml"
    return glossary if glossary.exists() else ROOT / "tests" / "fixtures" / "glossary" / "small.yml"


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
