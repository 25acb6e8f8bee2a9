"""How readable a kg page is at its first view, measured in headless Chromium.  Run by hand:

    .venv/bin/python bench/page_labels.py output/graph.html [more pages...] [--screenshot DIR]

For each page it prints: the labels drawn in the first view (node and edge labels inside the
canvas), how many of them overlap another drawn label, that as a share, and the seconds until
the page is usable: from navigation until it marks itself ready (``data-ready``, set after the
first drawing), then a search answered (a node selected) and, where the page has one, the side
panel filled for a clicked entity.

Label boxes come from the page as drawn, never from kg's own claims alone: vis-network's labels
are taken from its label modules (``labelModule.size``: the box vis computed when it drew them,
and ``visible()``: its own draw threshold at the current scale); labels kg draws itself on the
canvas (``network.kgLabels``: node id, text, font) are re-measured here with ``measureText``
at the node's position as vis reports it.  Two boxes overlap when they share more than 1 px each
way; a box counts once however many it overlaps.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1400, "height": 900}

# Runs in the page: every drawn label as a box in CSS pixels of the canvas element.
BOXES_JS = """() => {
  const canvas = network.canvas.frame.canvas;
  const W = canvas.clientWidth, H = canvas.clientHeight;
  const boxes = [];
  function add(kind, text, l, t, w, h) {
    if (w <= 0 || h <= 0 || l + w < 0 || t + h < 0 || l > W || t > H) return;
    boxes.push({kind, text, l, t, w, h});
  }
  function domBox(size) {
    const a = network.canvasToDOM({x: size.left, y: size.top});
    const b = network.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
    return [a.x, a.y, b.x - a.x, b.y - a.y];
  }
  const body = network.body;
  for (const id of body.nodeIndices) {
    const node = body.nodes[id];
    const lm = node.labelModule;
    if (!node.options.hidden && node.options.label && lm.visible()) add("node", node.options.label, ...domBox(lm.size));
  }
  for (const id of body.edgeIndices) {
    const edge = body.edges[id];
    const lm = edge.labelModule;
    if (!edge.options.hidden && edge.options.label && edge.connected && lm.visible() && lm.fontOptions.size > 0)
      add("edge", edge.options.label, ...domBox(lm.size));
  }
  // kg's own label layer: re-measured here from the node's position and the font it names.
  const ctx = document.createElement("canvas").getContext("2d");
  for (const lab of (network.kgLabels || [])) {
    ctx.font = lab.font;
    const p = network.canvasToDOM(network.getPositions([lab.id])[lab.id]);
    const w = ctx.measureText(lab.text).width, h = lab.px * 1.2;
    add("kg", lab.text, p.x - w / 2, p.y + lab.dy, w, h);
  }
  let overlapping = 0;
  const hit = boxes.map(() => false);
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.l + a.w - 1 > b.l && b.l + b.w - 1 > a.l && a.t + a.h - 1 > b.t && b.t + b.h - 1 > a.t) { hit[i] = hit[j] = true; }
  }
  hit.forEach(h => { if (h) overlapping++; });
  return {drawn: boxes.length, overlapping, nodes: body.nodeIndices.filter(i => !body.nodes[i].options.hidden).length,
          sample: boxes.slice(0, 8).map(b => b.text)};
}"""


def measure(browser, path: Path, screenshot: Path | None = None) -> dict:
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(120_000)
    errors, requests = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    t0 = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready=true]", state="attached")
    ready = time.perf_counter() - t0
    page.wait_for_timeout(50)
    found = page.evaluate(BOXES_JS)
    if screenshot:
        page.screenshot(path=str(screenshot))
    # Usable: a search answered and, where there is one, the panel filled for the found entity.
    target = page.evaluate("""() => { const ids = network.body.nodeIndices.filter(i => !network.body.nodes[i].options.hidden);
                                      return ids.length ? network.body.nodes[ids[0]].options.label || ids[0] : null; }""")
    t1 = time.perf_counter()
    if target:
        page.fill("#search", str(target))
        page.press("#search", "Enter")
        page.wait_for_function("() => network.getSelectedNodes().length > 0")
        if page.locator("#panel").count():
            page.wait_for_selector("#panel[data-entity]", state="attached")
    answer = time.perf_counter() - t1
    page.close()
    return {**found, "ready": ready, "answer": answer, "errors": errors,
            "requests": [r for r in requests if not r.startswith("file:")]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="+", type=Path)
    ap.add_argument("--screenshot", type=Path, help="a folder: one PNG of each page's first view")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        print(f"{'page':<34} {'nodes':>6} {'labels':>7} {'overlap':>8} {'share':>6} {'ready s':>8} {'usable s':>9}")
        for path in args.pages:
            shot = None
            if args.screenshot:
                args.screenshot.mkdir(parents=True, exist_ok=True)
                shot = args.screenshot / f"{path.parent.name}-{path.stem}.png"
            r = measure(browser, path, shot)
            share = r["overlapping"] / r["drawn"] if r["drawn"] else 0.0
            name = str(path)[-34:]
            print(f"{name:<34} {r['nodes']:>6} {r['drawn']:>7} {r['overlapping']:>8} {share:>6.1%} "
                  f"{r['ready']:>8.2f} {r['ready'] + r['answer']:>9.2f}", flush=True)
            if r["errors"] or r["requests"]:
                print(f"  errors: {r['errors']} requests: {r['requests']}", file=sys.stderr)
        browser.close()


if __name__ == "__main__":
    main()
