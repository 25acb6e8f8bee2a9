"""SPARQL servers a test starts on a free loopback port and stops: Oxigraph's read-write server
(``oxigraph serve``, from PyPI's ``oxigraph``, the program ``kg serve`` also runs).

    with oxigraph_server(tmp_path / "db") as url:
        ...  # url is http://127.0.0.1:PORT/
"""
from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from factories import free_port
from kg.store.serve import find_server


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at once: {process.stderr.read().decode(errors='replace')}")
        try:
            urllib.request.urlopen(url + "query?query=ASK%7B%7D", timeout=1).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise RuntimeError(f"no answer from {url} after {seconds} s")


@contextmanager
def oxigraph_server(location: Path, union_default_graph: bool = True):
    """``oxigraph serve`` on its database at ``location`` (read-write), on a free loopback port:
    yields its base URL, and stops it on the way out.  ``union_default_graph``: a query without
    GRAPH sees every graph, as kg's curated queries expect of a server."""
    port = free_port()
    command = [find_server(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, process, 30)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()
