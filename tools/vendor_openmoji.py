"""Copy the OpenMoji pictures the Easy Read site uses into the package.

OpenMoji (CC BY-SA 4.0) ships about 4,500 SVGs in the npm package ``openmoji``. The
site needs only the curated ones in ``src/easyread/data/pictures.yml`` (which
``concepts.yml`` picks from) plus any that editors set in content
(``content/approved/*.yml`` ``picture:``/``pictures:``, front matter ``picture:`` /
``pictures:``) or in the glossary (``picture:``). This script fetches the pinned
package with ``npm pack`` (or reads an unpacked copy given with ``--from``), copies
those SVGs (and the title page's, from ``data/site.yml`` and this repository's
``[tool.easyread.site]``), the licence, and a small ``openmoji.json``: for each picture
its OpenMoji name, tags and group (the picture choice reads the tags; the editor's
workspace searches them) and its author (for the attribution). npm is needed only
here, never to build the site.

    python tools/vendor_openmoji.py            # fetch openmoji@VERSION with npm
    python tools/vendor_openmoji.py --from DIR # use an unpacked package
    python tools/vendor_openmoji.py --check    # exit 1 if a used picture is missing
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from ruamel.yaml import YAML

VERSION = "17.0.0"
ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "src" / "easyread" / "data" / "pictures.yml"
CONCEPTS = ROOT / "src" / "easyread" / "data" / "concepts.yml"
SITE = ROOT / "src" / "easyread" / "data" / "site.yml"
TARGET = ROOT / "src" / "easyread" / "static" / "pictures"
CODE = re.compile(r"^[0-9A-F]{4,6}(?:-[0-9A-F]{4,6})*$")


def used_codes() -> set[str]:
    """Every OpenMoji code the table, the glossary and the content refer to."""
    yaml = YAML(typ="safe", pure=True)
    table = yaml.load(TABLE.read_text(encoding="utf-8"))
    codes = set(table["pictures"]) | set(table["fallback"])
    concepts = yaml.load(CONCEPTS.read_text(encoding="utf-8"))["concepts"]
    codes |= {str(code) for concept in concepts.values() for code in concept["pictures"]}
    site = yaml.load(SITE.read_text(encoding="utf-8"))
    codes |= {str(block["picture"]) for block in [*site["intro"], site["how_to_read"]]}
    codes |= {str(site["word_bank_picture"]), str(site["about_picture"])}
    codes |= {str(block["picture"]) for block in project_site().get("intro", [])}
    glossary = ROOT / "glossary.yml"
    if glossary.exists():
        data = yaml.load(glossary.read_text(encoding="utf-8")) or {}
        codes |= {str(e["picture"]) for e in data.get("entries", []) if e.get("picture")}
    for path in sorted((ROOT / "content" / "approved").glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8")) or {}
        for value in data.values():
            if isinstance(value, dict):
                codes |= {str(c) for c in [value.get("picture"), *(value.get("pictures") or [])] if c}
    for path in sorted((ROOT / "content").glob("*.md")):
        codes |= front_matter_codes(path.read_text(encoding="utf-8"))
    bad = sorted(c for c in codes if not CODE.match(c))
    if bad:
        sys.exit(f"not OpenMoji codes (like 1F91D): {', '.join(bad)}")
    return codes


def project_site() -> dict:
    """This repository's own site settings ([tool.easyread.site] in pyproject.toml)."""
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data.get("tool", {}).get("easyread", {}).get("site", {})


def front_matter_codes(text: str) -> set[str]:
    """Picture codes set in a content file's front matter (``picture:``, ``pictures:``)."""
    if not text.startswith("---\n"):
        return set()
    end = text.find("\n---", 4)
    data = YAML(typ="safe", pure=True).load(text[4:end]) or {}
    codes = {str(data["picture"])} if data.get("picture") else set()
    for value in (data.get("pictures") or {}).values():
        for item in value if isinstance(value, list) else [value]:
            code = item.get("picture") if isinstance(item, dict) else item
            if code:
                codes.add(str(code))
    return codes


def fetch(folder: Path) -> Path:
    """``npm pack openmoji@VERSION`` into ``folder`` and unpack it; return the package root."""
    subprocess.run(["npm", "pack", f"openmoji@{VERSION}", "--silent"], cwd=folder, check=True,
                   stdout=subprocess.DEVNULL)
    with tarfile.open(folder / f"openmoji-{VERSION}.tgz") as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


def vendor(package: Path, codes: set[str]) -> None:
    """Replace TARGET with exactly the used SVGs, the licence and their metadata."""
    data = {e["hexcode"]: e for e in json.loads((package / "data" / "openmoji.json").read_text("utf-8"))}
    missing = sorted(c for c in codes if c not in data)
    if missing:
        sys.exit(f"not in openmoji {VERSION}: {', '.join(missing)}")
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    for code in sorted(codes):
        shutil.copyfile(package / "color" / "svg" / f"{code}.svg", TARGET / f"{code}.svg")
    shutil.copyfile(package / "LICENSE.txt", TARGET / "LICENSE.txt")
    meta = {code: {"annotation": data[code]["annotation"], "author": data[code]["openmoji_author"],
                   "tags": tags(data[code]), "group": data[code]["group"]}
            for code in sorted(codes)}
    (TARGET / "openmoji.json").write_text(
        json.dumps({"version": VERSION, "license": "CC-BY-SA-4.0", "pictures": meta},
                   indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"vendored {len(codes)} OpenMoji {VERSION} pictures into {TARGET.relative_to(ROOT)}")


def tags(entry: dict) -> list[str]:
    """OpenMoji's Unicode tags and its own tags for a picture, each once, in order."""
    found = [t.strip() for field in ("tags", "openmoji_tags") for t in entry.get(field, "").split(",")]
    return list(dict.fromkeys(t for t in found if t))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path, help="an unpacked openmoji package")
    parser.add_argument("--check", action="store_true", help="only report missing pictures")
    args = parser.parse_args()
    codes = used_codes()
    if args.check:
        missing = sorted(c for c in codes if not (TARGET / f"{c}.svg").exists())
        print("\n".join(missing) or f"all {len(codes)} pictures are vendored")
        return 1 if missing else 0
    if args.source:
        vendor(args.source, codes)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        vendor(fetch(Path(folder)), codes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
