"""Settings: built-in profiles, overrides from easyread.toml or [tool.easyread], rule
switches by prefix, severities by the most specific prefix, and clear errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

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


# ---------------------------------------------------------------- every value checked where it enters (issue 14)


@pytest.mark.parametrize("key, value, expected", [
    ("max-sentence-words", "inf", "a whole number, 1 or more"),       # was OverflowError
    ("max-sentence-words", "nan", "a whole number, 1 or more"),       # was ValueError
    ("max-sentence-words", "0", "a whole number, 1 or more"),
    ("max-sentence-words", "-3", "a whole number, 1 or more"),
    ("max-sentence-words", "12.5", "a whole number, 1 or more"),
    ("max-grade", "nan", "a number above 0"),
    ("max-grade", "0", "a number above 0"),
    ("max-grade", "-inf", "a number above 0"),
    ("min-reading-ease", "inf", "a number (Flesch Reading Ease, usually 0 to 100)"),
    ("min-words-to-score", "-1", "a whole number, 0 or more"),
    ("hard-word-zipf", "9", "a number from 0 to 8 (wordfreq's Zipf scale)"),
    ("max-list-commas", "true", "a whole number, 0 or more"),
    ("formulas-over-share", "7.0", "a share from 0 to 1 (0.5 is half)"),
    ("formulas-over-share", "-0.1", "a share from 0 to 1 (0.5 is half)"),
    ("description", "3", "text in quotes"),
])
def test_profile_numbers_have_types_and_ranges(tmp_path, key, value, expected):
    with pytest.raises(SettingsError) as error:
        settings_in(tmp_path, f"[profiles.easy-read]\n{key} = {value}\n")
    assert str(error.value) == (f"{tmp_path / 'easyread.toml'}: error: "
                                f"[E042] settings: 'profiles.easy-read.{key}' must be {expected}")


def test_numbers_at_the_edges_of_their_ranges_are_fine(tmp_path):
    profile = settings_in(tmp_path, """\
        [profiles.easy-read]
        max-sentence-words = 1
        formulas-over-share = 1
        hard-word-zipf = 0
        min-reading-ease = -20.5
        max-list-commas = 0
    """).profile
    assert (profile.max_sentence_words, profile.formulas_over_share, profile.min_reading_ease) == (1, 1.0, -20.5)


@pytest.mark.parametrize("toml, flags, where", [
    ("", [""], "--disable"),
    ("", ["  "], "--disable"),
    ("disable = ['passive', '']\n", [], "disable"),
    ("[profiles.easy-read.severity]\n\"\" = 'off'\n", [], "profiles.easy-read.severity"),
])
def test_an_empty_rule_id_is_an_error_not_everything_off(tmp_path, toml, flags, where):
    """-d "$UNSET" in CI used to switch every rule off, so every check passed."""
    from easyread.errors import Msg

    with pytest.raises(SettingsError) as error:
        settings_in(tmp_path, toml, disable=flags)
    assert Msg.E063.format(where=where) in str(error.value)


def test_only_an_inline_comment_naming_no_rule_switches_every_rule_off(tmp_path):
    settings = settings_in(tmp_path)
    assert settings.enabled("passive") is True and "" not in settings.disabled
    assert settings.enabled("passive", extra_disabled=[""]) is False   # <!-- easyread-disable -->


@pytest.mark.parametrize("toml", ["glossary = ''\n", "cache-dir = ' '\n", "output = 3\n", "content = []\n",
                                  "model = ''\n", "profile = ''\n"])
def test_text_settings_must_be_text_and_not_empty(tmp_path, toml):
    with pytest.raises(SettingsError, match=r"\[E042\].*must be text in quotes \(not empty\)"):
        settings_in(tmp_path, toml)


def test_content_and_output_are_settings_relative_to_the_settings_folder(tmp_path):
    settings = settings_in(tmp_path, "content = 'framework'\noutput = 'site/public'\n")
    root = tmp_path.resolve()
    assert (settings.content, settings.output) == (root / "framework", root / "site" / "public")
    assert settings.sources == (root / "easyread.toml",)
    default = settings_in(tmp_path, "")
    assert (default.content, default.output) == (root / "content", root / "output")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert settings_in(tmp_path).sources == (root / "easyread.toml", root / "pyproject.toml")   # both protected
    (tmp_path / "easyread.toml").unlink()
    (tmp_path / "pyproject.toml").unlink()
    assert settings_in(tmp_path).sources == ()


@pytest.mark.parametrize("toml, problem", [
    ("output = 'content'\n", "is the content folder"),
    ("output = 'content/site'\n", "is inside the content folder"),
    ("output = '.'\n", "holds the content folder, and easyread replaces it whole"),
    ("content = 'drafts'\noutput = 'drafts/../drafts'\n", "is the content folder"),
    ("cache-dir = 'content/.cache'\n", "is inside the content folder"),
])
def test_output_and_cache_never_go_into_the_content_folder(tmp_path, toml, problem):
    key = toml.splitlines()[-1].split(" =")[0]
    with pytest.raises(SettingsError, match=rf"\[E065\] settings: '{key}' .* {problem}; choose another folder"):
        settings_in(tmp_path, toml)


def test_pictures_is_refused_because_nothing_reads_it(tmp_path):
    from easyread.errors import Msg

    with pytest.raises(SettingsError) as error:
        settings_in(tmp_path, "pictures = 'my-pictures'\n")
    assert str(error.value) == f"{tmp_path / 'easyread.toml'}: error: {Msg.E064.format()}"


TOML_VALUES = ["1", "0", "-1", "12.5", "inf", "-inf", "nan", "true", '""', '"x"', "[]", '[""]', '["x", 1]',
               "{}", "{a = 1}", "2026-11-23", "1979-05-27T07:32:00Z", '"\\u001b[31m"', "[[1]]"]
TOML_KEYS = ["profile", "glossary", "model", "disable", "cache-dir", "content", "output", "max-sentence-words",
             "max-grade", "formulas-over-share", "hard-word-zipf", "min-words-to-score", "max-list-commas",
             "min-reading-ease", "description", "severity", "profiles", '"passive"', '""']
TABLES = ["", "[profiles.easy-read]\n", "[profiles.leaflet]\n", "[profiles.easy-read.severity]\n"]


@hsettings(max_examples=150, deadline=None)
@given(lines=st.lists(st.tuples(st.sampled_from(TABLES), st.sampled_from(TOML_KEYS), st.sampled_from(TOML_VALUES)),
                      max_size=5))
def test_any_settings_file_is_settings_or_one_line(tmp_path_factory, lines):
    """Hypothesis over every key and odd value: a Settings whose numbers are in range,
    or one SettingsError line; never Python's own exception."""
    folder = tmp_path_factory.mktemp("settings")
    text = "".join(f"{table}{key} = {value}\n" for table, key, value in lines)
    try:
        settings = settings_in(folder, text)
    except SettingsError as error:
        assert "\n" not in str(error)
        return
    profile = settings.profile
    assert profile.max_sentence_words >= 1 and profile.max_grade > 0 and 0 <= profile.formulas_over_share <= 1
    assert "" not in settings.disabled
