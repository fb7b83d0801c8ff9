"""Settings: built-in profiles, overrides from easyread.toml or [tool.easyread], rule
switches by prefix, severities by the most specific prefix, and clear errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from easyread.errors import SettingsError
from easyread.settings import find_root, load_settings


def settings_in(folder: Path, easyread_toml: str | None = None, pyproject: str | None = None, **kwargs):
    if easyread_toml is not None:
        (folder / "easyread.toml").write_text(textwrap.dedent(easyread_toml), encoding="utf-8")
    if pyproject is not None:
        (folder / "pyproject.toml").write_text(textwrap.dedent(pyproject), encoding="utf-8")
    return load_settings(root=folder, **kwargs)


def test_built_in_profiles_have_the_rules_documents_thresholds(tmp_path):
    easy = settings_in(tmp_path).profile
    plain = settings_in(tmp_path, profile="plain-english").profile
    assert (easy.name, easy.max_sentence_words, easy.max_grade, easy.min_reading_ease) == ("easy-read", 15, 5.0, 0.0)
    assert (plain.name, plain.max_sentence_words, plain.max_grade, plain.min_reading_ease) == (
        "plain-english", 25, 12.0, 50.0)
    assert (easy.severity_of("acronym"), plain.severity_of("acronym")) == ("error", "warning")
    assert (easy.severity_of("acronym.explained"), plain.severity_of("acronym.explained")) == ("error", "off")
    assert settings_in(tmp_path).profiles == ("easy-read", "plain-english")


def test_severity_comes_from_the_most_specific_prefix(tmp_path):
    settings = settings_in(tmp_path, """\
        [profiles.easy-read.severity]
        jargon = "warning"
        "jargon.co-production" = "info"
    """)
    profile = settings.profile
    assert [profile.severity_of(r) for r in ("jargon.remit", "jargon.co-production", "jargon", "new-rule")] == [
        "warning", "info", "warning", "warning"]


def test_threshold_severity_and_disable_from_easyread_toml(tmp_path):
    settings = settings_in(tmp_path, """\
        disable = ["hard-word", "jargon.remit"]
        cache-dir = "build/cache"

        [profiles.easy-read]
        max-sentence-words = 12

        [profiles.easy-read.severity]
        passive = "error"
        number-words = "off"
    """)
    assert settings.profile.max_sentence_words == 12
    assert settings.profile.max_grade == 5.0   # the rest of the profile is kept
    assert settings.profile.severity_of("passive") == "error"
    assert [settings.enabled(r) for r in ("hard-word", "jargon.remit", "jargon.ethos", "jargon",
                                          "number-words", "passive")] == [False, False, True, True, False, True]
    assert settings.cache_dir == tmp_path.resolve() / "build" / "cache"


def test_tool_easyread_in_pyproject_and_easyread_toml_wins(tmp_path):
    settings = settings_in(tmp_path, pyproject="""\
        [tool.easyread]
        profile = "plain-english"
        disable = ["acronym"]

        [tool.easyread.profiles.plain-english]
        max-sentence-words = 20
    """)
    assert (settings.profile.name, settings.profile.max_sentence_words) == ("plain-english", 20)
    assert not settings.enabled("acronym.cbt")
    both = settings_in(tmp_path, easyread_toml="profile = 'easy-read'\n")
    assert (both.profile.name, both.enabled("acronym.cbt")) == ("easy-read", True)


def test_flags_come_last_and_add_to_the_settings_file(tmp_path):
    settings = settings_in(tmp_path, "disable = ['hard-word']\n", profile="plain-english", disable=["passive"])
    assert settings.profile.name == "plain-english"
    assert settings.disabled == frozenset({"hard-word", "passive"})


def test_a_new_profile_starts_from_easy_read(tmp_path):
    settings = settings_in(tmp_path, """\
        [profiles.leaflet]
        max-sentence-words = 20
    """, profile="leaflet")
    assert (settings.profile.name, settings.profile.max_sentence_words, settings.profile.max_grade) == (
        "leaflet", 20, 5.0)
    assert settings.profiles == ("easy-read", "leaflet", "plain-english")


def test_the_fingerprint_changes_with_anything_that_changes_results(tmp_path):
    base = settings_in(tmp_path).fingerprint
    assert settings_in(tmp_path, profile="plain-english").fingerprint != base
    assert settings_in(tmp_path, disable=["passive"]).fingerprint != base
    assert settings_in(tmp_path, "[profiles.easy-read]\nmax-grade = 6\n").fingerprint != base
    (tmp_path / "easyread.toml").unlink()
    assert settings_in(tmp_path).fingerprint == base


@pytest.mark.parametrize(("toml", "message"), [
    ("colour = 'blue'\n", "[E044] unknown setting 'colour'; known settings: cache-dir, content, disable, "),
    ("[profiles.easy-read]\nmax-words = 3\n", "[E044] unknown setting 'profiles.easy-read.max-words'"),
    ("[profiles.easy-read.severity]\npassive = 'loud'\n",
     "[E042] settings: 'profiles.easy-read.severity.passive' must be error or warning or info or off"),
    ("disable = 'passive'\n", "[E042] settings: 'disable' must be a list of rule ids"),
    ("[profiles.easy-read]\nmax-grade = 'five'\n", "[E042] settings: 'profiles.easy-read.max-grade' must be a number"),
    ("profile = 'easy-reed'\n", "[E041] unknown profile 'easy-reed'; choose one of: easy-read, plain-english"),
    ("disable = [\n", "[E043] settings file is not valid TOML: "),
])
def test_settings_mistakes_are_one_clear_error(tmp_path, toml, message):
    with pytest.raises(SettingsError) as error:
        settings_in(tmp_path, toml)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_the_project_root_is_found_from_a_sub_folder(tmp_path):
    (tmp_path / "easyread.toml").write_text("", encoding="utf-8")
    (tmp_path / "content" / "drafts").mkdir(parents=True)
    assert find_root(tmp_path / "content" / "drafts") == tmp_path.resolve()
