"""SPARQL servers a test starts on a free loopback port and stops: Oxigraph's read-write server
(``oxigraph serve``, from PyPI's ``oxigraph``, the program ``kg serve`` also runs), and faulty
ones in front of it (``failing_proxy``, ``silent_server``).

    with oxigraph_server(tmp_path / "db") as url:
        ...  # url is http://127.0.0.1:PORT/
"""
from __future__ import annotations

import http.client
import http.server
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
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


@contextmanager
def failing_proxy(upstream: str | None, after: int = 0, status: int = 500, message: str = "the disk is full"):
    """An HTTP server on a free loopback port that hands its first ``after`` requests on to the
    server at ``upstream`` (a base URL) and answers every later one ``status`` with ``message``:
    a server that fails half-way through a load.  Yields its base URL.

        with failing_proxy(url, after=3) as broken:
            ...  # broken's first 3 requests reach url, the 4th is answered 500
    """
    forwarded = [0]
    target = urllib.parse.urlsplit(upstream) if upstream else None

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if target is not None and forwarded[0] < after:
                forwarded[0] += 1
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                connection.request(self.command, self.path, body or None, headers)
                reply = connection.getresponse()
                content = reply.read()
                self.send_response(reply.status)
                for key, value in reply.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
                connection.close()
                return
            content = f"{message}\nsecond line of the trace\n".encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

        def log_message(self, *args):  # the test's output stays its own
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent_server():
    """A loopback port that takes connections and never answers: a server that hangs.  Yields
    its base URL."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)  # the kernel completes connections it never accepts
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
