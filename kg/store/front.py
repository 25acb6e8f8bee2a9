"""The loopback front ``kg serve`` puts before Oxigraph's read-only server: it refuses a query
that names SERVICE (Oxigraph 0.5 follows it, and neither its server nor pyoxigraph can be told
not to; any web page could make the endpoint query machines behind it), declares kg's prefixes
as ``kg query`` does, and says a syntax error in one line at the user's own line.  Everything
else is relayed as it came.

>>> hostport("::1", 7878)
'[::1]:7878'
"""
from __future__ import annotations

import http.client
import os
import re
import socket
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.errors import KgError, one_line


def hostport(host: str, port: int) -> str:
    """An address as a URL writes it (IPv6 in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


# Headers that describe one hop of a connection, not the request or answer carried over it.
_HOP = {"connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect"}
_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
MAX_REQUEST = 16 << 20  # bytes of a request body the front reads; a query is text


class Front(ThreadingHTTPServer):
    """The loopback proxy before Oxigraph: refuses SERVICE, declares kg's prefixes, says
    syntax errors in one line.  ``inner`` is Oxigraph's port, set once it listens."""

    daemon_threads = True
    allow_reuse_address = os.name != "nt"  # SO_REUSEADDR, as Oxigraph's own server bound

    def __init__(self, address, family: int, *, cors: bool, allow_service: bool):
        self.address_family = family
        self.cors, self.allow_service, self.inner = cors, allow_service, 0
        from kg.graph.prefixes import prefixes

        # One line, so Oxigraph's line numbers are the user's plus one (_readable).
        self.prologue = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in prefixes().items()) + "\n"
        super().__init__(address, _Handler)

    @classmethod
    def listen(cls, host: str, port: int, **options) -> "Front":
        """The front bound to ``host:port`` (the first address it resolves to that works)."""
        first: OSError | None = None
        for family, _, _, _, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
            try:
                return cls(address[:2], family, **options)
            except OSError as err:
                first = first or err
        raise KgError(f"cannot listen on {hostport(host, port)}: {getattr(first, 'strerror', None) or first}")


class _Handler(BaseHTTPRequestHandler):
    timeout = 60  # seconds a client may take to send its request

    def log_message(self, format, *args):  # Oxigraph's server logs nothing either
        pass

    def version_string(self) -> str:
        return "kg"  # not Python's version

    def do_GET(self):
        self._forward()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_PATCH = do_GET

    def _reply(self, status: int, text: str) -> None:
        body = (text + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _forward(self) -> None:
        from kg.store import sparql

        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._reply(411, "send the request with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_REQUEST:
            return self._reply(413 if length > 0 else 400, "bad Content-Length")
        body = self.rfile.read(length) if length else b""
        path, _, search = self.path.partition("?")
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qsl(search, keep_blank_values=True)
        form = urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True) \
            if kind == _FORM else None
        queries = [v for k, v in params + (form or []) if k == "query"]
        if kind == _QUERY_BODY:
            queries.append(body.decode("utf-8", "replace"))
        try:
            for text in queries:
                sparql.check_calls(text, self.server.allow_service)
            if kind not in (_FORM, _QUERY_BODY) and body:  # a body the front cannot read as a query
                sparql.check_calls(body.decode("utf-8", "replace"), self.server.allow_service)
        except KgError as refused:
            return self._reply(400, str(refused))

        def declared(pairs):
            return urllib.parse.urlencode([(k, self.server.prologue + v if k == "query" else v) for k, v in pairs])

        if any(k == "query" for k, _ in params):
            self.path = f"{path}?{declared(params)}"
        if form is not None:
            body = declared(form).encode("utf-8")
        elif kind == _QUERY_BODY:
            body = (self.server.prologue + queries[-1]).encode("utf-8")
        self._relay(body, queries[-1] if queries else None)

    def _relay(self, body: bytes, sparql: str | None) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.server.inner)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
        try:
            connection.request(self.command, self.path, body=body if body or self.command in ("POST", "PUT") else None,
                               headers=headers)
            answer = connection.getresponse()
        except OSError:
            connection.close()
            return self._reply(502, "the SPARQL server behind kg serve is not answering")
        try:
            if answer.status == 400 and sparql is not None:
                return self._reply(400, _readable(answer.read(1 << 16).decode("utf-8", "replace"), sparql))
            self.send_response(answer.status, answer.reason)
            for key, value in answer.getheaders():
                if key.lower() not in _HOP - {"content-length"} and key.lower() not in ("server", "date"):
                    self.send_header(key, value)
            self.end_headers()
            while chunk := answer.read(1 << 16):
                self.wfile.write(chunk)
        except OSError:  # the client went away
            pass
        finally:
            connection.close()


def _readable(message: str, sparql: str) -> str:
    """Oxigraph's 400 answer as ``kg query`` says it: one line, at the place in the user's own
    query (the front's PREFIX line moved it one line down).

    >>> _readable("error at 2:19: expected one of LATERAL, SERVICE, [_]", "SELECT * { ?s ?o }")
    "SPARQL syntax error at line 1, column 19 after 'SELECT * { ?s ?o }': expected one of LATERAL, SERVICE"
    """
    from kg.store.engine import syntax_message

    found = re.match(r"error at (\d+):", message)
    if found and int(found.group(1)) > 1:
        return syntax_message(f"error at {int(found.group(1)) - 1}:{message[found.end():]}", sparql)
    return one_line(message, limit=300)
