"""The analysis cache and the parsed-glossary cache: keyed by text and by file version,
rebuilt when damaged, never written with --no-cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from easyread import glossary as glossary_module
from easyread.cache import AnalysisCache, load_glossary_cached
from easyread.errors import GlossaryError

DRAFTS = Path(__file__).resolve().parent / "fixtures" / "drafts"


def test_entries_are_kept_per_key_and_text(tmp_path):
    cache = AnalysisCache(tmp_path)
    cache.put("settings-a", "We help.", True, {"hits": [1]})
    assert cache.get("settings-a", "We help.", True) == {"hits": [1]}
    assert cache.get("settings-a", "We help.", False) is None   # a sub-point is analysed differently
    assert cache.get("settings-b", "We help.", True) is None
    cache.save()
    assert len(list(tmp_path.glob("analysis-*.json"))) == 1
    assert AnalysisCache(tmp_path).get("settings-a", "We help.", True) == {"hits": [1]}


def test_a_disabled_cache_remembers_for_the_run_and_writes_nothing(tmp_path):
    cache = AnalysisCache.disabled()
    cache.put("k", "text", True, {"x": 1})
    cache.save()
    assert cache.get("k", "text", True) == {"x": 1}
    assert AnalysisCache.disabled().get("k", "text", True) is None


@pytest.mark.parametrize("damage", ["{not json", "[1, 2]", ""])
def test_a_damaged_table_is_rebuilt(tmp_path, damage):
    cache = AnalysisCache(tmp_path)
    cache.put("k", "text", True, {"x": 1})
    cache.save()
    (table,) = tmp_path.glob("analysis-*.json")
    table.write_text(damage, encoding="utf-8")
    assert AnalysisCache(tmp_path).get("k", "text", True) is None


def test_an_unwritable_cache_is_not_fatal(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    cache = AnalysisCache(blocker)
    cache.put("k", "text", True, {"x": 1})
    cache.save()
    assert cache.get("k", "text", True) == {"x": 1}


def test_the_glossary_is_parsed_once_per_version_of_the_file(tmp_path, monkeypatch):
    path = tmp_path / "glossary.yml"
    shutil.copy(DRAFTS / "glossary.yml", path)
    calls: list[Path] = []
    real = glossary_module.load_glossary

    def counting(where):
        calls.append(Path(where))
        return real(where)
    monkeypatch.setattr(glossary_module, "load_glossary", counting)
    first = load_glossary_cached(path, tmp_path / "cache")
    again = load_glossary_cached(path, tmp_path / "cache")
    assert (len(calls), again) == (1, first)
    assert again.fingerprint == real(path).fingerprint
    path.write_text(path.read_text(encoding="utf-8").replace("kinds of support", "support sessions"),
                    encoding="utf-8")
    changed = load_glossary_cached(path, tmp_path / "cache")
    assert len(calls) == 2
    assert changed.entry("intervention").plain.plural == "support sessions"
    assert len(list((tmp_path / "cache").glob("glossary-*.pickle"))) == 1   # the old version is gone


def test_a_broken_glossary_still_reports_its_error(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text("version: 1\nentries:\n  - id: Bad Id\n", encoding="utf-8")
    with pytest.raises(GlossaryError):
        load_glossary_cached(path, tmp_path / "cache")
    with pytest.raises(GlossaryError):
        load_glossary_cached(tmp_path / "missing.yml", tmp_path / "cache")
    assert list((tmp_path / "cache").glob("glossary-*")) == []   # nothing kept for a broken file


def test_without_a_cache_folder_the_glossary_is_simply_loaded(tmp_path):
    loaded = load_glossary_cached(DRAFTS / "glossary.yml", None)
    assert [e.id for e in loaded.entries][:2] == ["intervention", "crisis-intervention"]
    assert not (tmp_path / "cache").exists()
