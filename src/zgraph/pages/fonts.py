"""Chinese text without a CJK system font: the Noto Sans CJK SC that the ``mplfonts`` package ships, for charts and
pages alike.

Charts: :func:`use_cjk_font` registers the packaged OTF with matplotlib's font manager (in memory; nothing is
copied or written) and puts it first in ``font.sans-serif``. Pages: :func:`embed` adds an ``@font-face`` holding a
subset of that font (made with fontTools, only the glyphs of the characters the page shows: its text, its
attributes and its scripts' data, library code left out) as a base64 WOFF ``data:`` URL, so a page stays one
offline file. Characters the CJK font lacks (the legend's ⬢) come from a second subset, of the DejaVu Sans that
matplotlib ships.

Fast: each font file is read once per process. A subset cut from the whole font costs 0.3–0.7 s (fontTools parses
a CFF of 65,535 glyphs and runs the charstrings it keeps), so a process that draws more than one page builds a
*base* once (all of GB 2312 and the common Latin and punctuation, plus that page's characters; about 3 s) and cuts
later pages from it (0.05–0.3 s each); a page with a character outside the base is cut from the whole font again.
Both ways give the same bytes (charstrings desubroutinized, bounds and timestamps not recomputed), so a page does not
depend on what else its process drew: ``tests/test_fonts.py`` compares them. ``benchmarks/bench_pages.py``
measures the cost.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path

from zgraph.model.errors import ZGraphError

#: The embedded CJK family's CSS name (not the font's own, so a system copy of Noto Sans CJK is never mistaken for it).
FAMILY = "zgraph Noto Sans CJK SC"
#: The embedded family for characters the CJK font lacks (subset of DejaVu Sans).
SYMBOLS = "zgraph DejaVu Sans"
#: The font file inside the mplfonts package, and DejaVu Sans inside matplotlib's.
CJK_FILE = "fonts/NotoSansCJKsc-Regular.otf"
SYMBOLS_FILE = "mpl-data/fonts/ttf/DejaVuSans.ttf"
#: Text and code stacks for pages whose own CSS zgraph does not write (pyLODE's, nbconvert's).
TEXT_STACK = f'"{FAMILY}", "{SYMBOLS}", sans-serif'
MONO_STACK = f'ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", "{FAMILY}", "{SYMBOLS}", monospace'
#: nbconvert's lab template: its font variables with the embedded family first (code keeps its monospace fonts),
#: and the body (the browser's default serif otherwise).
JUPYTER_CSS = (f":root{{--jp-ui-font-family:{TEXT_STACK};--jp-content-font-family:{TEXT_STACK};"
               f"--jp-code-font-family-default:{MONO_STACK}}}body{{font-family:var(--jp-content-font-family)}}")
#: pyLODE's page sets ``font: … sans-serif`` on body and headings: every element takes the embedded family.
DOCUMENT_CSS = (f"body,body *{{font-family:{TEXT_STACK}!important}}"
                f"body pre,body pre *,body code,body code *,body kbd,body samp{{font-family:{MONO_STACK}!important}}")
#: Name records kept in a subset: family and style names, and the copyright and licence (OFL) notices.
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]
#: Layout and vertical-writing tables a horizontal Simplified Chinese page does not use.
DROP_TABLES = ["GSUB", "GPOS", "BASE", "VORG", "vhea", "vmtx", "DSIG", "JSTF", "kern", "FFTM"]

_lock = threading.Lock()
_bases: dict[Path, tuple[frozenset[int], bytes]] = {}
_cut_from_full: set[Path] = set()


def _package_file(package: str, name: str) -> Path:
    """A file inside an installed package, found without importing the package (mplfonts imports matplotlib)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ZGraphError(f"zgraph's fonts need the {package!r} package (pip install -e .)")
    path = Path(next(iter(spec.submodule_search_locations))) / name
    if not path.is_file():
        raise ZGraphError(f"{path}: the {package} package does not ship this font")
    return path


def cjk_font_path() -> Path:
    """Noto Sans CJK SC (OpenType/CFF, SIL Open Font License) as shipped by mplfonts."""
    return _package_file("mplfonts", CJK_FILE)


def symbols_font_path() -> Path:
    """DejaVu Sans as shipped by matplotlib: the characters Noto Sans CJK SC lacks (⬢)."""
    return _package_file("matplotlib", SYMBOLS_FILE)


# ------------------------------------------------------------------------------------------------- charts

