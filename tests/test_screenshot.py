"""tools/screenshot.py: one clear line when it cannot work, a real PNG of the page when it can."""
from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from kg.explore.page import CLASS_COLOURS, render

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "screenshot.py"
CHROMIUM = "/usr/bin/chromium"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def shoot(*args, cwd) -> subprocess.CompletedProcess:
    # A process of its own: Playwright's sync API cannot start inside the one the browser
    # fixture of the page tests already runs in this process.
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def png_pixels(path: Path) -> np.ndarray:
    """The pixels (height × width × RGB) of an 8-bit RGB PNG, as Chromium writes them."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    pos, idat = 8, b""
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data[pos + 8:pos + 21])
            assert (depth, colour, interlace) == (8, 2, 0), "expected 8-bit RGB, not interlaced"
        elif kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, 1 + width * 3)
    out = np.zeros((height, width * 3), dtype=np.int32)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        up = out[y - 1] if y else np.zeros(width * 3, dtype=np.int32)
        if kind == 0:
            out[y] = line
        elif kind == 2:
            out[y] = (line + up) % 256
        else:  # Sub, Average and Paeth look left, so they go byte by byte
            row = out[y]
            for x in range(width * 3):
                left = row[x - 3] if x >= 3 else 0
                corner = up[x - 3] if x >= 3 else 0
                if kind == 1:
                    guess = left
                elif kind == 3:
                    guess = (left + up[x]) // 2
                else:
                    p = left + up[x] - corner
                    pa, pb, pc = abs(p - left), abs(p - up[x]), abs(p - corner)
                    guess = left if pa <= pb and pa <= pc else up[x] if pb <= pc else corner
                row[x] = (line[x] + guess) % 256
    return out.reshape(height, width, 3)


def small_page(tmp_path: Path) -> Path:
    G = nx.MultiDiGraph()
    G.add_node("a", label="Orla Fenn", cls="Person", root="Person", alt_labels=[], facts=[])
    G.add_node("b", label="Harbour Board", cls="GovernmentBody", root="Organization", alt_labels=[], facts=[])
    G.add_edge("a", "b", key="heads", predicate="heads", sentence="Orla Fenn heads the Harbour Board.")
    return render(G, [], tmp_path / "graph.html")


def test_missing_page_is_one_line_and_writes_nothing(tmp_path):
    proc = shoot(tmp_path / "graph.html", tmp_path / "out.png", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"screenshot: no page at {tmp_path / 'graph.html'}")
    assert "make demo" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_browser_is_one_line_and_keeps_the_old_png(tmp_path):
    page = small_page(tmp_path)
    old = tmp_path / "out.png"
    old.write_bytes(b"old")
    proc = shoot(page, old, "--chromium", tmp_path / "no-such-chromium", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == f"screenshot: no Chromium at {tmp_path / 'no-such-chromium'} (apt-get install chromium)\n"
    assert old.read_bytes() == b"old"


@pytest.mark.slow
@pytest.mark.browser
def test_writes_a_png_of_the_page_at_the_asked_size(tmp_path):
    if not os.access(CHROMIUM, os.X_OK):
        # On CI a missing browser means this test silently stopped testing anything.
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"no Chromium at {CHROMIUM} (apt-get install chromium)", pytrace=False)
        pytest.skip(f"no Chromium at {CHROMIUM}")
    page = small_page(tmp_path)
    out = tmp_path / "shots" / "graph.png"
    proc = shoot(page, out, "--width", 640, "--height", 400, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"wrote {out} (640×400)\n"
    pixels = png_pixels(out)
    assert pixels.shape == (400, 640, 3)
    # The node is drawn in its class colour in the graph's part of the page, left of the
    # 20rem side panel whose legend has a swatch of the same colour.
    person = tuple(int(CLASS_COLOURS["Person"][i:i + 2], 16) for i in (1, 3, 5))
    graph_area = pixels[:, :300]
    assert (graph_area == person).all(axis=2).sum() > 50
    assert sorted(p.name for p in out.parent.iterdir()) == ["graph.png"]  # no temp file left
