"""``FetchConfig``: every setting of the fetch stage, built once and passed down.

Each field has one name, used as the CLI flag (``per_host`` is ``--per-host``) and as
the key of a job file's ``[fetch]`` table, so ``FetchConfig.from_mapping`` turns such a
table into a config and names any key it does not know.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from scraper.errors import ConfigError
from scraper.suggest import did_you_mean
from scraper.version import __version__

__all__ = ["BOUNDS", "CONTROL", "Bounds", "FetchConfig", "default_user_agent", "number_text"]

MiB = 1024 * 1024


def default_user_agent() -> str:
    """``scraper/<version>``: names the tool and its version, as RFC 9110 asks."""

    return f"scraper/{__version__} (article text fetcher; +https://pypi.org/project/scraper/)"


@dataclass(frozen=True, slots=True)
class Bounds:
    """The values a numeric setting may take: finite, from ``low`` to ``high``.

    ``positive`` excludes ``low`` itself (a zero timeout means nothing).
    """

    low: float
    high: float
    unit: str = ""
    positive: bool = False

    def problem(self, value: float) -> str | None:
        """Why ``value`` is out of bounds, or ``None``."""
        if not math.isfinite(value):
            return f"must be a finite number, not {value}"
        if self.positive and value <= self.low:
            return "must be positive"
        if value < self.low:
            return "must not be negative" if self.low == 0 else f"must be at least {self.low:g}"
        if value > self.high:
            return f"must be at most {number_text(self.high)}{self.unit}"
        return None


def number_text(value: float) -> str:
    """``3600`` for 3600.0, ``0.5`` for 0.5: numbers as a job file would hold them."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# Sane bounds, documented in docs/scheduling.md: past them a value is a typo or a way
# to take the machine down (`concurrency = 1000000000` opens sockets until the process
# runs out of file descriptors; `delay = nan` compares false with everything, so no
# wait would ever happen).
BOUNDS: dict[str, Bounds] = {
    "concurrency": Bounds(1, 512),
    "per_host": Bounds(1, 64),
    "delay": Bounds(0, 3600, " seconds"),
    "timeout": Bounds(0, 3600, " seconds", positive=True),
    "deadline": Bounds(0, 3600, " seconds", positive=True),
    "max_bytes": Bounds(1, 1024 * MiB, " bytes (1 GiB)"),
    "attempts": Bounds(1, 100),
    "retry_time": Bounds(0, 86400, " seconds (a day)"),
    "backoff": Bounds(0, 3600, " seconds"),
    "max_backoff": Bounds(0, 86400, " seconds (a day)"),
    "max_redirects": Bounds(0, 100),
}
CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # C0 controls and DEL: never in a setting


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """How pages are fetched. Times are in seconds, sizes in bytes.

    ``timeout`` bounds connecting and each read; ``deadline`` bounds one attempt at a
    page from connect to the last body byte; ``attempts`` and ``retry_time`` bound the
    retries (whichever runs out first); ``backoff`` is the first wait between attempts,
    doubling with jitter up to ``max_backoff``, which also caps ``Retry-After``.
    ``delay`` is the minimum time between two requests to one host (a robots.txt
    ``Crawl-delay`` can only lengthen it); ``per_host`` and ``concurrency`` cap the
    requests in flight to one host and in all. ``headers`` are sent with every request;
    ``Cookie`` and ``Authorization`` among them only to the origin first asked.
    """

    concurrency: int = 32
    per_host: int = 2
    delay: float = 1.0
    timeout: float = 10.0
    deadline: float = 60.0
    max_bytes: int = 10 * MiB
    attempts: int = 4
    retry_time: float = 120.0
    backoff: float = 1.0
    max_backoff: float = 60.0
    max_redirects: int = 10
    user_agent: str = field(default_factory=default_user_agent)
    obey_robots: bool = True
    allow_private: bool = False
    http2: bool = True
    headers: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        for name, bounds in BOUNDS.items():
            problem = bounds.problem(getattr(self, name))
            if problem:
                raise ConfigError(f"fetch setting {name} {problem}")
        if not self.user_agent.strip():
            raise ConfigError("fetch setting user_agent must not be empty")
        texts = [("user_agent", self.user_agent)]
        texts += [(f"headers {k!r}", f"{k}{v}") for k, v in self.headers]
        for name, text in texts:
            if CONTROL.search(text):
                raise ConfigError(f"fetch setting {name} must not contain control characters")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, where: str = "[fetch]") -> FetchConfig:
        """Build a config from a decoded TOML table; unknown keys and bad types raise.

        ``where`` names the table in error messages, e.g. ``"job.toml [fetch]"``.
        """
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise ConfigError(f"{where}: unknown key {key!r}{did_you_mean(key, known)}")
            values[key] = _coerce(key, known[key].type, value, where)
        return cls(**values)

    def replace(self, **changes: Any) -> FetchConfig:
        """A copy with some settings changed (validated like a new config)."""
        return dataclasses.replace(self, **changes)


def _coerce(key: str, kind: object, value: Any, where: str) -> Any:
    """Check one value against its field's type (annotations are strings here)."""
    if kind == "bool":
        if isinstance(value, bool):
            return value
    elif kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif kind == "float":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif kind == "str":
        if isinstance(value, str):
            return value
    elif isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return tuple(sorted(value.items()))
    expected = {"bool": "true or false", "int": "an integer", "float": "a number"}
    wanted = expected.get(str(kind), "a string" if kind == "str" else "a table of strings")
    raise ConfigError(f"{where}: {key!r} must be {wanted}, not {value!r}")
