"""One synthetic report: the template's lines with its places, partner, enterprises, figures and ids changed.

A report is set in one of Guangdong's receiving cities (drawn in seeded rounds through all fifteen), paired with
that city's partner; the template's counties and districts stand for the city's and partner's own (see
:mod:`zgraph.scale.geography`). Its text is the template's text with the same names and figures changed, so every
quote is verbatim at its (recomputed) offsets; evidence ids carry the new offsets. Everything is a pure function of
(seed, report number, number of reports): the same arguments give the same bytes.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from zgraph.corpus.corpus import sha256
from zgraph.model.namespaces import ZG, ZGI
from zgraph.scale import geography
from zgraph.scale.template import CITY_WORDS, PARTNER_WORDS, Template, local_name, nt_iri

#: Receiving cities, in code order (each round of fifteen reports visits each once, in a seeded order).
CITIES = tuple(sorted(geography.PARTNER_OF))
FICTIONAL = f"{nt_iri(str(ZG.fictional))} \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>"


def report_id(number: int, total: int) -> str:
    """The id of report ``number`` (1-based) of ``total``: synth-0001 … (wider past 9,999)."""
    return f"synth-{number:0{max(4, len(str(total)))}d}"


def city_of(number: int, seed: int) -> str:
    """The receiving city of report ``number``: round r of fifteen is a seeded shuffle of the cities."""
    order = list(CITIES)
    random.Random(f"{seed}:round:{(number - 1) // len(CITIES)}").shuffle(order)
    return order[(number - 1) % len(CITIES)]


def pool_size(total: int) -> int:
    """How many variants each enterprise of the template has (variant 0 is the real one): a quarter of the reports,
    so that each variant turns up in about four reports."""
    return 1 + total // 4


def _nt_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _decimal(d: Decimal) -> str:
    """An xsd:decimal lexical form as the template writes it (325.0, 65.15)."""
    s = format(d.normalize(), "f")
    return s if "." in s else s + ".0"


def _lexical(term: str) -> str:
    return term[1:term.rindex('"')]


def _with_lexical(term: str, lexical: str) -> str:
    return '"' + lexical + term[term.rindex('"'):]


class Text:
    """The template text with edits applied, and the map from old offsets to new."""

    def __init__(self, text: str, edits: list[tuple[int, int, str]], printed: dict[int, str]) -> None:
        self.printed = printed  # template offset of a figure's number → the number printed now
        parts: list[str] = []
        self.old: list[int] = []
        self.spans: list[tuple[int, int, int, int]] = []
        at, new = 0, 0
        for start, end, replacement in sorted(edits):
            if start < at:
                continue  # overlapping edits: the first wins
            parts.append(text[at:start])
            new += start - at
            self.old.append(start)
            self.spans.append((start, end, new, new + len(replacement)))
            parts.append(replacement)
            new += len(replacement)
            at = end
        parts.append(text[at:])
        self.text = "".join(parts)

    def offset(self, position: int, end: bool) -> int:
        """Where a template offset lands: shifted past earlier edits; inside an edit, its start (or its end)."""
        i = bisect_right(self.old, position) - 1
        if i < 0:
            return position
        old_start, old_end, new_start, new_end = self.spans[i]
        if position >= old_end:
            return new_end + position - old_end
        if position == old_start:
            return new_start
        return new_end if end else new_start


@dataclass(frozen=True)
class Synthetic:
    """One written report: id, city, partner, its text, its N-Triples and how many triples."""

    id: str
    city: geography.Place
    partner: geography.Place
    text: str
    ntriples: str
    triples: int
    title_en: str

    @property
    def sha256(self) -> str:
        return sha256(self.text.encode("utf-8"))


class Generator:
    """Makes the reports of one corpus (seed, total) from a template parsed once."""

    def __init__(self, template: Template, seed: int, total: int) -> None:
        self.t, self.seed, self.total = template, seed, total
        self.zh = self._pattern(template.names_zh, r"")
        self.en = self._pattern(template.names_en, r"\b")
        self.codes = {c: t for t, c in template.role_codes.items()}
        self.city_codes = tuple(sorted(c for c in self.codes if c[:4] == geography.TEMPLATE_CITY[:4]))
        self.partner_codes = tuple(sorted(c for c in self.codes if c[:4] == geography.TEMPLATE_PARTNER[:4]))

    @staticmethod
    def _pattern(keys: dict[str, str], edge: str) -> re.Pattern[str]:
        alternatives = "|".join(re.escape(k) for k in sorted(keys, key=lambda k: (-len(k), k)))
        return re.compile(f"{edge}(?:{alternatives}){edge}")

    @cache  # noqa: B019  (one generator per run)
    def roles(self, city: str) -> dict[str, geography.Place]:
        """Which real division each template division stands for in a report of ``city``."""
        partner = geography.PARTNER_OF[city]
        out = {geography.TEMPLATE_CITY: geography.place(city), geography.TEMPLATE_PARTNER: geography.place(partner)}
        counties = [c for c in self.city_codes if c != geography.TEMPLATE_CITY]
        districts = [c for c in self.partner_codes if c != geography.TEMPLATE_PARTNER]
        out.update(geography.role_places(tuple(counties), city, self.seed))
        out.update(geography.role_places(tuple(districts), partner, self.seed))
        return out

    @cache  # noqa: B019
    def scoped(self, city: str) -> dict[str, str]:
        """New ids of the city- and partner-scoped nodes, and of the role places, for reports of ``city``."""
        roles = self.roles(city)
        city_slug, partner_slug = roles[geography.TEMPLATE_CITY].slug, roles[geography.TEMPLATE_PARTNER].slug
        moved_city = city != geography.TEMPLATE_CITY
        moved_partner = roles[geography.TEMPLATE_PARTNER].code != geography.TEMPLATE_PARTNER
        out: dict[str, str] = {}
        for term, scope in self.t.scope.items():
            if scope == "role":
                new = roles[self.t.role_codes[term]]
                out[term] = self.t.place_iri.get(new.code, nt_iri(f"{ZGI}place-{new.slug}"))
            elif scope in ("city", "partner"):
                words = local_name(term).split("-")
                renamed = [city_slug if w in CITY_WORDS and scope == "city" and moved_city else
                           partner_slug if w in PARTNER_WORDS and moved_partner else w for w in words]
                if scope == "city" and moved_city and not set(words) & set(CITY_WORDS):
                    renamed.append(city_slug)
                if scope == "partner" and moved_partner and not set(words) & set(PARTNER_WORDS):
                    renamed.append(partner_slug)
                out[term] = nt_iri(f"{ZGI}{'-'.join(renamed)}")
        return out

    def report(self, number: int) -> Synthetic:
        """Report ``number`` (1-based) of the corpus."""
        t = self.t
        rid, city = report_id(number, self.total), city_of(number, self.seed)
        roles = self.roles(city)
        rng = random.Random(f"{self.seed}:{rid}")
        zh: dict[str, str] = {}
        en: dict[str, str] = {}
        for code, new in roles.items():
            old = geography.place(code)
            zh.update({old.zh: new.zh, old.core: new.core})
            en.update({old.en: new.en, old.stem: new.stem})
        imap = dict(self.scoped(city))
        pool = pool_size(self.total)
        for term, (zh_names, en_names) in t.enterprises.items():
            variant = rng.randrange(pool)
            if variant:
                imap[term] = term[:-1] + f"-v{variant}>"
                zh.update({n: f"{n}（合成{variant}）" for n in zh_names})
                en.update({n: f"{n} (synthetic {variant})" for n in en_names})
        text = self._text(zh, rng)
        for term, scope in t.scope.items():
            name = local_name(term)
            if scope == "evidence":
                start, end, selector = t.evidence[term]
                span = f"ev-{rid}-{text.offset(start, False):05d}-{text.offset(end, True):05d}"
                imap[term] = nt_iri(f"{ZGI}{span}{'-selector' if selector else ''}")
            elif scope == "local":
                prefix, _, rest = name.partition("-")
                imap[term] = nt_iri(f"{ZGI}{prefix}-{rid}" + (f"-{rest}" if prefix != "report" else ""))
        self._check(imap)
        over = self._overrides(rid, number, city, roles, text)
        zh_sub, en_sub = self._substitute(self.zh, zh), self._substitute(self.en, en)
        literals: dict[str, str] = {}
        out: dict[str, None] = {}
        for i, (s, p, o) in enumerate(t.lines):
            if i in over:
                new_o = over[i]
            elif o[0] == "<":
                new_o = imap.get(o, o)
            elif o in literals:
                new_o = literals[o]
            else:
                new_o = literals[o] = self._literal(o, zh_sub, en_sub)
            out[f"{imap.get(s, s)} {p} {new_o} .\n"] = None
        out[f"{imap[t.report]} {FICTIONAL} .\n"] = None
        head = (f"# Synthetic, fictional report {rid} written by `zgraph synth` (seed {self.seed}, "
                f"{self.total} reports): it describes nothing real.\n")
        entry = t.entry
        assert entry is not None
        return Synthetic(rid, roles[geography.TEMPLATE_CITY], roles[geography.TEMPLATE_PARTNER], text.text,
                         head + "".join(out), len(out), en_sub(entry.title_en))

    @staticmethod
    def _substitute(pattern: re.Pattern[str], table: dict[str, str]) -> Callable[[str], str]:
        changed = {k: v for k, v in table.items() if k != v}
        return lambda s: pattern.sub(lambda m: changed.get(m.group(0), m.group(0)), s) if changed else s

    @staticmethod
    def _literal(term: str, zh: Callable[[str], str], en: Callable[[str], str]) -> str:
        if term.endswith("@en"):
            return en(zh(term))  # English notes quote Chinese names too
        if term.endswith(('"', "@zh", "#string>")):
            return zh(term)
        return term

    def _text(self, zh: dict[str, str], rng: random.Random) -> Text:
        """The report's text: names replaced, and each figure's printed number drawn again (×0.5 to ×1.5)."""
        edits = [(m.start(), m.end(), zh[m.group(0)]) for m in self.zh.finditer(self.t.text)
                 if zh.get(m.group(0), m.group(0)) != m.group(0)]
        printed: dict[int, str] = {}
        for fig in self.t.figures:
            if fig.position in printed:
                continue
            places = len(fig.printed.partition(".")[2])
            unit = Decimal(1).scaleb(-places)
            drawn = (fig.value * Decimal(str(round(rng.uniform(0.5, 1.5), 4)))).quantize(unit, ROUND_HALF_UP)
            printed[fig.position] = str(max(drawn, unit))
            edits.append((fig.position, fig.position + len(fig.printed), printed[fig.position]))
        return Text(self.t.text, edits, printed)

    def _overrides(self, rid: str, number: int, city: str, roles: dict[str, geography.Place],
                   text: Text) -> dict[int, str]:
        """The lines a report rewrites whole: offsets, quotes, figures, its places' labels and codes, its node."""
        t = self.t
        over: dict[int, str] = {}
        for i, _s, end in t.offsets:
            o = t.lines[i][2]
            over[i] = _with_lexical(o, str(text.offset(int(_lexical(o)), end)))
        for i, s in t.exacts:
            start, stop, _ = t.evidence[s]
            over[i] = _nt_string(text.text[text.offset(start, False):text.offset(stop, True)])
        for i in t.place_lines:
            s, p, o = t.lines[i]
            division = roles[t.role_codes[s]]
            if p.endswith("#divisionCode>"):
                over[i] = f'"{division.code}"'
            else:
                lang = o.rpartition("@")[2]
                labels = t.place_labels.get(division.code, {})
                name = division.zh if lang == "zh" else division.en
                over[i] = labels.get(lang) or _nt_string(name) + f"@{lang}"
        if city != geography.TEMPLATE_CITY:
            own = roles[geography.TEMPLATE_CITY]
            for i in t.titled:
                o = t.lines[i][2]
                suffix = f" ({own.en})" if o.endswith("@en") else f"（{own.zh}）"
                over[i] = _with_lexical(o, _lexical(o) + suffix)
        for fig in t.figures:
            value = Decimal(text.printed[fig.position])
            normalised = (fig.normalised * value / fig.value).quantize(Decimal("0.000001"))
            for key, lexical in (("value", _decimal(value)), ("normalised", _decimal(normalised)),
                                 ("printed", text.printed[fig.position])):
                line = fig.lines[key]
                over[line] = _with_lexical(t.lines[line][2], lexical)
        note = (f"Synthetic, fictional report {rid} written by `zgraph synth` (seed {self.seed}, report {number} of "
                f"{self.total}) from the template of {t.report_id}: its places, partner, enterprises and figures are "
                "drawn again and its text rewritten to match; it describes nothing real. Do not cite.")
        fields = {"comment": _nt_string(note) + "@en", "sourceFile": f'"{rid}.txt"',
                  "sha256": _nt_string(sha256(text.text.encode("utf-8"))),
                  "placeCode": f'"{city}"', "identifier": f'"{rid}"'}
        for p, i in t.report_lines.items():
            for field_name, replacement in fields.items():
                if p.endswith(f"{field_name}>"):
                    over[i] = replacement
        return over

    def _check(self, imap: dict[str, str]) -> None:
        """Distinct template nodes keep distinct ids (divisions aside: one node per division code)."""
        roles = {v for k, v in imap.items() if self.t.scope.get(k) == "role"}
        divisions = set(self.t.place_iri.values())
        seen: dict[str, str] = {}
        for term in self.t.scope:
            if term in divisions:
                continue
            new = imap.get(term, term)
            if new in seen or new in roles:
                raise AssertionError(f"synth: {term} and {seen.get(new, 'a place')} would both be {new}")
            seen[new] = term
