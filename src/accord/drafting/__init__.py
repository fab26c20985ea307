"""From extracted evidence to a model and back: propose a model from position statements
(:mod:`~accord.drafting.draft`) and check a model against newer statements
(:mod:`~accord.drafting.check`).

This package sits between the extraction layer (registry, issue lexicon with its scales) and
the model layer (schema, evidence), which must not import each other.
"""
