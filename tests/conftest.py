"""Shared fixtures. Expensive things (the spaCy pipeline, glossaries) load once per session."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

# ---------------------------------------------------------------- check (analyse, rules, formats)

DRAFTS = Path(__file__).parent / "fixtures" / "drafts"


@pytest.fixture(scope="session")
def drafts() -> Path:
    """tests/fixtures/drafts: drafts easyread has never seen, and their small glossary."""
    return DRAFTS


@pytest.fixture(scope="session")
def draft_glossary():
    from easyread.glossary import load_glossary

    return load_glossary(DRAFTS / "glossary.yml")


@pytest.fixture(scope="session")
def empty_glossary():
    from easyread.glossary import Glossary

    return Glossary("<no glossary>")


@pytest.fixture(scope="session")
def settings_root(tmp_path_factory) -> Path:
    """A folder with no settings files, so the built-in profiles apply."""
    return tmp_path_factory.mktemp("plain-project")


@pytest.fixture(scope="session")
def settings_for(settings_root) -> Callable:
    """Built-in settings for a profile: ``settings_for("plain-english")``."""
    from easyread.settings import load_settings

    def make(profile: str = "easy-read", **kwargs):
        return load_settings(root=settings_root, profile=profile, glossary=DRAFTS / "glossary.yml", **kwargs)
    return make


@pytest.fixture(scope="session")
def nlp(draft_glossary, settings_for):
    """The spaCy pipeline with the draft glossary, loaded once for the session."""
    from easyread.nlp import pipeline_for

    return pipeline_for(settings_for().model, draft_glossary)


@pytest.fixture(scope="session")
def check_text(draft_glossary, settings_for, nlp) -> Callable:
    """Analyse a Markdown string as a draft file: ``check_text("Some text.").findings()``."""
    from easyread.analyse import analyse
    from easyread.content import parse_markdown
    from easyread.model import Framework, SourceFile

    def run(text: str, profile: str = "easy-read", glossary=None, path: str = "draft.md", settings=None):
        domain = parse_markdown(SourceFile.from_text(path, text))
        return analyse(Framework([domain]), glossary or draft_glossary, settings or settings_for(profile))
    return run
