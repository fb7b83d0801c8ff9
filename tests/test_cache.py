"""The analysis cache and the parsed-glossary cache: keyed by text and by file version,
rebuilt when damaged, never written with --no-cache, and never able to run code."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
import shutil
from pathlib import Path

import pytest

from easyread import cache as cache_module
from easyread import glossary as glossary_module
from easyread.cache import AnalysisCache, WrongShape, from_json, glossary_key, load_glossary_cached
from easyread.errors import GlossaryError

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"
GLOSSARIES = [ROOT / "glossary.yml", DRAFTS / "glossary.yml", ROOT / "tests" / "fixtures" / "glossary" / "small.yml"]


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
    assert len(list((tmp_path / "cache").glob("glossary-*.json"))) == 1   # the old version is gone


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


# ---------------------------------------------------------------- no code from the cache (issue 14)


def same_in_every_field(a, b, where="glossary"):
    """Equal, and of the same type at every level (a tuple never comes back as a list)."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            same_in_every_field(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            same_in_every_field(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


@pytest.mark.parametrize("path", GLOSSARIES, ids=lambda p: p.parent.name + "/" + p.name)
def test_a_glossary_read_from_the_cache_is_the_loaded_one_field_by_field(tmp_path, path):
    local = tmp_path / "glossary.yml"
    shutil.copy(path, local)
    loaded = glossary_module.load_glossary(local)
    assert load_glossary_cached(local, tmp_path / "cache") == loaded        # written
    (stored,) = (tmp_path / "cache").glob("glossary-*.json")
    assert isinstance(cache_module.read_json(stored), dict)                  # sealed JSON
    cached = load_glossary_cached(local, tmp_path / "cache")                 # read back
    same_in_every_field(cached, loaded)
    assert cached.fingerprint == loaded.fingerprint


