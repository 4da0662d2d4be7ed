"""WARC files: keeping raw responses (``scraper fetch --archive``) and reading them back.

    fetch ──Response──▶ WarcArchive ──▶ pages.warc.gz ──iter_warc_pages──▶ Page ──▶ clean

Every HTTP response the fetcher receives becomes one ``response`` record: pages,
redirect hops, error pages, 304s, robots.txt. Records are written with warcio. Bodies
are stored decoded (``Content-Encoding``
removed, ``Content-Length`` set to the stored length): what was checked against the
size cap is what is kept, and cleaning again never inflates anything. A body cut at the
cap, or never read (a PDF, a body announced over the cap), is marked
``WARC-Truncated: length``. When reading,
WARCs from other tools may still carry chunked or compressed payloads; those are
undone here with the same bounded decoder the fetcher uses.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.bodies import HTML_TYPES, BadEncoding, BodyDecoder, BodyTooLarge, parse_encodings
from scraper.credentials import redact
from scraper.errors import DecodeError, InputError, InputTooLargeError, StorageError
from scraper.model import Page
from scraper.storage import ctrl_c_deferred, file_mode

__all__ = ["WarcArchive", "is_warc", "iter_warc_pages"]


class _Headers(Protocol):
    def multi_items(self) -> list[tuple[str, str]]: ...


class RawResponse(Protocol):
    """What an archive keeps of a response: ``scraper.fetching``'s ``Response`` is one
    (this module sits below the fetcher and does not import it)."""

    @property
    def final_url(self) -> str: ...
    @property
    def status(self) -> int: ...
    @property
    def reason(self) -> str: ...
    @property
    def headers(self) -> _Headers: ...
    @property
    def body(self) -> bytes: ...
    @property
    def http_version(self) -> str: ...
    @property
    def fetched_at(self) -> str: ...
    @property
    def truncated(self) -> bool: ...


_DROPPED = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def is_warc(path: str | Path) -> bool:
    """True for ``.warc`` and ``.warc.gz`` file names."""
    return str(path).lower().endswith((".warc", ".warc.gz"))


class WarcArchive:
    """Writes one WARC ``response`` record per HTTP response; a context manager.

    The file is written under a temporary name and renamed into place when closed
    (also after Ctrl-C), so ``path`` is never a half-written archive; each record is
    written whole between two awaits of the fetcher.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.records = 0
        # A Ctrl-C is held until the temporary file is known; if one came, the file
        # is removed and the interrupt goes on: no half-made archive is left behind.
        try:
            with ctrl_c_deferred():
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    fd, tmp = tempfile.mkstemp(
                        dir=self.path.parent, prefix=".tmp-", suffix=".warc.part"
                    )
                except OSError as exc:
                    message = f"{path}: cannot write: {exc.strerror}"
                    raise StorageError(message, path=path) from exc
                self._tmp = Path(tmp)
                self._file: IO[bytes] = os.fdopen(fd, "wb")
                os.fchmod(fd, file_mode())  # the umask's mode, as for documents
        except KeyboardInterrupt:
            self._file.close()
            self._tmp.unlink(missing_ok=True)
            raise
        self._writer = WARCWriter(self._file, gzip=self.path.name.lower().endswith(".gz"))

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def write(self, response: RawResponse) -> None:
        """Append ``response`` (headers and decoded body) as a WARC response record."""
        headers = [(k, v) for k, v in response.headers.multi_items() if k not in _DROPPED]
        headers.append(("Content-Length", str(len(response.body))))
        protocol = "HTTP/2" if response.http_version.startswith("HTTP/2") else "HTTP/1.1"
        http = StatusAndHeaders(
            f"{response.status} {response.reason}".strip(), headers, protocol=protocol
        )
        warc_headers = {"WARC-Date": response.fetched_at}
        if response.truncated:
            warc_headers["WARC-Truncated"] = "length"
        record = self._writer.create_warc_record(
            redact(response.final_url),
            "response",
            payload=io.BytesIO(response.body),
            length=len(response.body),  # known: warcio then needs no temporary file
            http_headers=http,
            warc_headers_dict=warc_headers,
        )
        try:
            self._writer.write_record(record)
        except OSError as exc:
            raise StorageError(
                f"{self.path}: cannot write: {exc.strerror}", path=self.path
            ) from exc
        self.records += 1

    def close(self) -> None:
        """Flush, sync and move the archive into place (once)."""
        if self._file.closed:
            return
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.replace(self._tmp, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                self._file.close()
                self._tmp.unlink()
            raise StorageError(
                f"{self.path}: cannot write: {exc.strerror}", path=self.path
            ) from exc


def _html(http: StatusAndHeaders) -> bool:
    media = (http.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
    return media in HTML_TYPES


def _charset(http: StatusAndHeaders) -> str | None:
    for part in (http.get_header("Content-Type") or "").split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _read(stream: Any, limit: int) -> bytes:
    """Up to ``limit`` bytes: a buffered reader's ``read(n)`` may return fewer."""
    parts: list[bytes] = []
    while limit > 0:
        chunk = stream.read(min(limit, 1 << 16))
        if not chunk:
            break
        parts.append(chunk)
        limit -= len(chunk)
    return b"".join(parts)


def _payload(record: Any, source: str, max_bytes: int) -> bytes:
    """The record's body, de-chunked and decompressed, never more than ``max_bytes``."""
    http = record.http_headers
    stream = record.raw_stream
    if "chunked" in (http.get_header("Transfer-Encoding") or "").lower():
        stream = ChunkedDataReader(stream)
    raw = _read(stream, max_bytes + 1)
    if len(raw) > max_bytes:
        raise InputTooLargeError(f"{source}: over the size cap of {max_bytes} bytes", path=source)
    try:
        decoder = BodyDecoder(parse_encodings(http.get_header("Content-Encoding")), max_bytes)
        body = decoder.feed(raw)
        decoder.finish()
    except BodyTooLarge as exc:
        raise InputTooLargeError(f"{source}: {exc}", path=source) from exc
    except BadEncoding as exc:
        raise DecodeError(f"{source}: {exc}", path=source) from exc
    return body


def iter_warc_pages(
    path: str | Path,
    *,
    max_bytes: int,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Page]:
    """Each successful HTML response in the WARC at ``path``, as a ``Page``.

    ``url`` and ``source`` are the record's target URI; ``charset`` comes from the
    stored ``Content-Type``. Other records (requests, metadata, PDFs, 404s) are passed
    over. A record that is too large or badly encoded raises ``InputError``, or is
    handed to ``on_error`` and passed over when that is given; a file that is not a
    WARC, or is cut short, raises ``InputError``.
    """
    try:
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.format != "warc" or record.rec_type is None:
                    # warcio reads anything that is not a WARC as an old ARC file.
                    raise ValueError("no WARC record header")
                http = record.http_headers
                if record.rec_type != "response" or http is None or not _html(http):
                    continue
                if not (http.get_statuscode() or "").startswith("2"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or str(path)
                try:
                    body = _payload(record, url, max_bytes)
                except InputError as exc:
                    if on_error is None:
                        raise
                    on_error(exc)
                    continue
                yield Page(data=body, source=url, url=url, charset=_charset(http))
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}", path=path) from exc
    except (ArchiveLoadFailed, EOFError, ValueError, zlib.error) as exc:
        raise DecodeError(f"{path}: not a readable WARC file ({exc})", path=path) from exc
