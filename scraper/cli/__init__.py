"""The ``scraper`` command: a thin layer that builds config objects and calls the library.

Each sub-command lives in its own module with ``register(subparsers)``, which adds its
parser and sets ``handler`` to a function ``(args) -> ExitCode``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from scraper.cli.clean import register as register_clean
from scraper.cli.fetch import register as register_fetch
from scraper.cli.retry import register as register_retry
from scraper.cli.run import register as register_run
from scraper.cli.signals import StopSignals
from scraper.exitcodes import ExitCode
from scraper.heap import give_back_large_blocks
from scraper.suggest import did_you_mean
from scraper.version import __version__

__all__ = ["main"]

_COMMANDS = (register_clean, register_fetch, register_run, register_retry)


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors already; keep its message to one line, and
    name the option meant when one is misspelt (argparse does that from Python 3.12
    on only for choices, and never for options)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(ExitCode.USAGE)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: None = None
    ) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            chosen = _subparser(self, getattr(parsed, "command", None)) or self
            options = [o for action in chosen._actions for o in action.option_strings]
            hints = [did_you_mean(x.split("=")[0], options) for x in extras if x[:2] == "--"]
            hint = next((h for h in hints if h), "")
            chosen.error(f"unrecognized arguments: {' '.join(extras)}{hint}")
        return parsed


def _subparser(parser: argparse.ArgumentParser, name: str | None) -> _Parser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            found = action.choices[name]
            return found if isinstance(found, _Parser) else None
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="scraper",
        description="Fetch article pages, strip the site's chrome, save clean text plus metadata.",
    )
    parser.add_argument("--version", action="version", version=f"scraper {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for register in _COMMANDS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    give_back_large_blocks()  # memory stays flat however many pages (scraper.heap)
    args = build_parser().parse_args(argv)
    with StopSignals() as stop:
        try:
            code = int(args.handler(args))
        except KeyboardInterrupt:
            sys.stderr.write("scraper: interrupted\n")
            code = int(ExitCode.INTERRUPTED)
    return stop.exit_code(code)
