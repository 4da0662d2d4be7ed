"""HTTP bodies: the media types read as HTML, and bounded decoding of
``Content-Encoding`` (gzip, deflate and brotli with a size cap).

Written by hand because httpx decodes bodies without any limit: a 50 KB gzip bomb
becomes 50 MB in memory before the caller sees a byte. Here every decoder is asked for
at most the room left under the cap, so a bomb stops at ``max_bytes``. More than two
stacked encodings are refused: no real server needs them and each layer multiplies the
work. Used by the fetcher on the raw network stream and by the WARC reader: it sits
below both (``scraper.warc`` must not import ``scraper.fetching``).
"""

from __future__ import annotations

import zlib
from typing import Protocol

import brotli  # type: ignore[import-untyped]  # ships no type hints

__all__ = ["HTML_TYPES", "BadEncoding", "BodyDecoder", "BodyTooLarge", "parse_encodings"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

MAX_LAYERS = 2
_CHUNK = 64 * 1024


class BodyTooLarge(Exception):
    """The body, raw or decoded, is over the cap."""


class BadEncoding(Exception):
    """Unknown, too deeply stacked, corrupt or truncated content encoding."""


def parse_encodings(header: str | None) -> list[str]:
    """``"gzip, br"`` -> ``["gzip", "br"]`` (in the order they were applied)."""
    if not header:
        return []
    codings = [c.strip().lower() for c in header.split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > MAX_LAYERS:
        raise BadEncoding(f"{len(codings)} stacked content encodings (at most {MAX_LAYERS})")
    for coding in codings:
        if coding not in ("gzip", "x-gzip", "deflate", "br"):
            raise BadEncoding(f"unsupported content encoding {coding!r}")
    return codings


class _Layer(Protocol):
    def feed(self, data: bytes, limit: int) -> bytes: ...
    def more(self, limit: int) -> bytes: ...
    def finished(self) -> bool: ...


class _Zlib:
    """gzip, or deflate (zlib-wrapped as the RFC says, or raw as some servers send)."""

    def __init__(self, coding: str) -> None:
        self._gzip = coding in ("gzip", "x-gzip")
        wbits = 16 + zlib.MAX_WBITS if self._gzip else zlib.MAX_WBITS
        self._obj = zlib.decompressobj(wbits)
        self._first = True

    def feed(self, data: bytes, limit: int) -> bytes:
        if self._first and not self._gzip and data:
            self._first = False
            try:
                return self._obj.decompress(data, limit)
            except zlib.error:
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
        self._first = False
        return self._obj.decompress(self._obj.unconsumed_tail + data, limit)

    def more(self, limit: int) -> bytes:
        return self._obj.decompress(self._obj.unconsumed_tail, limit)

    def finished(self) -> bool:
        return self._obj.eof


class _Brotli:
    def __init__(self) -> None:
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes, limit: int) -> bytes:
        if not self._obj.can_accept_more_data():
            raise BodyTooLarge("brotli output past the cap")
        return bytes(self._obj.process(data, output_buffer_limit=limit))

    def more(self, limit: int) -> bytes:
        if self._obj.can_accept_more_data():
            return b""
        return bytes(self._obj.process(b"", output_buffer_limit=limit))

    def finished(self) -> bool:
        return bool(self._obj.is_finished())


def _layer(coding: str) -> _Layer:
    return _Brotli() if coding == "br" else _Zlib(coding)


class BodyDecoder:
    """Feed raw chunks, get decoded bytes; raises once the output passes ``max_bytes``.

    Layers are undone in reverse order of application (``Content-Encoding: gzip, br``
    means gzip first, then brotli; so brotli is undone first).
    """

    def __init__(self, encodings: list[str], max_bytes: int) -> None:
        self._layers = [_layer(c) for c in reversed(encodings)]
        self._max = max_bytes
        self._size = 0

    def feed(self, data: bytes) -> bytes:
        try:
            for layer in self._layers:
                data = self._drain(layer, data)
        except (zlib.error, brotli.error) as exc:
            raise BadEncoding(f"corrupt compressed body ({exc})") from exc
        self._size += len(data)
        if self._size > self._max:
            raise BodyTooLarge(f"body is over the cap of {self._max} bytes")
        return data

    def _drain(self, layer: _Layer, data: bytes) -> bytes:
        """Decode ``data`` through one layer, never holding more than the cap plus one."""
        room = self._max - self._size + 1
        out = [layer.feed(data, min(room, _CHUNK))]
        produced = len(out[0])
        while produced <= room:
            extra = layer.more(min(room - produced + 1, _CHUNK))
            if not extra:
                break
            out.append(extra)
            produced += len(extra)
        if produced > room:
            raise BodyTooLarge(f"body inflates past the cap of {self._max} bytes")
        return b"".join(out)

    def finish(self) -> None:
        """Raise ``BadEncoding`` if a compressed stream ended early (truncated body)."""
        for layer in self._layers:
            if not layer.finished():
                raise BadEncoding("truncated compressed body")
