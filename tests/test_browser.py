"""The Easy Read site in a real browser: accessibility, layout, phone, no JavaScript.

Headless Chromium from Debian (/usr/bin/chromium; .ci/run installs it), driven by
Playwright for Python (Playwright's own browser download does not work here). axe-core
comes from node_modules (npm ci). Screenshots of the index and a domain page, at
desktop and phone widths, are saved into artifacts/ for a reviewer to look at.
"""

from __future__ import annotations

import pytest

from browser.helpers import ARTIFACTS, AXE, CHROMIUM, CHROMIUM_ARGS, built_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium; .ci/run does)"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip install -e '.[test]')")

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MIN_FONT_PX = 19  # 14 point (DoH-2009, GOV.UK-ACF)
PHONE_PICTURE_PX = (56, 72)  # "about 64px" below 600px wide (issue 16)
MIN_CHARS_PER_LINE = 25      # no line of body text shorter than about 25 characters


@pytest.fixture(scope="module")
def chromium():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site():
    return built_site()


def open_page(chromium, path, viewport=DESKTOP, javascript=True):
    context = chromium.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page


def domain_page(site):
    return sorted(site.glob("domain-3*.html"))[0]


def test_axe_finds_no_violations_on_any_page(chromium, site):
    if not AXE.exists():
        pytest.skip("needs node_modules/axe-core (npm ci)")
    found = {}
    # report.html (for editors) has its own axe test in test_report.py: on the whole
    # framework it holds thousands of marks and axe takes about 40 s over it.
    for path in sorted(p for p in site.glob("*.html") if p.name != "report.html"):
        context, page = open_page(chromium, path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        violations = [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"]) for v in result["violations"]]
        if violations:
            found[path.name] = violations
        context.close()
    assert found == {}


LAYOUT = """() => {
  const body = getComputedStyle(document.body);
  // How many characters of ordinary English fit on one line of an element: its text
  // width over the width of an average character of its own font.
  const sample = 'Peer support workers listen to the person and talk about what matters. ';
  const probe = document.createElement('span');
  probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre';
  probe.textContent = sample;
  const charsPerLine = (element) => {
    element.appendChild(probe);
    const average = probe.getBoundingClientRect().width / sample.length;
    probe.remove();
    const style = getComputedStyle(element);
    const inner = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return inner / average;
  };
  const rows = [...document.querySelectorAll('main .row')].map(row => {
    const picture = row.querySelector('.picture').getBoundingClientRect();
    const words = row.querySelector('.words').getBoundingClientRect();
    const image = row.querySelector('.picture img');
    const elements = [...row.querySelectorAll('.words p, .words li')];
    const texts = elements.map(e => getComputedStyle(e));
    return {picture: [picture.left, picture.right, picture.top, picture.bottom],
            words: [words.left, words.right, words.top, words.bottom],
            image: image ? image.getBoundingClientRect().width : null,
            fonts: texts.map(s => parseFloat(s.fontSize)),
            chars: elements.map(charsPerLine),
            styles: texts.map(s => s.fontStyle + ' ' + s.textAlign)};
  });
  const name = document.querySelector('.site-name');
  const nameStyle = getComputedStyle(name);
  const header = {nameLines: Math.round(name.getBoundingClientRect().height / parseFloat(nameStyle.lineHeight)),
                  nameFont: parseFloat(nameStyle.fontSize)};
  const originals = [...document.querySelectorAll('.original-title')].map(e => parseFloat(getComputedStyle(e).fontSize));
  const emphasis = [...document.querySelectorAll('main strong')].map(e => {
    const s = getComputedStyle(e); return [s.fontStyle, s.textDecorationLine, s.textTransform];
  });
  return {font: parseFloat(body.fontSize), lineHeight: parseFloat(body.lineHeight), align: body.textAlign,
          family: body.fontFamily, rows, emphasis, header, originals,
          scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth,
          fontLoaded: document.fonts.check('16px "Atkinson Hyperlegible"')};
}"""


def measure(chromium, path, viewport):
    context, page = open_page(chromium, path, viewport)
    page.evaluate("() => document.fonts.ready")
    layout = page.evaluate(LAYOUT)
    context.close()
    return layout


def test_desktop_layout_big_text_and_picture_left_of_words(chromium, site):
    for path in (site / "index.html", domain_page(site), site / "word-bank.html"):
        layout = measure(chromium, path, DESKTOP)
        assert layout["font"] >= MIN_FONT_PX and layout["lineHeight"] >= 1.5 * layout["font"]
        assert layout["align"] in ("left", "start") and "Atkinson Hyperlegible" in layout["family"]
        assert layout["fontLoaded"]
        assert layout["rows"], path.name
        for row in layout["rows"]:
            assert row["picture"][1] <= row["words"][0], (path.name, row)       # picture left of words
            assert row["picture"][2] < row["words"][3] and row["words"][2] < row["picture"][3]  # side by side
            assert row["image"] is None or row["image"] >= 80
            assert all(size >= MIN_FONT_PX for size in row["fonts"])
            assert all(style in ("normal left", "normal start") for style in row["styles"])
        for style, decoration, transform in layout["emphasis"]:
            assert style == "normal" and transform == "none" and "underline" not in decoration


def test_phone_layout_small_picture_left_of_words_that_keep_long_enough_lines(chromium, site):
    """At 390px (issue 16): the picture is about 64px and stays left of its words, the
    words column holds at least about 25 characters a line, text is never smaller than
    on a desktop, nothing scrolls sideways, and the site's name wraps to 2 lines at most."""
    desktop = measure(chromium, domain_page(site), DESKTOP)
    narrowest = []
    for path in (site / "index.html", domain_page(site), site / "word-bank.html"):
        layout = measure(chromium, path, PHONE)
        assert layout["font"] >= desktop["font"]
        assert layout["scrollWidth"] <= layout["width"]  # nothing wider than the phone
        assert layout["header"]["nameLines"] <= 2 and layout["header"]["nameFont"] >= MIN_FONT_PX
        assert all(size >= MIN_FONT_PX for size in layout["originals"])
        for row in layout["rows"]:
            assert row["picture"][1] <= row["words"][0], (path.name, row)     # picture left of words
            assert row["picture"][2] < row["words"][3] and row["words"][2] < row["picture"][3]
            assert row["image"] is None or PHONE_PICTURE_PX[0] <= row["image"] <= PHONE_PICTURE_PX[1]
            assert all(size >= desktop["font"] for size in row["fonts"])
            narrowest += row["chars"]
    assert narrowest and min(narrowest) >= MIN_CHARS_PER_LINE, min(narrowest)


def test_pages_work_without_javascript(chromium, site):
    context, page = open_page(chromium, domain_page(site), javascript=False)
    assert page.locator("main .row").count() > 3
    assert page.locator("main .row img").first.is_visible()
    context.close()
    context, page = open_page(chromium, site / "word-bank.html", javascript=False)
    assert page.locator("main h1").inner_text() == "Word bank"
    context.close()


def test_screenshots_for_review(chromium, site):
    ARTIFACTS.mkdir(exist_ok=True)
    shots = []
    for name, path in (("index", site / "index.html"), ("domain", domain_page(site))):
        for width_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            context, page = open_page(chromium, path, viewport)
            page.evaluate("() => document.fonts.ready")
            target = ARTIFACTS / f"{name}-{width_name}.png"
            page.screenshot(path=str(target), full_page=True)
            context.close()
            shots.append(target)
    assert all(p.stat().st_size > 10_000 for p in shots)


def test_the_axe_harness_does_catch_a_violation(chromium):
    """Guards the zero-violation result above against a harness that checks nothing."""
    if not AXE.exists():
        pytest.skip("needs node_modules/axe-core (npm ci)")
    context = chromium.new_context()
    page = context.new_page()
    page.set_content('<!DOCTYPE html><html lang="en"><title>t</title><main><img src="x.png"></main></html>')
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    context.close()
    assert "image-alt" in {v["id"] for v in result["violations"]}
