"""Tests for site.py: a site for any draft, with its own title and its makers' words.

The plain defaults in data/site.yml name no document; the peer support framework's
own wording is this repository's settings ([tool.easyread.site] in pyproject.toml).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from easyread.cli import main
from easyread.content import load_paths
from easyread.errors import Msg, SettingsError
from easyread.model import Framework
from easyread.settings import load_settings
from easyread.site import check_site_settings, package_site_text, site_text_for

ROOT = Path(__file__).resolve().parent.parent
LETTERS = Path(__file__).parent / "fixtures" / "letters"
FRAMEWORK_WORDS = ("peer support", "framework", "competence", "mental health", "consultation")


def all_words(text) -> str:
    raw = text.raw
    parts = [raw["title"], raw["document"], raw["made_by"], *raw["about"]]
    parts += [line for block in raw["intro"] for line in (block["heading"], *block["lines"])]
    return " ".join(str(p) for p in parts).casefold()


def test_the_package_defaults_name_no_framework():
    defaults = site_text_for(Framework())
    assert not any(word in all_words(defaults) for word in FRAMEWORK_WORDS)
    assert package_site_text()["headings"] == {}


def test_a_letter_gets_its_own_title_and_plain_words():
    text = site_text_for(load_paths([LETTERS / "discharge.txt"]))
    assert text.title == text.document == "Leaving hospital: your care after Ward 7"
    assert text.intro[0]["lines"][0] == "This is an Easy Read version of Leaving hospital: your care after Ward 7."
    assert text.made_by == package_site_text()["made_by_default"]
    assert not any(word in all_words(text) for word in FRAMEWORK_WORDS)
    assert [block["heading"] for block in text.intro] == ["Who this is for", "Who made this", "How to read this"]


def test_front_matter_then_settings_then_the_document(tmp_path):
    draft = tmp_path / "visit.md"
    draft.write_text("---\ntitle: Your first visit\norganisation: Anytown NHS Trust\n---\n\nWelcome.\n",
                     encoding="utf-8")
    settings = {"title": "Project title", "contact": "01234 567890", "organisation": "Not this one"}
    text = site_text_for(load_paths([draft]), settings)
    assert (text.title, text.organisation, text.contact) == ("Your first visit", "Anytown NHS Trust", "01234 567890")
    assert text.made_by == "This Easy Read version was made by Anytown NHS Trust."
    assert "If you have questions, contact 01234 567890." in text.intro[1]["lines"]
    assert site_text_for(load_paths([LETTERS / "leaflet.txt"]), settings).title == "Project title"


def test_a_framework_domains_title_is_not_the_sites():
    text = site_text_for(load_paths([ROOT / "content" / "05-supporting-self-management.md"]))
    assert text.title == "Easy Read version"


def test_this_repositorys_settings_describe_the_framework():
    settings = load_settings(root=ROOT)
    text = site_text_for(load_paths([ROOT / "content"]), settings.site)
    assert text.title == "What peer support workers in mental health need to know and do"
    assert text.heading("2.2.1") is None     # the framework's Easy Read headings are in its front matter
    assert [block["heading"] for block in text.intro] == [
        "Who this is for", "What a peer support worker is", "Who made this", "How to read this"]


@pytest.mark.parametrize("table, key, expected", [
    ({"title": 3}, "site.title", "text in quotes"),
    ({"about": "one line"}, "site.about", "a list of lines in quotes"),
    ({"headings": {"1": 2}}, "site.headings", 'a table of heading number = "Easy Read heading"'),
    ({"intro": [{"heading": "Who", "lines": []}]}, "site.intro",
     "a list of [[tool.easyread.site.intro]] tables with heading, picture and lines"),
])
def test_wrong_site_settings_name_the_key(table, key, expected):
    with pytest.raises(SettingsError) as raised:
        check_site_settings(table, "easyread.toml")
    assert str(raised.value) == f"easyread.toml: error: {Msg.E042.format(key=key, expected=expected)}"


def test_an_unknown_site_setting_is_an_error(tmp_path):
    (tmp_path / "easyread.toml").write_text('[site]\ntitel = "Typo"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        load_settings(root=tmp_path)
    assert "[E044] unknown setting 'site.titel'" in str(raised.value)


def test_build_a_letter_in_a_folder_with_no_settings(tmp_path, monkeypatch):
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.chdir(folder)
    (folder / "letter.txt").write_text(textwrap.dedent("""\
        Your appointment

        Please come to the clinic at 10am. We will plan an intervention with you.
        """), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "letter.txt", "-o", "site", "--docx", "--no-cache"])
    assert result.exit_code == 0, result.output
    index = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Your appointment</h1>" in index and "<title>Contents - Your appointment - Easy Read</title>" in index
    assert "This is an Easy Read version of Your appointment." in index
    assert not any(word in index.casefold() for word in ("peer support", "competence framework"))
    assert (folder / "site" / "easy-read.docx").stat().st_size > 10_000
