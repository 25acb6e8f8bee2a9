"""Shared fixtures: ``run_kg`` runs a command in this process, ``nlp`` is spaCy's pipeline, and
``browser_page`` drives Debian's Chromium through Playwright (no browser is ever downloaded).
factories.py builds the hand-made inputs."""
from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from typing import NamedTuple

import pytest

from kg import cli

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    # On CI a missing browser or server means their tests silently stopped testing anything.
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"playwright is not installed: {exc}")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 - any launch failure means "no usable browser"
            _unavailable(f"cannot launch {CHROMIUM}: {exc}")
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def virtuoso_url(tmp_path_factory):
    """A Virtuoso server on a new database for the test module (tests/servers.py says what it
    answers where); its base URL.  It takes seconds to start, so a module shares one."""
    import servers

    if servers.find_virtuoso() is None:
        _unavailable(f"no {servers.VIRTUOSO} (apt-get install virtuoso-opensource)")
    with servers.virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as url:
        yield url


@pytest.fixture
def browser_page(chromium_browser):
    """A fresh page in its own context (no shared cookies or storage between tests).

    Usage: ``browser_page.goto(path.as_uri())``.
    """
    context = chromium_browser.new_context()
    page = context.new_page()
    # A hung page should fail in seconds, not hold the suite for Playwright's 30 s default.
    page.set_default_timeout(15_000)
    yield page
    context.close()


# Two ways to run kg.  ``run_kg`` calls ``kg.cli.main`` in the test's own process: no interpreter
# start, and spaCy loads once per test process, so it is how a test looks at what a command says.
# Some tests still start the real console script in a subprocess, because there the process is what
# they check: the exit code the shell sees, that no traceback reaches the user, a signal or kill
# part-way, a second process holding a store's lock, or a Python warning on stderr (pytest
# records an in-process run's warnings instead).
class KgRun(NamedTuple):
    """What one ``kg`` command did; named as subprocess.CompletedProcess names them, so
    ``assert_one_line_error`` reads either."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_kg(capsys):
    """Runs ``kg ARGS...`` in this process; each argument goes through ``str``.

    Usage: ``code, out, err = run_kg("query", path, "ASK { ?s ?p ?o }")``.
    """
    def run(*args) -> KgRun:
        capsys.readouterr()  # what the test printed before is no part of this command's output
        code = cli.main([str(a) for a in args])
        return KgRun(code, *capsys.readouterr())

    return run


@pytest.fixture(scope="session")
def nlp():
    """kg's spaCy pipeline (``kg.nlp.load()``, loaded once per test process)."""
    from kg.nlp import load

    return load()


def assert_one_line_error(proc: subprocess.CompletedProcess | KgRun) -> str:
    """The whole of what ``kg`` said was one error line (returned), exit 2, nothing on stdout."""
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("kg: error: "), lines[0]
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stdout == ""
    return lines[0]


_HOLD = """
import sys
from kg.store.kgstore import KgStore
kb = KgStore(sys.argv[1], create=False)
print("open", flush=True)
sys.stdin.read()
"""


@contextmanager
def store_held(path):
    """Another process with the store at ``path`` open (and so its lock) until the block ends or
    ``holder.stdin.close()`` lets it go.

    Usage: ``with store_held(tmp_path / "kb") as holder: ...``
    """
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        yield holder
    finally:
        if not holder.stdin.closed:
            holder.stdin.close()
        holder.wait(timeout=30)

class Recorder:
    """A SPARQL endpoint on a free 127.0.0.1 port that answers every request with one row
    (``?x`` = "from the recorder") and keeps each request's path: what a SERVICE clause reached."""

    ROW = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"from the recorder"}}]}}'

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        recorder = self
        self.requests: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                recorder.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(Recorder.ROW)))
                self.end_headers()
                self.wfile.write(Recorder.ROW)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def recorder():
    """A ``Recorder``, stopped after the test."""
    rec = Recorder()
    yield rec
    rec.close()
