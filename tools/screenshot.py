"""A PNG of the demo page, taken in headless Chromium (Debian's, driven by Playwright).

    python tools/screenshot.py [PAGE] [PNG] [--width 1280] [--height 800] [--chromium PATH]

``make screenshot`` builds examples/ into output/ and writes docs/graph.png from
output/graph.html.  No browser is ever downloaded: Playwright drives the Chromium at
``--chromium``.  Bad input (no page, no browser, a page that draws no graph) is one line on
stderr and exit code 2; the PNG is written by replacement, so a failure leaves the old one.

Example::

    $ python tools/screenshot.py output/graph.html docs/graph.png
    wrote docs/graph.png (1280×800)
"""
from __future__ import annotations

import argparse
import math
import os
import re
import sys
import time
from pathlib import Path

from kg.errors import KgError
from kg.files import replacing

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
EXIT_USAGE = 2

# How long the drawing may take, and when the layout counts as still.  Small graphs are laid out
# by vis-network's physics, which keeps nudging nodes after its stabilisation; the picture waits
# for them to stop (or SETTLE_SECONDS) rather than for a flag a later page might not set.
READY_SECONDS = 20.0
SETTLE_SECONDS = 10.0
STILL_PIXELS = 0.5

# The page's own handle on vis-network (a global, as in pyvis's template) and its canvas.
_DRAWN = """() => {
  const canvas = document.querySelector('#mynetwork canvas') || document.querySelector('canvas');
  return !!canvas && canvas.width > 0 && typeof network === 'object' && network !== null;
}"""
_POSITIONS = "() => network.getPositions()"
# Pixels painted on the canvas, so a page that loaded but drew nothing is caught here.
_PAINTED = """() => {
  const canvas = document.querySelector('#mynetwork canvas') || document.querySelector('canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
  return painted;
}"""
_NODES = "() => network.body.data.nodes.length"


def _moved(before: dict, after: dict) -> float:
    """The furthest any node moved between two readings of ``network.getPositions()``.

    >>> _moved({"a": {"x": 0, "y": 0}}, {"a": {"x": 3, "y": 4}})
    5.0
    """
    if before.keys() != after.keys():
        return math.inf
    return max((math.dist((p["x"], p["y"]), (after[k]["x"], after[k]["y"])) for k, p in before.items()),
               default=0.0)


def take(page_path: str | os.PathLike, png_path: str | os.PathLike, width: int = 1280,
         height: int = 800, chromium: str = CHROMIUM) -> Path:
    """Open ``page_path`` offline, wait until the graph is drawn and still, write ``png_path``."""
    page_path, png_path = Path(page_path), Path(png_path)
    if not page_path.is_file():
        raise KgError(f"no page at {page_path}" + (" (run `make demo` first)" if page_path.name == "graph.html" else ""))
    if not os.access(chromium, os.X_OK):
        raise KgError(f"no Chromium at {chromium} (apt-get install chromium)")
    if width < 1 or height < 1:
        raise KgError(f"the size must be positive, not {width}×{height}")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        raise KgError(f"playwright is not installed: {err}") from None
    try:
        png_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise KgError(f"cannot create {png_path.parent}: {err.strerror or err}") from None
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                png = _shoot(browser, page_path.resolve(), width, height)
            finally:
                browser.close()
    except PlaywrightError as err:
        raise KgError(f"cannot take the screenshot: {_one_line(err.message)}") from None
    try:
        with replacing(png_path) as tmp:
            tmp.write_bytes(png)
    except OSError as err:
        raise KgError(f"cannot write {png_path}: {err.strerror or err}") from None
    return png_path


def _shoot(browser, page_path: Path, width: int, height: int) -> bytes:
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    # The page is meant to open with no network: fail anything it asks for rather than wait on it.
    page.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())
    page.goto(page_path.as_uri(), wait_until="load")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_DRAWN, timeout=READY_SECONDS * 1000)
    except PlaywrightTimeout:
        raise KgError(f"{page_path} drew no graph within {READY_SECONDS:.0f} s") from None
    deadline = time.monotonic() + SETTLE_SECONDS
    before = page.evaluate(_POSITIONS)
    while time.monotonic() < deadline:
        page.wait_for_timeout(250)
        after = page.evaluate(_POSITIONS)
        if _moved(before, after) < STILL_PIXELS:
            break
        before = after
    # Physics may have drifted the graph off the view it stabilised in; frame it whole.
    page.evaluate("() => { network.fit({animation: false}); network.redraw(); }")
    page.wait_for_timeout(300)
    if page.evaluate(_NODES) > 0 and page.evaluate(_PAINTED) == 0:
        raise KgError(f"{page_path} has nodes but its canvas stayed blank")
    png = page.screenshot(type="png")
    context.close()
    return png


def _one_line(text: object, limit: int = 200) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors follow the same one-line, exit-2 rule
        raise KgError(message)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(description=__doc__.split("\n")[0])
    parser.add_argument("page", nargs="?", default="output/graph.html", help="default: output/graph.html")
    parser.add_argument("png", nargs="?", default="docs/graph.png", help="default: docs/graph.png")
    parser.add_argument("--width", type=int, default=1280, help="viewport width in pixels (1280)")
    parser.add_argument("--height", type=int, default=800, help="viewport height in pixels (800)")
    parser.add_argument("--chromium", default=CHROMIUM, help=f"the browser to drive ({CHROMIUM})")
    try:
        args = parser.parse_args(argv)
        out = take(args.page, args.png, args.width, args.height, args.chromium)
    except KgError as err:
        print(f"screenshot: {err}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {out} ({args.width}×{args.height})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