class Payload:
    """A pickle that creates a file when it is loaded (as an attacker's would run a command)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "pickle ran"))


def old_names(path: Path) -> list[str]:
    """Every name the pickle cache had for this glossary (before issue 14)."""
    data, code = path.read_bytes(), Path(glossary_module.__file__).read_bytes()
    digest = hashlib.sha256(data + b"\0" + code + str(path).encode()).hexdigest()[:24]
    return [f"glossary-{digest}.pickle"]


def test_a_planted_pickle_is_never_loaded_whatever_its_name(tmp_path, monkeypatch):
    path = tmp_path / "glossary.yml"
    shutil.copy(DRAFTS / "glossary.yml", path)
    cache = tmp_path / "cache"
    cache.mkdir()
    marker = tmp_path / "pwned"
    payload = pickle.dumps(Payload(marker))
    new_name = f"glossary-{glossary_key(path.read_bytes(), str(path))}.json"
    for name in [*old_names(path), new_name]:
        (cache / name).write_bytes(payload)
    loads = []
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: loads.append(a) or pytest.fail("pickle.loads called"))
    monkeypatch.setattr(pickle, "load", lambda *a, **k: loads.append(a) or pytest.fail("pickle.load called"))
    glossary = load_glossary_cached(path, cache)
    assert glossary == glossary_module.load_glossary(path) and not marker.exists() and loads == []
    assert sorted(p.name for p in cache.iterdir()) == [new_name]    # the pickles are tidied away
    assert cache_module.read_json(cache / new_name)["path"] == str(path)


def test_the_cache_module_cannot_unpickle():
    source = Path(cache_module.__file__).read_text(encoding="utf-8")
    assert "import pickle" not in source and "marshal" not in source and "shelve" not in source


@pytest.mark.parametrize("damage", [
    lambda d: d.update(entries="not a list"),
    lambda d: d["entries"][0].update(terms="intervention"),                 # text where a list goes
    lambda d: d["entries"][0].update(line="3"),                             # text where a number goes
    lambda d: d["entries"][0].update(line=True),                            # true is no line number
    lambda d: d["entries"][0].pop("category"),                              # a field missing
    lambda d: d["entries"][0].update(extra="field"),                        # a field too many
    lambda d: d["entries"][0]["provenance"][0].update(respondent=[1]),
    lambda d: d["entries"][0].update(plain={"base": 3}),
    lambda d: d.clear(),
])
def test_a_cached_glossary_of_the_wrong_shape_is_rebuilt_not_trusted(tmp_path, monkeypatch, damage):
    path = tmp_path / "glossary.yml"
    shutil.copy(DRAFTS / "glossary.yml", path)
    good = load_glossary_cached(path, tmp_path / "cache")
    (stored,) = (tmp_path / "cache").glob("glossary-*.json")
    data = cache_module.read_json(stored)
    damage(data)
    cache_module.write_json(stored, data)   # sealed as ours: only the shape is wrong (an older easyread)
    calls = []
    real = glossary_module.load_glossary
    monkeypatch.setattr(glossary_module, "load_glossary", lambda where: calls.append(where) or real(where))
    same_in_every_field(load_glossary_cached(path, tmp_path / "cache"), good)
    assert len(calls) == 1
    same_in_every_field(from_json(glossary_module.Glossary, cache_module.read_json(stored)), good)


@pytest.mark.parametrize("kind, data", [(int, True), (int, 1.0), (str, None), (tuple[str, ...], "ab"),
                                        (int | None, "1"), (dict[str, int], [])])
def test_strict_json_refuses_near_misses(kind, data):
    with pytest.raises(WrongShape):
        from_json(kind, data)


def test_the_glossary_cache_key_covers_file_path_and_the_reading_code(tmp_path, monkeypatch):
    key = glossary_key(b"version: 1", "glossary.yml")
    assert glossary_key(b"version: 2", "glossary.yml") != key
    assert glossary_key(b"version: 1", "other/glossary.yml") != key
    assert {"glossary.py", "content.py", "yamlio.py"} <= set(cache_module.GLOSSARY_CODE)
    monkeypatch.setattr(cache_module, "_glossary_code", lambda: b"changed normalisation")
    assert glossary_key(b"version: 1", "glossary.yml") != key


@pytest.mark.parametrize("stored", [
    {"sentences": "not a list", "hits": []},
    {"hits": []},
    {"sentences": [[0, 1]], "hits": [["too", "short"]]},
])
def test_analysis_entries_a_decoder_cannot_read_count_as_missing(tmp_path, stored):
    from easyread.analyse import SpanAnalysis

    cache = AnalysisCache(tmp_path)
    cache.put("k", "We help.", True, stored)
    cache.save()
    assert AnalysisCache(tmp_path).get("k", "We help.", True, decode=SpanAnalysis.from_json) is None
    assert AnalysisCache(tmp_path).get("k", "We help.", True) == stored


def test_a_huge_or_deeply_nested_analysis_table_is_not_read(tmp_path, monkeypatch):
    cache = AnalysisCache(tmp_path)
    cache.put("k", "text", True, {"x": "y" * 2000})
    cache.save()
    (table,) = tmp_path.glob("analysis-*.json")
    monkeypatch.setattr(cache_module, "MAX_CACHE_BYTES", 1000)
    assert AnalysisCache(tmp_path).get("k", "text", True) is None
    monkeypatch.undo()
    cache_module.write_atomic(table, cache_module.seal(("[" * 100_000 + "]" * 100_000).encode()))
    assert AnalysisCache(tmp_path).get("k", "text", True) is None


def test_a_cache_file_this_user_did_not_write_is_not_read(tmp_path, monkeypatch):
    """A planted or committed cache of the right shape (here: a glossary whose plain words
    were changed, and an analysis table) is ignored: only this user's key seals a file."""
    path = tmp_path / "glossary.yml"
    shutil.copy(DRAFTS / "glossary.yml", path)
    good = load_glossary_cached(path, tmp_path / "cache")
    (stored,) = (tmp_path / "cache").glob("glossary-*.json")
    planted = cache_module.read_json(stored)
    planted["entries"][0]["plain"]["base"] = "words nobody approved"
    data = json.dumps(planted).encode()
    for raw in (data, cache_module.SEAL + b"0" * 64 + b"\n" + data):   # unsealed; sealed with another key
        stored.write_bytes(raw)
        assert load_glossary_cached(path, tmp_path / "cache") == good
    cache = AnalysisCache(tmp_path / "cache")
    cache.put("k", "We help.", True, {"x": 1})
    cache.save()
    (table,) = (tmp_path / "cache").glob("analysis-*.json")
    monkeypatch.setattr(cache_module, "cache_key", lambda: b"another user's key 32 bytes long")
    assert AnalysisCache(tmp_path / "cache").get("k", "We help.", True) is None
    assert table.read_bytes().startswith(cache_module.SEAL)


def test_the_cache_key_is_made_once_readable_only_by_its_user(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    cache_module.cache_key.cache_clear()
    try:
        key = cache_module.cache_key()
        path = tmp_path / "home-cache" / "easyread" / "cache-key"
        assert len(key) == 32 and path.read_bytes() == key and (path.stat().st_mode & 0o077) == 0
        cache_module.cache_key.cache_clear()
        assert cache_module.cache_key() == key
        (tmp_path / "home-cache" / "easyread" / "cache-key").write_bytes(b"short")
        cache_module.cache_key.cache_clear()
        assert cache_module.cache_key() is None    # a damaged key: nothing read from or written to disk
        cache = AnalysisCache(tmp_path / "cache")
        cache.put("k", "t", True, {"x": 1})
        cache.save()
        assert not list((tmp_path / "cache").glob("*.json")) and cache.get("k", "t", True) == {"x": 1}
    finally:
        cache_module.cache_key.cache_clear()
