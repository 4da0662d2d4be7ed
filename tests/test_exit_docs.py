"""The exit statuses the docs promise, and the cron and systemd examples built on them.

The tables in README.md and docs/scheduling.md list exactly the statuses scraper exits
with (``ExitCode``); each command's ``--help`` names only those; the systemd units
count as success only statuses the alerting table says need no one
(``SuccessExitStatus``), among them the status of the signal they stop scraper with
(``KillSignal``, a signal scraper handles like Ctrl-C), and give it longer to stop than
the signal tests allow (``TimeoutStopSec``); the cron lines silence only such statuses.
"""

from __future__ import annotations

import configparser
import re
import signal
from pathlib import Path

import pytest
from clean_helpers import ROOT
from test_signals import STOP_LIMIT

from scraper.cli import build_parser
from scraper.exitcodes import ExitCode

README = ROOT / "README.md"
SCHEDULING = ROOT / "docs" / "scheduling.md"
_ROW = re.compile(r"^\| (\d+) \|(.*)\|\s*$", re.M)
_FENCE = re.compile(r"^```(\S*)\n(.*?)^```$", re.M | re.S)
# Signals scraper stops on as on Ctrl-C (scraper.cli.signals), with their exit status.
HANDLED = {
    signal.SIGTERM: ExitCode.TERMINATED,
    signal.SIGHUP: ExitCode.HANGUP,
    signal.SIGINT: ExitCode.INTERRUPTED,
}


def _section(path: Path, heading: str) -> str:
    text = path.read_text("utf-8")
    start = text.index(heading)
    end = text.find("\n#", start + len(heading))
    return text[start : end if end > 0 else None]


def _table(path: Path, heading: str) -> dict[int, list[str]]:
    rows = _ROW.findall(_section(path, heading))
    return {int(code): [cell.strip() for cell in rest.split(" | ")] for code, rest in rows}


def _no_alert() -> set[int]:
    """The statuses the alerting table says no one needs to look at."""
    table = _table(SCHEDULING, "## Exit statuses, for alerting")
    return {code for code, cells in table.items() if cells[-1].startswith("no")}


def _blocks(lang: str) -> list[str]:
    found = []
    for path in (README, SCHEDULING):
        found += [code for kind, code in _FENCE.findall(path.read_text("utf-8")) if kind == lang]
    return found


def _services() -> list[configparser.SectionProxy]:
    units = []
    for code in _blocks("ini"):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys as written
        parser.read_string(code)
        if parser.has_section("Service") and "scraper run" in parser["Service"]["ExecStart"]:
            units.append(parser["Service"])
    return units


@pytest.mark.parametrize(
    ("path", "heading"),
    [(README, "### Exit statuses (every command)"), (SCHEDULING, "## Exit statuses, for alerting")],
    ids=["README", "scheduling"],
)
def test_the_exit_tables_list_every_status_scraper_exits_with(path: Path, heading: str) -> None:
    assert sorted(_table(path, heading)) == sorted(ExitCode)


def test_every_commands_help_names_only_real_exit_statuses() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands
    for name, command in commands.items():
        text = (command.description or "").split("Exit status:", 1)
        assert len(text) == 2, f"scraper {name} --help names no exit status"
        named = {int(n) for n in re.findall(r"\b(\d+) [a-z(]", text[1])}
        assert named <= set(ExitCode), (name, named - set(ExitCode))
        assert {0, 2} <= named, name


def test_the_systemd_examples_are_set_for_how_scraper_stops() -> None:
    services = _services()
    assert len(services) == 2  # README's and docs/scheduling.md's
    for service in services:
        success = {int(code) for code in service["SuccessExitStatus"].split()}
        assert success <= _no_alert(), success - _no_alert()
        assert ExitCode.LOCKED in success  # the previous run still going is no failure
        kill = getattr(signal, service.get("KillSignal", "SIGTERM"))
        assert kill in HANDLED  # stopped as by Ctrl-C: summary, run recorded, files whole
        assert HANDLED[kill] in success  # `systemctl stop` does not mark the unit failed
        assert service.get("KillMode", "control-group") in ("mixed", "control-group")
        assert int(service["TimeoutStopSec"]) > STOP_LIMIT  # SIGKILL only past the limit


def test_the_cron_examples_silence_only_statuses_that_need_no_one() -> None:
    lines = [line for code in _blocks("cron") for line in code.splitlines() if "scraper" in line]
    assert len(lines) == 2
    for line in lines:
        silenced = {int(n) for n in re.findall(r"\$\? -eq (\d+)", line)}
        assert silenced == {ExitCode.LOCKED}
        assert silenced <= _no_alert()
