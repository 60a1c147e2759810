"""Headless Chromium for zgraph's pages: a screenshot for the README, and the launcher the browser tests share.

Chromium is Debian's (``/usr/bin/chromium``, or ``$ZGRAPH_CHROMIUM``), driven by Playwright for Python. Every
request that is not ``file:`` is aborted and recorded: the pages are meant to need nothing from a network.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from zgraph.model import atomic

#: Flags that keep Chromium quiet: headless, and none of its own background traffic to the (closed) network.
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: How long a page may take to lay out its graph and report ready (milliseconds).
READY_TIMEOUT_MS = 30_000


def chromium_path() -> str | None:
    """The Chromium executable to use, or None when there is none on this machine."""
    for candidate in (os.environ.get("ZGRAPH_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def launch(playwright, executable: str | None = None):  # noqa: ANN001, ANN201 (Playwright types are optional)
    """Launch headless Chromium with zgraph's flags."""
    return playwright.chromium.launch(executable_path=executable or chromium_path(), args=LAUNCH_ARGS,
                                      headless=True)


def block_network(page, attempted: list[str]) -> None:  # noqa: ANN001
    """Abort every request that is not ``file:`` and record its URL in ``attempted``."""

    def handle(route) -> None:  # noqa: ANN001
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    page.route("**/*", handle)


def wait_ready(page, timeout_ms: int = READY_TIMEOUT_MS) -> None:  # noqa: ANN001
    """Wait until a graph page has laid out its network and frozen physics (``data-zgraph-ready`` on <html>)."""
    # A selector, not wait_for_function: polling a JS predicate would need 'unsafe-eval', which the page's
    # Content-Security-Policy forbids.
    page.wait_for_selector("html[data-zgraph-ready=true]", state="attached", timeout=timeout_ms)


def shoot(browser, html: Path, width: int = 1600, height: int = 1000) -> tuple[bytes, list[str]]:  # noqa: ANN001
    """PNG bytes of a graph page once it is ready, and the non-file URLs it tried to fetch."""
    page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
    try:
        attempted: list[str] = []
        block_network(page, attempted)
        page.goto(Path(html).resolve().as_uri())
        wait_ready(page)
        page.wait_for_timeout(200)
        return page.screenshot(full_page=False), attempted
    finally:
        page.close()


def capture(html: Path, png: Path, width: int = 1600, height: int = 1000, browser=None) -> bool:  # noqa: ANN001
    """Screenshot a graph page; False (with a note) when Playwright or Chromium is missing.

    Pass ``browser`` to reuse a running Playwright browser; otherwise Chromium is started and stopped here.
    """
    if browser is not None:
        data, attempted = shoot(browser, html, width, height)
    else:
        exe = chromium_path()
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            print("zgraph: note: Playwright is not installed; no screenshot taken", file=sys.stderr)
            return False
        if exe is None:
            print("zgraph: note: Chromium not found (install Debian's `chromium`); no screenshot taken",
                  file=sys.stderr)
            return False
        from playwright.sync_api import Error as PlaywrightError

        try:
            with sync_playwright() as p:
                b = launch(p, exe)
                try:
                    data, attempted = shoot(b, html, width, height)
                finally:
                    b.close()
        except PlaywrightError as e:  # e.g. not a zgraph graph page, or Chromium failed to start
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            print(f"zgraph: note: no screenshot of {html}: {first}", file=sys.stderr)
            return False
    if attempted:
        print(f"zgraph: warning: {html} tried to fetch {len(attempted)} URL(s), e.g. {attempted[0]}",
              file=sys.stderr)
    atomic.write_bytes(png, data)
    return True
