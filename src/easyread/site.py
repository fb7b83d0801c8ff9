"""What the Easy Read site says about itself: its title, who made it, how to contact them.

The words come, most specific first, from the draft's front matter (it is about this
document), then the project's settings (``[tool.easyread.site]``, about every
document of the project), then the document itself (its title: first heading or file
name), then the plain defaults in ``data/site.yml``, which name no document. So ``easyread build letter.txt`` makes a
site titled as the letter is, and the peer support framework's own wording lives in
this repository's ``pyproject.toml``, not in the package.

Keys (settings spell them with hyphens, like every easyread setting; front matter may
use either): ``title``, ``document`` (what this is an Easy Read version of),
``organisation``, ``made-by``, ``contact``, ``about`` (lines of the About page),
``intro`` (title-page rows: heading, picture, lines) and ``headings`` (Easy Read
headings by heading number; settings only).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .yamlio import load_data
from .errors import Msg, SettingsError
from .model import Framework

TEXT_KEYS = ("title", "document", "organisation", "made-by", "contact")
LIST_KEYS = ("about",)
SITE_KEYS = (*TEXT_KEYS, *LIST_KEYS, "intro", "headings")
FRONT_MATTER_KEYS = (*TEXT_KEYS, *LIST_KEYS)
INTRO_KEYS = {"heading", "picture", "lines"}


@dataclass(frozen=True)
class SiteText:
    """The site's own Easy Read words: package defaults with the project's and the draft's on top."""

    raw: dict

    def __getattr__(self, name: str):
        try:
            return self.raw[name]
        except KeyError:
            raise AttributeError(name) from None

    def heading(self, number: str) -> str | None:
        return self.raw["headings"].get(number)


@lru_cache(maxsize=1)
def package_site_text() -> dict:
    text = resources.files("easyread").joinpath("data/site.yml").read_text("utf-8")
    return load_data(text)


def site_text_for(framework: Framework, settings_site: dict[str, Any] | None = None) -> SiteText:
    """The site's words for this framework or draft under these settings."""
    raw = dict(package_site_text())
    chosen = {**(settings_site or {}), **_from_front_matter(framework)}
    title = chosen.get("title") or _document_title(framework)
    values = {
        "title": title,
        "document": chosen.get("document") or title,
        "organisation": chosen.get("organisation") or "",
        "contact": chosen.get("contact") or "",
    }
    values["made_by"] = chosen.get("made-by") or (
        f"This Easy Read version was made by {values['organisation']}." if values["organisation"]
        else raw["made_by_default"])
    raw.update(values)
    raw["about"] = [str(line) for line in chosen.get("about") or raw["about"]]
    intro = chosen.get("intro") or raw["intro"]
    raw["intro"] = [_filled(block, values) for block in [*intro, raw["how_to_read"]]]
    raw["intro"] = [block for block in raw["intro"] if block["lines"]]
    raw["headings"] = {str(k): str(v) for k, v in (chosen.get("headings") or raw["headings"] or {}).items()}
    return SiteText(raw)


def _from_front_matter(framework: Framework) -> dict[str, Any]:
    """Site keys from the drafts' front matter, the first file that sets each one winning.

    A framework domain's ``title`` is the domain's own, not the site's, so only a
    draft's front matter can give the site its title.
    """
    found: dict[str, Any] = {}
    for domain in framework.domains:
        for key in FRONT_MATTER_KEYS:
            value = domain.front_matter.get(key, domain.front_matter.get(key.replace("-", "_")))
            if value in (None, "", []) or key in found or (key == "title" and domain.is_framework):
                continue
            found[key] = value
    return found


def _document_title(framework: Framework) -> str:
    """A draft's own title (front matter, first heading or file name); for a framework,
    its first domain's file's title, else plain words."""
    drafts = [d for d in framework.domains if not d.is_framework]
    if drafts and drafts[0].title:
        return drafts[0].title
    return "Easy Read version"


def _filled(block: dict, values: dict[str, str]) -> dict:
    """A title-page row with {document}, {made_by}... filled in; lines whose value is unset go."""
    lines = []
    for line in block.get("lines", []):
        text = str(line)
        needed = [key for key in values if "{" + key + "}" in text]
        if all(values[key] for key in needed):
            lines.append(text.format(**values) if needed else text)
    return {"heading": str(block["heading"]), "picture": str(block["picture"]), "lines": lines}


def check_site_settings(table: Any, where: str) -> dict[str, Any]:
    """``[tool.easyread.site]`` as given, or a one-line settings error naming the key."""
    if not isinstance(table, dict):
        raise SettingsError(Msg.E042.format(key="site", expected="a table ([tool.easyread.site])"), path=where or None)
    for key, value in table.items():
        if key not in SITE_KEYS:
            raise SettingsError(Msg.E044.format(key=f"site.{key}", known=", ".join(SITE_KEYS)), path=where or None)
        if key in TEXT_KEYS and not isinstance(value, str):
            _wrong(key, "text in quotes", where)
        if key in LIST_KEYS and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            _wrong(key, "a list of lines in quotes", where)
        if key == "headings" and not (isinstance(value, dict) and all(isinstance(v, str) for v in value.values())):
            _wrong(key, 'a table of heading number = "Easy Read heading"', where)
        if key == "intro" and not (isinstance(value, list) and all(_is_intro_block(b) for b in value)):
            _wrong(key, "a list of [[tool.easyread.site.intro]] tables with heading, picture and lines", where)
    return dict(table)


def _is_intro_block(block: Any) -> bool:
    return (isinstance(block, dict) and set(block) == INTRO_KEYS and isinstance(block["heading"], str)
            and isinstance(block["picture"], str) and isinstance(block["lines"], list)
            and all(isinstance(line, str) for line in block["lines"]))


def _wrong(key: str, expected: str, where: str) -> None:
    raise SettingsError(Msg.E042.format(key=f"site.{key}", expected=expected), path=where or None)