def use_cjk_font() -> str:
    """Let matplotlib draw Chinese: register the packaged Noto Sans CJK SC (in memory, nothing written), put it
    first in ``font.sans-serif`` and use an ASCII minus sign. Returns the family name. Call it once per kernel."""
    import matplotlib
    from matplotlib import font_manager

    path = str(cjk_font_path())
    if not any(f.fname == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
    name = font_manager.FontProperties(fname=path).get_name()
    rest = [f for f in matplotlib.rcParams["font.sans-serif"] if f != name]
    matplotlib.rcParams.update({"font.family": "sans-serif", "font.sans-serif": [name, *rest],
                                "axes.unicode_minus": False})
    return name


# -------------------------------------------------------------------------------------------- which characters

class _Text(HTMLParser):
    """What a page can show: text, attribute values and script contents, without styles, the scripts in ``skip``
    (library code) and ``srcdoc`` (a frame's own page, which embeds its own font)."""

    def __init__(self, skip: Iterable[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = set(skip)
        self.parts: list[str] = []
        self.raw: list[str] | None = None
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.extend(v for k, v in attrs if v and k != "srcdoc")
        if tag == "script":
            self.raw = []
        elif tag == "style":
            self.in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.raw is not None:
            code = "".join(self.raw)
            if code not in self.skip:
                self.parts.append(code)
            self.raw = None
        elif tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.raw is not None:
            self.raw.append(data)
        elif not self.in_style:
            self.parts.append(data)


def shown(text: str) -> set[str]:
    """The characters of ``text`` a font must draw: all but controls, format characters and white space."""
    return {c for c in set(text) if not c.isspace() and not unicodedata.category(c).startswith("C")}


def page_characters(html: str, skip: Iterable[str] = ()) -> set[str]:
    """The characters a page shows (see :class:`_Text`), plus the space."""
    parser = _Text(skip)
    parser.feed(html)
    parser.close()
    return shown("".join(parser.parts)) | {" "}


# ------------------------------------------------------------------------------------------------- subsets

@cache
def _font_bytes(path: Path) -> bytes:
    return path.read_bytes()


@cache
def coverage(path: Path) -> frozenset[int]:
    """The code points a font file maps."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(io.BytesIO(_font_bytes(path)), lazy=True).getBestCmap())


def _cut(data: bytes, codepoints: Iterable[int], flavor: str | None) -> bytes:
    """fontTools' subset of the font in ``data``: no hinting or bounds recomputed, no timestamp touched."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False, lazy=True)
    options = subset.Options()
    options.layout_features = []
    options.bidi_closure = False  # no mirrored twins (“>” for “<”): the page's own characters only
    options.drop_tables += DROP_TABLES
    options.name_IDs = NAME_IDS
    options.desubroutinize = True  # flat charstrings: the same bytes whether cut from the font or from a base
    options.recalc_bounds = False
    options.recalc_timestamp = False
    options.flavor = flavor
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


def _margin() -> frozenset[int]:
    """What a base holds beyond the page that asks for it: all of GB 2312 (its 6,763 hanzi and 682 symbols),
    ASCII, Latin-1 and Latin Extended-A, general punctuation, arrows, geometric shapes, CJK symbols and full-width
    forms."""
    points = {cp for lo, hi in ((0x20, 0x7F), (0xA0, 0x180), (0x2010, 0x2060), (0x2190, 0x2200), (0x25A0, 0x2600),
                                (0x3000, 0x3040), (0xFF00, 0xFFF0)) for cp in range(lo, hi)}
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes([row, cell]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return frozenset(points)


@lru_cache(maxsize=64)
def subset_woff(path: Path, codepoints: frozenset[int]) -> bytes:
    """A WOFF subset of the font file at ``path`` with the glyphs of ``codepoints`` (those it has).

    The first subset of a process is cut from the font itself; the second builds the process's base (the
    :func:`_margin` plus its own characters), and every later one whose characters the base holds is cut from it.
    The rest are cut from the font again. All three give the same bytes."""
    wanted = codepoints & coverage(path)
    with _lock:
        base = _bases.get(path)
        if base is None and path in _cut_from_full:
            held = (_margin() & coverage(path)) | wanted
            base = _bases[path] = (held, _cut(_font_bytes(path), held, None))
        _cut_from_full.add(path)
    if base is not None and wanted <= base[0]:
        return _cut(base[1], wanted, "woff")
    return _cut(_font_bytes(path), wanted, "woff")


def _face(family: str, woff: bytes) -> str:
    data = base64.b64encode(woff).decode("ascii")
    return (f'@font-face{{font-family:"{family}";src:url(data:font/woff;base64,{data}) format("woff");'
            "font-display:block}")


def font_faces(chars: Iterable[str]) -> str:
    """``@font-face`` rules embedding the CJK font (and, when needed, DejaVu Sans) cut to ``chars``."""
    points = frozenset(ord(c) for c in chars)
    cjk, symbols = cjk_font_path(), symbols_font_path()
    faces = [_face(FAMILY, subset_woff(cjk, points))]
    rest = frozenset(p for p in points - coverage(cjk) if not chr(p).isspace()) & coverage(symbols)
    if rest:
        faces.append(_face(SYMBOLS, subset_woff(symbols, rest)))
    return "".join(faces)


def embed(html: str, *, skip: Sequence[str] = (), css: str = "") -> str:
    """``html`` with a ``<style>`` before ``</head>``: the embedded font cut to the page's characters (library
    scripts in ``skip`` left out), then ``css``. The page's CSP must allow ``font-src data:``."""
    at = html.find("</head>")
    if at < 0:
        raise ZGraphError("the page has no </head> to put its font in")
    style = f"<style>{font_faces(page_characters(html, skip))}{css}</style>\n"
    return html[:at] + style + html[at:]


# ------------------------------------------------------------------------------------------------ checking

def embedded_fonts(html: str) -> dict[str, bytes]:
    """The fonts a page embeds, by CSS family: the WOFF bytes of each ``@font-face`` data URL."""
    faces = re.findall(r'@font-face\{font-family:"([^"]+)";src:url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)', html)
    return {family: base64.b64decode(data) for family, data in faces}


def covered(html: str) -> set[str]:
    """The characters the fonts embedded in ``html`` draw (their cmaps)."""
    from fontTools.ttLib import TTFont

    return {chr(cp) for woff in embedded_fonts(html).values() for cp in TTFont(io.BytesIO(woff)).getBestCmap()}
