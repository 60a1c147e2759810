"""Scale: synthetic corpora in zgraph's own schema, for measuring every command at 10k to 10M triples.

``zgraph synth`` (:func:`zgraph.scale.write.write_corpus`) writes N report graphs made from the seed report
(:mod:`zgraph.scale.template`), each set in a real receiving city of Guangdong with its partner city
(:mod:`zgraph.scale.geography`), renamed deterministically (:mod:`zgraph.scale.synth`); see docs/scale.md.
"""
