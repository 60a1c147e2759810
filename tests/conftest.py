"""Shared fixtures: the shipped graph loaded once per session, and the browser requirement flag."""

from __future__ import annotations

import os

import pytest
from rdflib import Graph

from zgraph import graph as zgraph_graph
from zgraph import paths

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
