"""The corpus: which reports there are, where their texts and curated facts live, and how a new one is added.

``manifest`` reads and writes ``data/reports.toml``; ``corpus`` finds each report's text, curated folder and
built graph; ``add`` registers a new report; ``shared`` checks that entities two reports share agree (one node per
place code or curated key, the same names). It imports only ``zgraph.model``.
"""

from zgraph.corpus.corpus import Corpus, combine
from zgraph.corpus.manifest import Report

__all__ = ["Corpus", "Report", "combine"]
