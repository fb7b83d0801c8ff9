"""Which picture goes with which Easy Read row, and what its alt text says.

Easy Read puts a picture next to every idea (DoH-2009, ``picture-left``). The choice
is data (``data/pictures.yml``), not code: a picture an editor set wins, then the
first keyword entry whose words appear in the row, then the section's default. A
default says nothing the words do not, so it is decorative (``alt=""``) and the row
is recorded for the editor's report. Pictures are OpenMoji SVGs (CC BY-SA 4.0)
vendored into ``static/pictures`` by ``tools/vendor_openmoji.py``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ruamel.yaml import YAML

from .errors import InputError, Msg
from .model import Competence, Domain

EDITOR, KEYWORD, DEFAULT = "editor", "keyword", "default"
STATIC = "static/pictures"


@dataclass(frozen=True)
class Picture:
    """One row's picture: the OpenMoji code, its alt text ("" = decorative), and why it was chosen."""

    code: str
    alt: str
    source: str

    @property
    def path(self) -> str:
        return f"{STATIC}/{self.code}.svg"


@dataclass(frozen=True)
class Keyword:
    pattern: re.Pattern[str]
    code: str
    alt: str


@dataclass(frozen=True)
class PictureTable:
    """The curated table: what each picture shows, keywords in order, section defaults."""

    shows: dict[str, str]
    keywords: tuple[Keyword, ...]
    sections: dict[str, str]
    fallback: str
    vendored: dict[str, dict[str, str]]

    def describe(self, code: str) -> str:
        """What a picture shows: the curated words, else OpenMoji's own name for it."""
        if code in self.shows:
            return self.shows[code]
        name = self.vendored.get(code, {}).get("annotation", "")
        return name[:1].upper() + name[1:]

    def require(self, code: str, where: str) -> str:
        """An editor-set code must be a vendored picture, or the page would show a hole."""
        if code not in self.vendored:
            raise InputError(Msg.E056.format(code=code, where=where))
        return code

    def by_keyword(self, text: str) -> Keyword | None:
        return next((k for k in self.keywords if k.pattern.search(text)), None)

    def section_default(self, heading: str) -> str:
        """The default of the nearest numbered heading above (2.5.3 -> 2.5 -> 2)."""
        parts = heading.split(".") if heading else []
        while parts:
            code = self.sections.get(".".join(parts))
            if code:
                return code
            parts.pop()
        return self.fallback

    def for_row(self, text: str, competence: Competence, domain: Domain, first: bool,
                editor_code: str | None) -> Picture:
        """The picture for one row of a competence (``first``: its first row).

        ``editor_code`` is the editor's choice for this row (an approval's ``pictures``);
        front matter ``pictures:`` by competence id sets the first row only.
        """
        chosen = editor_code or (_front_matter_picture(domain, competence.id) if first else None)
        if chosen:
            code, alt = chosen if isinstance(chosen, tuple) else (chosen, "")
            code = self.require(code, f"competence {competence.id}")
            return Picture(code, alt or self.describe(code), EDITOR)
        keyword = self.by_keyword(text)
        if keyword is not None:
            return Picture(keyword.code, keyword.alt, KEYWORD)
        return Picture(self.section_for(domain, competence.heading), "", DEFAULT)

    def section_for(self, domain: Domain, heading: str) -> str:
        """A section's default: set by the editor in front matter, else the table's."""
        parts = heading.split(".") if heading else []
        while parts:
            chosen = _front_matter_picture(domain, ".".join(parts))
            if chosen:
                code = chosen[0] if isinstance(chosen, tuple) else chosen
                return self.require(code, f"section {'.'.join(parts)} of {domain.path}")
            parts.pop()
        if domain.front_matter.get("picture"):
            return self.require(str(domain.front_matter["picture"]), f"the front matter of {domain.path}")
        return self.section_default(heading or domain.number)

    def for_domain(self, domain: Domain) -> str:
        return self.section_for(domain, domain.number)


def _front_matter_picture(domain: Domain, key: str) -> str | tuple[str, str] | None:
    """``pictures: {ID: CODE}`` or ``{ID: {picture: CODE, alt: "..."}}`` in the front matter."""
    value = (domain.front_matter.get("pictures") or {}).get(key)
    if isinstance(value, dict):
        return (str(value.get("picture")), str(value.get("alt") or "")) if value.get("picture") else None
    return str(value) if value else None


def _pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def picture_table() -> PictureTable:
    """The package's table (read once), checked against the vendored pictures."""
    package = resources.files("easyread")
    raw = YAML(typ="safe", pure=True).load(package.joinpath("data/pictures.yml").read_text("utf-8"))
    vendored = json.loads(package.joinpath(f"{STATIC}/openmoji.json").read_text("utf-8"))["pictures"]
    keywords = tuple(Keyword(_pattern(k["words"]), str(k["picture"]), str(k["alt"])) for k in raw["keywords"])
    table = PictureTable(shows={str(c): str(v["shows"]) for c, v in raw["pictures"].items()},
                         keywords=keywords, sections={str(k): str(v) for k, v in raw["sections"].items()},
                         fallback=str(raw["fallback"]), vendored=vendored)
    for code in [*table.shows, *(k.code for k in keywords), *table.sections.values(), table.fallback]:
        table.require(code, "data/pictures.yml")
    return table
