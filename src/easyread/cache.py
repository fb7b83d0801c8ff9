"""The analysis cache and the parsed-glossary cache: data only, never code.

Lives in ``.easyread-cache/`` next to the settings (``cache-dir`` in the settings
moves it; it is git-ignored; ``--no-cache`` bypasses it). One JSON file per (code
version, settings, glossary) key, so a changed glossary or profile never reuses
stale results; inside it, entries are keyed by a hash of the text, so only changed
competences are re-analysed.

A cache folder may come from somewhere else (a repository that commits it, a shared
``cache-dir``), so (issue 14):

- everything in it is JSON, which cannot run code when read (the glossary cache was
  a pickle);
- every file is sealed with an HMAC under a key only this user can read
  (``~/.cache/easyread/cache-key``, made on first use, mode 0600): a file this user's
  easyread did not write (planted, committed, another user's) is ignored, so cached
  text can never stand in for the editor's own (the parsed model, the analysis and
  the rewrites are all cached);
- an entry that is damaged, too big or not of the expected shape is ignored and
  rebuilt, never trusted.

A disabled cache still remembers results for the rest of the run (the same text
twice in one run, or ``check`` scoring the rewritten text after the original, is
analysed once); it just never reads or writes files.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import types
import typing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable, TypeVar

from .errors import EasyReadError
from .output import write_atomic

# A table bigger than this is not read (a planted or runaway file); it is rebuilt.
MAX_CACHE_BYTES = 64 * 1024 * 1024
# Bump when the glossary cache's format changes; the code that reads the glossary is
# part of its key as well (GLOSSARY_CODE), so a change there also rebuilds it.
GLOSSARY_CACHE_VERSION = "glossary-json-1"
GLOSSARY_CODE = ("glossary.py", "content.py", "yamlio.py", "cache.py")
GLOSSARY_FILE = re.compile(r"glossary-[0-9a-f]{24}\.(?:json|pickle)")   # .pickle: what old versions left
# What a decoder may raise on an entry of the wrong shape (then it is simply not used).
WRONG_SHAPE = (KeyError, IndexError, TypeError, ValueError, AttributeError)
T = TypeVar("T")


SEAL = b"easyread-cache-1 "   # then the HMAC of the rest, a new line, and the JSON


def read_json(path: Path) -> Any:
    """A cache file's JSON, or None when it is missing, damaged, too big, or not sealed
    with this user's key (not written by this user's easyread)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CACHE_BYTES + 1)
    except OSError:
        return None
    data = unseal(raw) if len(raw) <= MAX_CACHE_BYTES else None
    if data is None:
        return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError):   # not JSON, or nested thousands deep
        return None


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as sealed JSON, atomically (an OSError if it cannot be written)."""
    raw = seal(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    if raw is None:
        raise OSError("no cache key")   # no key: nothing is kept on disk
    write_atomic(path, raw)


def seal(data: bytes) -> bytes | None:
    key = cache_key()
    if key is None:
        return None
    return SEAL + hmac.new(key, data, hashlib.sha256).hexdigest().encode() + b"\n" + data


def unseal(raw: bytes) -> bytes | None:
    """The JSON inside a sealed file, or None if the seal is not this user's."""
    key = cache_key()
    head, _, data = raw.partition(b"\n")
    if key is None or not head.startswith(SEAL):
        return None
    expected = hmac.new(key, data, hashlib.sha256).hexdigest().encode()
    return data if hmac.compare_digest(head[len(SEAL):], expected) else None


@functools.lru_cache(maxsize=1)
def cache_key() -> bytes | None:
    """This user's cache key (32 random bytes), made on first use; None if it cannot be
    kept (no home folder): then nothing is read from or written to a cache folder."""
    try:
        folder = key_folder()
        path = folder / "cache-key"
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:   # another run made it meanwhile
                pass
            else:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(secrets.token_bytes(32))
        key = path.read_bytes()
    except (OSError, RuntimeError):
        return None
    return key if len(key) == 32 else None


def key_folder() -> Path:
    """Where this user's own cache key lives, outside every project."""
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    return Path(base) / "easyread" if base else Path.home() / ".cache" / "easyread"


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
            table = read_json(self._file(key)) if self.folder is not None else None
            self._files[key] = table if isinstance(table, dict) else {}   # missing or damaged: rebuilt
        return self._files[key]

    @staticmethod
    def _entry_key(text: str, is_statement: bool) -> str:
        return hashlib.sha256(f"{int(is_statement)}\0{text}".encode()).hexdigest()[:24]

    def get(self, key: str, text: str, is_statement: bool,
            decode: Callable[[dict], T] | None = None) -> dict | T | None:
        """The entry stored for ``text``, or None. With ``decode``, the decoded entry;
        one that ``decode`` cannot read (a damaged or foreign file) counts as missing."""
        value = self._table(key).get(self._entry_key(text, is_statement))
        if not isinstance(value, dict):
            return None
        if decode is None:
            return value
        try:
            return decode(value)
        except WRONG_SHAPE:
            return None

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
                write_json(self._file(key), self._files[key])
            except OSError:
                pass
        self._dirty.clear()


