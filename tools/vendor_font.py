"""Copy the Atkinson Hyperlegible font (SIL OFL 1.1) into the package.

Atkinson Hyperlegible was designed by the Braille Institute for readers with low
vision: letters that are easy to tell apart (I, l, 1; O, 0). The npm package
``@fontsource/atkinson-hyperlegible`` carries it as WOFF2 files with its licence.
We vendor only the regular and bold Latin faces (Easy Read uses no italics) and the
licence; npm is needed only here.

    python tools/vendor_font.py            # fetch the pinned package with npm
    python tools/vendor_font.py --from DIR # use an unpacked package
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@fontsource/atkinson-hyperlegible"
VERSION = "5.3.0"
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "easyread" / "static" / "fonts"
FACES = ("atkinson-hyperlegible-latin-400-normal.woff2", "atkinson-hyperlegible-latin-700-normal.woff2")


def fetch(folder: Path) -> Path:
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=folder, check=True,
                   stdout=subprocess.DEVNULL)
    archive_path = next(folder.glob("*.tgz"))
    with tarfile.open(archive_path) as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


def vendor(package: Path) -> None:
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    for face in FACES:
        shutil.copyfile(package / "files" / face, TARGET / face)
    shutil.copyfile(package / "LICENSE", TARGET / "OFL.txt")
    print(f"vendored {PACKAGE}@{VERSION} ({len(FACES)} faces) into {TARGET.relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path, help="an unpacked package")
    args = parser.parse_args()
    if args.source:
        vendor(args.source)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        vendor(fetch(Path(folder)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
