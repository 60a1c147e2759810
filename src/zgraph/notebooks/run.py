"""Running the shipped notebooks: from a clean kernel of this interpreter, with their parameters replaced.

:func:`execute` runs a notebook from a clean kernel of this very interpreter (a kernelspec written to a temporary
folder, so no kernel installed elsewhere is picked up), with its ``parameters`` cell (``LANG = "zh"``) optionally
replaced; :func:`execute_all` writes executed copies and HTML pages that fetch nothing from a network.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from zgraph.model import atomic, paths
from zgraph.model.errors import InputError, ZGraphError
from zgraph.pages import fonts
from zgraph.pages.assets import environment

if TYPE_CHECKING:  # nbformat takes over a second to import: notebooks that only use the tables do not pay for it
    import nbformat

#: The shipped notebooks.
NOTEBOOKS_DIR = paths.ROOT / "notebooks"
#: Tag of the cell whose assignments :func:`execute` may replace (papermill's convention).
PARAMETERS_TAG = "parameters"
#: Seconds one cell may run.
CELL_TIMEOUT = 300
#: Name of the kernelspec written for each run.
KERNEL_NAME = "zgraph-python3"
#: nbconvert's lab template without the scripts it would fetch from a CDN (require.js, MathJax, Mermaid).
OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
#: Terminal colour codes (in tracebacks from the kernel).
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The notebooks in ``folder``, in file-name order."""
    return sorted(Path(folder).glob("*.ipynb"))


def read(path: Path) -> nbformat.NotebookNode:
    """Read a notebook (nbformat 4); unreadable files raise InputError."""
    import nbformat
    try:
        return nbformat.read(Path(path), as_version=4)
    except FileNotFoundError:
        raise InputError(f"{path}: no such notebook") from None
    except (ValueError, nbformat.reader.NotJSONError) as e:
        raise InputError(f"{path}: not a readable notebook: {e}") from None


def parameters_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The code cell tagged ``parameters``; a notebook without one raises ZGraphError."""
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            return cell
    raise ZGraphError(f"notebook has no code cell tagged {PARAMETERS_TAG!r}")


def set_parameters(nb: nbformat.NotebookNode, values: Mapping[str, object]) -> nbformat.NotebookNode:
    """Replace the parameters cell by assignments of ``values``; each name must be assigned there already."""
    cell = parameters_cell(nb)
    for name in values:
        if not re.search(rf"^{re.escape(name)}\s*=", cell.source, re.MULTILINE):
            raise ZGraphError(f"the parameters cell does not set {name!r}")
    cell.source = "\n".join(f"{name} = {value!r}  # set by zgraph.notebooks" for name, value in values.items())
    return nb


def has_outputs(nb: nbformat.NotebookNode) -> bool:
    """True when any code cell carries outputs or an execution count (notebooks are committed without)."""
    return any(c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)
               for c in nb.cells)


def _kernel_manager(folder: Path):  # noqa: ANN202 (jupyter_client's class)
    """A kernel manager whose only kernel is this interpreter's ipykernel (kernelspec written into ``folder``)."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    write_kernel_spec(folder / KERNEL_NAME, overrides={"display_name": "zgraph (Python 3)"})  # argv: sys.executable
    specs = KernelSpecManager(kernel_dirs=[str(folder)], ensure_native_kernel=False)
    return AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs, transport="ipc",
                         ip=str(folder / "kernel"))


def execute(path: Path, parameters: Mapping[str, object] | None = None, extra_cells: Sequence[str] = (),
            timeout: int = CELL_TIMEOUT) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel (working folder: the notebook's) and return it executed.

    ``parameters`` replace the parameters cell; ``extra_cells`` are code appended at the end (tests use them to
    look at the notebook's variables). A failing cell raises ZGraphError naming the notebook and the error.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(path)
    nb = read(path)
    if parameters:
        set_parameters(nb, parameters)
    for i, source in enumerate(extra_cells):
        nb.cells.append(nbformat.v4.new_code_cell(source, id=f"zgraph-extra-{i}"))
    kernelspec = nb.metadata.get("kernelspec")
    with tempfile.TemporaryDirectory(prefix="zgraph-kernel-") as tmp:
        client = NotebookClient(nb, km=_kernel_manager(Path(tmp)), timeout=timeout, record_timing=False,
                                resources={"metadata": {"path": str(path.resolve().parent)}})
        try:
            client.execute(cleanup_kc=True)  # shut the kernel down even though we made its manager
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
            raise ZGraphError(f"{path.name}: {ANSI.sub('', str(e))}") from None
    if kernelspec is not None:
        nb.metadata["kernelspec"] = kernelspec
    return nb


def to_html(nb: nbformat.NotebookNode, title: str = "") -> str:
    """An executed notebook as one HTML page (nbconvert's lab template, nothing fetched from a CDN, the CJK font
    embedded)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file="zgraph-offline.html.j2",
                            extra_loaders=[DictLoader({"zgraph-offline.html.j2": OFFLINE_TEMPLATE})],
                            embed_images=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title or "notebook"}})
    return fonts.embed(body, css=fonts.JUPYTER_CSS)


def title_of(nb: nbformat.NotebookNode) -> str:
    """The notebook's first Markdown heading, without the ``#``."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def index_page(entries: Sequence[tuple[str, str, str]], lang: str) -> str:
    """A page listing the executed notebooks: (HTML file, notebook file, title) each."""
    items = [{"page": page, "notebook": notebook, "title": title} for page, notebook, title in entries]
    return fonts.embed(environment().get_template("notebooks.html").render(lang=lang, items=items))


def execute_all(out_dir: Path, lang: str = "zh", folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Execute every notebook with ``LANG = lang``; write ``NAME.ipynb``, ``NAME.html`` and ``index.html``."""
    import nbformat

    out_dir = Path(out_dir)
    written: list[Path] = []
    entries = []
    for path in notebooks(folder):
        nb = execute(path, {"LANG": lang})
        title = title_of(nb) or path.stem
        written.append(atomic.write_text(out_dir / path.name, nbformat.writes(nb) + "\n"))
        written.append(atomic.write_text(out_dir / f"{path.stem}.html", to_html(nb, title)))
        entries.append((f"{path.stem}.html", path.name, title))
    written.append(atomic.write_text(out_dir / "index.html", index_page(entries, lang)))
    return written
