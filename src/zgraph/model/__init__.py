"""The model layer: what every stage shares.

It owns where the shipped files live (``paths``), the namespaces and compact ids (``namespaces``), labels and
names (``labels``, ``names``), provenance — quotes, inference rules, background sources — (``provenance``),
reading Turtle into rdflib or Oxigraph (``loading``, ``store``), the source texts (``sources``), errors, atomic
writes, plain-text tables (``text``) and an entity's facts with their evidence (``explain``). It imports nothing
from the other subpackages; they all may import it.
"""
