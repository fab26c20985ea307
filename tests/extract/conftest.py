"""Fixtures of the extraction tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from accord.extract.nlp import load_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The pinned English pipeline, loaded once."""
    return load_pipeline()
