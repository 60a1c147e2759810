"""zgraph as an ordinary Python package: a wheel built from the checkout, installed into a fresh virtualenv, works
from a folder outside the checkout, reading its ontology, data and source text from the installed package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import zgraph
from zgraph.model import paths

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _clean_env() -> dict[str, str]:
    """The environment without anything that would point the installed package back at the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("ZGRAPH_HOME", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONHASHSEED"] = "0"
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
                   check=True, env=_clean_env(), cwd=out)
    (built,) = out.glob("zgraph-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv with the wheel and its dependencies installed; returns its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   env=_clean_env(), cwd=venv)
    return venv / "bin"


def test_the_wheel_carries_the_model_the_data_and_the_sources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"zgraph/_shipped/ontology/{p.name}" for p in (ROOT / "ontology").glob("*.ttl")}
    shipped |= {f"zgraph/_shipped/data/sources/{p.name}" for p in (ROOT / "data" / "sources").iterdir()}
    shipped.add("zgraph/_shipped/data/triples.ttl")
    assert {"zgraph/_shipped/ontology/zgraph.ttl", "zgraph/_shipped/ontology/shapes.ttl"} <= shipped
    assert shipped <= names
    assert {f"zgraph/_shipped/queries/{p.name}" for p in paths.QUERIES_DIR.glob("*.rq")} <= names
    # the copies are the checkout's files, byte for byte
    with zipfile.ZipFile(wheel) as z:
        assert z.read("zgraph/_shipped/data/triples.ttl") == (ROOT / "data" / "triples.ttl").read_bytes()


def run_installed(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(bin_dir / "zgraph"), *args], capture_output=True, cwd=cwd, env=_clean_env())
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8"),
                                       done.stderr.decode("utf-8"))


def test_installed_commands_work_outside_the_checkout(installed, tmp_path):
    where = subprocess.run([str(installed / "python"), "-c", "from zgraph.model import paths; print(paths.ROOT)"],
                           capture_output=True, text=True, cwd=tmp_path, env=_clean_env(), check=True)
    root = Path(where.stdout.strip())
    assert root.name == "_shipped" and ROOT not in root.parents  # read from the installed package, not here

    pairings = run_installed(installed, "query", "pairings", "--format", "csv", cwd=tmp_path)
    assert pairings.returncode == 0, pairings.stderr
    local = subprocess.run([sys.executable, "-m", "zgraph", "query", "pairings", "--format", "csv"],
                           capture_output=True, cwd=ROOT, check=True)
    assert pairings.stdout.encode("utf-8") == local.stdout  # the same bytes as from the checkout
    assert "越秀区,赤坎区" in pairings.stdout

    valid = run_installed(installed, "validate", cwd=tmp_path)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert valid.stdout.startswith("conforms:") and "quotes verbatim at their offsets" in valid.stdout

    page = tmp_path / "page.html"
    rendered = run_installed(installed, "render", "--view", "pairings", "--out", str(page), cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert "赤坎区" in page.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]  # nothing else written here

    version = run_installed(installed, "--version", cwd=tmp_path)
    assert version.stdout.strip() == f"zgraph {zgraph.__version__}"


def test_zgraph_home_still_points_at_a_checkout(installed, tmp_path):
    env = {**_clean_env(), "ZGRAPH_HOME": str(ROOT)}
    where = subprocess.run([str(installed / "python"), "-c", "from zgraph.model import paths; print(paths.DATA)"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, check=True)
    assert Path(where.stdout.strip()) == ROOT / "data" / "triples.ttl"