# ---------------------------------------------------------------- the parsed glossary


def load_glossary_cached(path: Path, folder: Path | None):
    """The glossary, parsed once per version of the file (and of the code that reads it).

    Reading ``glossary.yml`` keeps every line number for error messages, which makes
    it the slowest step of a run that finds everything else in the cache (0.3 s for
    100 entries). A file that is unchanged since the last run is read from JSON in
    the cache folder, checked field by field against the glossary's own types; a
    changed or broken file, or a cache entry of any other shape, goes through
    ``load_glossary`` (and its errors) as usual. Without a cache folder it is simply
    loaded.
    """
    from . import glossary as glossary_module

    if folder is None:
        return glossary_module.load_glossary(path)
    try:
        data = Path(path).read_bytes()
    except OSError:
        return glossary_module.load_glossary(path)   # let the loader report it
    if re.search(rb"^extends\s*:", data, re.MULTILINE):   # extends the built-in glossary: its version counts too
        from .builtin import builtin_glossary_path
        try:
            data += b"\0" + builtin_glossary_path().read_bytes()
        except (OSError, EasyReadError):
            return glossary_module.load_glossary(path)   # let the loader report it
    stored = folder / f"glossary-{glossary_key(data, str(path))}.json"
    cached = read_json(stored)
    if cached is not None:
        try:
            return from_json(glossary_module.Glossary, cached)
        except WrongShape:
            pass
    loaded = glossary_module.load_glossary(path)
    _store_glossary(folder, stored, loaded)
    return loaded


def glossary_key(data: bytes, path: str) -> str:
    """What the parsed glossary depends on: the file, its path, and the code that reads it."""
    digest = hashlib.sha256(GLOSSARY_CACHE_VERSION.encode())
    for part in (data, path.encode("utf-8", "surrogateescape"), _glossary_code()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:24]


@functools.lru_cache(maxsize=1)
@functools.lru_cache(maxsize=None)
def code_fingerprint(version: str, files: tuple[str, ...]) -> str:
    """A hash of a version string and of package files (code and rule data), for a cache
    key: results made by other code or other rules are never reused, even where nobody
    remembered to bump the version string."""
    digest = hashlib.sha256(version.encode())
    package = resources.files("easyread")
    for name in files:
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def _glossary_code() -> bytes:
    return code_fingerprint(GLOSSARY_CACHE_VERSION, GLOSSARY_CODE).encode()


def _store_glossary(folder: Path, stored: Path, loaded: Any) -> None:
    """Keep one parsed version; tidy older ones (and pickles an older easyread left)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            if GLOSSARY_FILE.fullmatch(old.name) and old != stored:
                old.unlink(missing_ok=True)
        write_json(stored, to_json(loaded))
    except OSError:
        pass


# ---------------------------------------------------------------- dataclasses <-> JSON, strictly


class WrongShape(ValueError):
    """Cached JSON that is not what the dataclass's own types say: ignore it."""


def to_json(value: Any) -> Any:
    """A dataclass tree as JSON data: each dataclass a mapping of its fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    return value


def from_json(kind: Any, data: Any) -> Any:
    """``data`` rebuilt as ``kind`` (a type hint), checked at every level.

    Every dataclass must get exactly its fields, every value exactly its declared
    type (``tuple[str, ...]``, ``int | None``, a nested dataclass), so a loaded value
    equals the one that was stored, and anything else raises ``WrongShape``.
    """
    if kind is Any:
        return data
    if dataclasses.is_dataclass(kind):
        return _dataclass_from_json(kind, data)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        for option in (a for a in args if a is not type(None)):
            try:
                return from_json(option, data)
            except WrongShape:
                continue
        raise WrongShape(f"{data!r:.40} is none of {args}")
    if origin in (tuple, list):
        if not isinstance(data, list):
            raise WrongShape(f"expected a list, not {type(data).__name__}")
        item = args[0] if args else Any
        return origin(from_json(item, value) for value in data)
    if origin is dict:
        if not isinstance(data, dict):
            raise WrongShape(f"expected a mapping, not {type(data).__name__}")
        return {from_json(args[0], k): from_json(args[1], v) for k, v in data.items()}
    if kind in (str, int, float, bool) and type(data) is kind:   # not isinstance: True is no int
        return data
    raise WrongShape(f"expected {kind}, not {type(data).__name__}")


def _dataclass_from_json(kind: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise WrongShape(f"{kind.__name__}: expected a mapping")
    names, hints = _fields_of(kind)
    if len(data) != len(names) or not all(name in data for name in names):
        raise WrongShape(f"{kind.__name__}: fields {sorted(data)} are not {sorted(names)}")
    return kind(**{name: from_json(hints[name], data[name]) for name in names})


@functools.lru_cache(maxsize=None)
def _fields_of(kind: type) -> tuple[tuple[str, ...], dict[str, Any]]:
    """A dataclass's fields and their types, worked out once per class (get_type_hints
    evaluates every annotation's string each time: most of a warm run's glossary load)."""
    return tuple(f.name for f in dataclasses.fields(kind) if f.init), typing.get_type_hints(kind)
