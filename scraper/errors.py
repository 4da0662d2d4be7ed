"""The one tree of errors that scraper raises.

Every stage translates the exceptions of the libraries it uses at its boundary
(``raise ... from exc``), so callers catch ``ScraperError`` or one branch of it::

    ScraperError
    ├── ConfigError                 bad option, rules file or job file (exit status 2)
    ├── InputError                  a saved page that cannot be read (carries .path)
    │   ├── InputTooLargeError      over the size cap, raw or after gunzip
    │   └── DecodeError             binary content, truncated gzip, NUL-ridden bytes
    ├── ExtractionError             the page parsed but could not be cleaned
    │   ├── TooDeepError            nesting deeper than the parser handles in linear time
    │   └── TimeLimitError          the per-page time limit ran out
    ├── FetchError                  carries .url and .status (None when no response)
    │   ├── TransientFetchError     worth retrying: connect errors, timeouts, 429, 5xx
    │   └── PermanentFetchError     not worth retrying: 404, 410, bad scheme, robots, ...
    │       ├── BlockedAddressError a non-public address without allow_private
    │       ├── RobotsDisallowedError
    │       └── ContentTypeError    not HTML/XHTML
    ├── StorageError                output could not be written (carries .path)
    └── JobError                    scheduled-job state problems
        ├── JobLockedError          another run of the job holds the lock (exit status 75)
        ├── StateError              the state database is corrupt or foreign
        └── SourceError             a feed or sitemap that cannot be read (carries .url)
"""

from __future__ import annotations

import errno
from pathlib import Path

from scraper.credentials import redact

__all__ = [
    "BlockedAddressError",
    "ConfigError",
    "ContentTypeError",
    "DecodeError",
    "ExtractionError",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "JobError",
    "JobLockedError",
    "PermanentFetchError",
    "RobotsDisallowedError",
    "ScraperError",
    "SourceError",
    "StateError",
    "StorageError",
    "TimeLimitError",
    "TooDeepError",
    "TransientFetchError",
]


class ScraperError(Exception):
    """Root of every error scraper raises on purpose.

    Its message never shows the credentials of a URL in it (``scraper.credentials``);
    ``.url`` keeps the URL as given.
    """

    def __str__(self) -> str:
        return redact(super().__str__())


class ConfigError(ScraperError):
    """A configuration, rules or job file, or an option, is wrong."""

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.path = str(path) if path is not None else None


class InputError(ScraperError):
    """A saved page could not be read."""

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.path = str(path) if path is not None else None


class InputTooLargeError(InputError):
    """The input is over the configured size cap."""


class DecodeError(InputError):
    """The bytes are not a text page (binary, truncated gzip, NUL bytes)."""


class ExtractionError(ScraperError):
    """The page could not be cleaned."""


class TooDeepError(ExtractionError):
    """The markup nests deeper than the configured limit."""


class TimeLimitError(ExtractionError):
    """The per-page time limit ran out."""


class FetchError(ScraperError):
    """A page could not be fetched."""

    def __init__(self, message: str, *, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class TransientFetchError(FetchError):
    """A failure that may go away if retried."""

    def __init__(
        self,
        message: str,
        *,
        url: str,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, url=url, status=status)
        self.retry_after = retry_after


class PermanentFetchError(FetchError):
    """A failure that retrying will not fix."""


class BlockedAddressError(PermanentFetchError):
    """The host resolves to a non-public address and private addresses are not allowed."""


class RobotsDisallowedError(PermanentFetchError):
    """robots.txt disallows the URL for our user agent."""


class ContentTypeError(PermanentFetchError):
    """The response is not HTML or XHTML."""


# Why a write failed, when every later write to the same place would fail too: the disk
# or quota is full, the filesystem is read-only, permission is gone, the device fails,
# the reader of the output stream went away. A person must act (exit status 2). Other
# failures (a name too long, a folder where the file should go) are one input's.
_LASTING = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.EPIPE}
)


class StorageError(ScraperError):
    """An output file could not be written."""

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.path = str(path) if path is not None else None

    @property
    def stops(self) -> bool:
        """Whether the output itself is unusable (full, read-only, not permitted): the
        run stops with exit status 2 instead of failing every page that follows. Read
        from the ``OSError`` this error was raised from (``raise ... from exc``)."""
        cause = self.__cause__
        while cause is not None and not isinstance(cause, OSError):
            cause = cause.__cause__
        return cause is not None and cause.errno in _LASTING


class JobError(ScraperError):
    """A scheduled job could not run."""


class JobLockedError(JobError):
    """Another run of the same job holds its lock."""


class StateError(JobError):
    """The state database is corrupt, foreign or from a newer scraper."""


class SourceError(JobError):
    """A job's feed or sitemap could not be fetched or parsed."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url
