"""The analysis cache: results per span text, keyed by code, settings and glossary.

Lives in ``.easyread-cache/`` next to the settings (git-ignored; ``--no-cache``
bypasses it). One JSON file per (code version, settings, glossary) key, so a
changed glossary or profile never reuses stale results; inside it, entries are
keyed by a hash of the text, so only changed competences are re-analysed.
"""

from __future__ import annotations

import hashlib
import json
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
        return cls(None)

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
            self._files[key] = table
        return self._files[key]

    @staticmethod
    def _entry_key(text: str, is_statement: bool) -> str:
        return hashlib.sha256(f"{int(is_statement)}\0{text}".encode()).hexdigest()[:24]

    def get(self, key: str, text: str, is_statement: bool) -> dict | None:
        if self.folder is None:
            return None
        return self._table(key).get(self._entry_key(text, is_statement))  # type: ignore[return-value]

    def put(self, key: str, text: str, is_statement: bool, value: dict) -> None:
        if self.folder is None:
            return
        self._table(key)[self._entry_key(text, is_statement)] = value
        self._dirty.add(key)

    def save(self) -> None:
        """Write changed tables; a cache that cannot be written is skipped, not fatal."""
        if self.folder is None:
            return
        for key in sorted(self._dirty):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                write_atomic(self._file(key), json.dumps(self._files[key], separators=(",", ":")))
            except OSError:
                pass
        self._dirty.clear()
