"""Shared fixtures: the shipped graph loaded once per session, and the browser requirement flag."""

from __future__ import annotations

import os

import pytest
from rdflib import Graph

from zgraph.model import loading as zgraph_graph
from zgraph.model import paths
from zgraph.pages import screenshot

#: In CI (.ci/run sets it) browser tests must fail instead of skipping when Chromium is missing.
REQUIRE_BROWSER = os.environ.get("ZGRAPH_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def g() -> Graph:
    """Model + shipped data, loaded once (tests must not modify it)."""
    return zgraph_graph.load()


@pytest.fixture(scope="session")
def source_text() -> str:
    """The report text exactly as shipped."""
    return (paths.SOURCES_DIR / "zhanjiang-2023-industrial-transfer.txt").read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright, one per test module; skipped when missing, unless
    ZGRAPH_REQUIRE_BROWSER=1 (CI), where a missing browser fails the test."""
    exe = screenshot.chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if exe is None or sync_playwright is None:
        if REQUIRE_BROWSER:
            pytest.fail("ZGRAPH_REQUIRE_BROWSER=1 but Chromium or Playwright is missing")
        pytest.skip("headless Chromium (Debian's chromium) and Playwright are needed")
    with sync_playwright() as p:
        b = screenshot.launch(p, exe)
        yield b
        b.close()
