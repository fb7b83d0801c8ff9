"""The analysis cache: results per span text, keyed by code, settings and glossary.

Lives in ``.easyread-cache/`` next to the settings (``cache-dir`` in the settings
moves it; it is git-ignored; ``--no-cache`` bypasses it). One JSON file per (code
version, settings, glossary) key, so a changed glossary or profile never reuses
stale results; inside it, entries are keyed by a hash of the text, so only changed
competences are re-analysed.

A disabled cache still remembers results for the rest of the run (the same text
twice in one run, or ``check`` scoring the rewritten text after the original, is
analysed once); it just never reads or writes files.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .output import write_atomic


@dataclass
class AnalysisCache:
    folder: Path | None
    _files: dict[str, dict[str, object]] = field(default_factory=dict)
    _dirty: set[str] = field(default_factory=set)

    @classmethod
    def disabled(cls) -> "AnalysisCache":
        """A cache that lives only as long as this run (``--no-cache``)."""
        return cls(None)

    def detached(self) -> "AnalysisCache":
        """A cache that starts with everything this one has read and never writes files.

        For a long-lived process (``easyread serve``) that checks many short-lived texts
        as an editor types: the project's results answer at once, the typed ones stay in memory.
        """
        return AnalysisCache(None, {key: dict(table) for key, table in self._files.items()})

    def _file(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"analysis-{hashlib.sha256(key.encode()).hexdigest()[:20]}.json"

    def _table(self, key: str) -> dict[str, object]:
        if key not in self._files:
            table: dict[str, object] = {}
            if self.folder is not None:
                try:
                    table = json.loads(self._file(key).read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    table = {}  # a missing or damaged cache is simply rebuilt
                if not isinstance(table, dict):
                    table = {}
            self._files[key] = table
        return self._files[key]

    @staticmethod
    def _entry_key(text: str, is_statement: bool) -> str:
        return hashlib.sha256(f"{int(is_statement)}\0{text}".encode()).hexdigest()[:24]

    def get(self, key: str, text: str, is_statement: bool) -> dict | None:
        value = self._table(key).get(self._entry_key(text, is_statement))
        return value if isinstance(value, dict) else None

    def put(self, key: str, text: str, is_statement: bool, value: dict) -> None:
        self._table(key)[self._entry_key(text, is_statement)] = value
        self._dirty.add(key)

    def save(self) -> None:
        """Write changed tables; a cache that cannot be written is skipped, not fatal."""
        if self.folder is None:
            self._dirty.clear()
            return
        for key in sorted(self._dirty):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                write_atomic(self._file(key), json.dumps(self._files[key], separators=(",", ":")))
            except OSError:
                pass
        self._dirty.clear()


def load_glossary_cached(path: Path, folder: Path | None):
    """The glossary, parsed once per version of the file (and of the code that reads it).

    Reading ``glossary.yml`` keeps every line number for error messages, which makes
    it the slowest step of a run that finds everything else in the cache (0.3 s for
    100 entries). A file that is unchanged since the last run is read from a pickle
    in the cache folder; a changed or broken file goes through ``load_glossary`` (and
    its errors) as usual. Without a cache folder it is simply loaded.
    """
    from . import glossary as glossary_module

    if folder is None:
        return glossary_module.load_glossary(path)
    try:
        data = Path(path).read_bytes()
        code = Path(glossary_module.__file__).read_bytes()
    except OSError:
        return glossary_module.load_glossary(path)   # let the loader report it
    digest = hashlib.sha256(data + b"\0" + code + str(path).encode()).hexdigest()[:24]
    stored = folder / f"glossary-{digest}.pickle"
    try:
        loaded = pickle.loads(stored.read_bytes())
        if isinstance(loaded, glossary_module.Glossary):
            return loaded
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    loaded = glossary_module.load_glossary(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("glossary-*.pickle"):
            old.unlink(missing_ok=True)
        write_atomic(stored, pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
    return loaded
