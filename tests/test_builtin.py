"""Tests for builtin.py: the curated glossary built in, and glossaries that extend it.

An editor with only ``pip install easyread`` checks a letter in their own folder: no
settings, no glossary.yml, and ``intervention`` is still found. And there is one copy
of the curated data, never two that can drift.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from easyread.builtin import CHECKOUT_FILE, INSTALLED_FILE, PACKAGE_FILE, builtin_glossary_path
from easyread.cli import main
from easyread.errors import GlossaryError, Msg
from easyread.glossary import check_glossary, load_glossary
from easyread.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = ROOT / "src" / "easyread" / PACKAGE_FILE


def test_one_copy_of_the_curated_glossary():
    """Either the repository root's glossary.yml (until the move) or the package's, never
    both; no link either (a symlink is no file on a Windows checkout)."""
    copies = [p for p in (ROOT / "glossary.yml", PACKAGED) if p.exists() or p.is_symlink()]
    assert len(copies) == 1, f"two copies of the curated glossary can drift: {copies}"
    assert not copies[0].is_symlink()
    assert builtin_glossary_path().resolve() == copies[0].resolve()
    assert CHECKOUT_FILE == ROOT / "glossary.yml"


def test_the_package_ships_its_data_folder():
    """After the move, setuptools packs data/glossary.yml with the other package data."""
    import tomllib

    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert "data/*" in package_data["easyread"]


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> Path:
    """A folder with no settings and no glossary anywhere above it, as the current folder."""
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_check_in_a_folder_with_no_settings_uses_the_built_in_glossary(elsewhere):
    (elsewhere / "letter.txt").write_text("Dear Sam,\n\nWe will plan an intervention with you.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "letter.txt", "--no-cache", "--no-rewrite"])
    assert result.exit_code == 1, result.output
    assert "letter.txt:3:17: error clinical-wording.intervention 'intervention' is clinical wording" in result.stdout
    assert load_settings().glossary == builtin_glossary_path()


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


OWN = """\
    version: 1
    extends: builtin
    entries:
      - id: intervention
        terms: [intervention]
        category: clinical
        status: approved
        action: replace
        plain: {base: help}
        provenance: [{source: Consultation}]
        examples: {flag: [an intervention], pass: [some help]}
      - id: clinic-visit
        terms: [clinic visit]
        category: wordy
        status: proposed
        action: flag
        provenance: [{source: Consultation}]
        examples: {flag: [your clinic visit], pass: [your visit]}
"""


def test_extends_builtin_adds_entries_and_replaces_those_with_the_same_id(tmp_path):
    builtin = load_glossary(builtin_glossary_path())
    own = load_glossary(write(tmp_path / "glossary.yml", OWN))
    ids = [e.id for e in own.entries]
    assert len(ids) == len(set(ids)) == len(builtin.entries) + 1
    assert own.entry("intervention").plain.base == "help"
    assert own.entry("clinic-visit").action == "flag"
    assert [p.id for p in own.phrases] == [p.id for p in builtin.phrases]


def test_extends_anything_else_is_a_glossary_problem(tmp_path):
    path = write(tmp_path / "glossary.yml", "version: 1\nextends: mine\nentries: []\n")
    _, problems = check_glossary(path)
    assert [(p.line, p.message) for p in problems] == [
        (2, Msg.E025.format(entry="(top level)", field="extends", allowed="builtin", value="mine"))]


def test_settings_may_name_the_built_in_glossary(tmp_path):
    write(tmp_path / "easyread.toml", 'glossary = "builtin"\n')
    write(tmp_path / "glossary.yml", "entries: []\n")
    assert load_settings(root=tmp_path).glossary == builtin_glossary_path()
    assert load_settings(root=tmp_path, glossary="builtin").glossary == builtin_glossary_path()
    assert load_settings(root=tmp_path, glossary="other.yml").glossary == Path("other.yml")


def test_a_project_glossary_is_used_instead_of_the_built_in_one(tmp_path):
    write(tmp_path / "glossary.yml", "entries: []\n")
    assert load_settings(root=tmp_path).glossary == tmp_path / "glossary.yml"


def test_a_cached_extending_glossary_follows_the_built_in_one(tmp_path, monkeypatch):
    """The cache key of a glossary that extends the built-in one includes the built-in
    file, so a new easyread with a grown curated glossary never serves the old one."""
    from easyread import builtin, cache

    path = write(tmp_path / "glossary.yml", OWN)
    first = cache.load_glossary_cached(path, tmp_path / "cache")
    (stored,) = (tmp_path / "cache").glob("glossary-*.json")
    changed = tmp_path / "curated.yml"
    changed.write_bytes(builtin_glossary_path().read_bytes() + b"\n# grown\n")
    monkeypatch.setattr(builtin, "builtin_glossary_path", lambda: changed)
    again = cache.load_glossary_cached(path, tmp_path / "cache")
    assert [e.id for e in again.entries] == [e.id for e in first.entries]
    assert [p.name for p in (tmp_path / "cache").glob("glossary-*.json")] != [stored.name]


def test_a_missing_built_in_glossary_is_one_clear_line(monkeypatch, tmp_path):
    from easyread import builtin

    monkeypatch.setattr(builtin, "CHECKOUT_FILE", tmp_path / "nowhere.yml")
    monkeypatch.setattr(builtin, "PACKAGE_FILE", "data/nowhere.yml")
    monkeypatch.setattr(builtin, "INSTALLED_FILE", Path("nowhere") / "glossary.yml")
    with pytest.raises(GlossaryError) as raised:
        builtin.builtin_glossary_path()
    assert str(raised.value) == f"error: {Msg.E037.format()}"


def test_an_installed_easyread_reads_the_copy_pip_put_in_its_prefix(monkeypatch, tmp_path):
    """pip install . (no checkout beside the package): <prefix>/share/easyread/glossary.yml."""
    from easyread import builtin

    installed = tmp_path / "share" / "easyread" / "glossary.yml"
    installed.parent.mkdir(parents=True)
    installed.write_text("version: 1\nentries: []\n", encoding="utf-8")
    monkeypatch.setattr(builtin, "CHECKOUT_FILE", tmp_path / "nowhere.yml")
    monkeypatch.setattr(builtin, "PACKAGE_FILE", "data/nowhere.yml")
    monkeypatch.setattr(builtin.sys, "prefix", str(tmp_path))
    assert builtin.builtin_glossary_path() == installed


def test_the_wheel_carries_the_curated_glossary():
    """pyproject.toml installs the root glossary.yml as data (where builtin.py looks)."""
    import tomllib

    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["data-files"]
    assert data_files == {str(INSTALLED_FILE.parent): ["glossary.yml"]}
