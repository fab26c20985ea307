"""Hypothesis profiles for the fuzz suite.

``make test`` runs the short profile (a few dozen examples per property, so the suite stays
fast); ``make fuzz`` sets ``ACCORD_FUZZ=long`` for thousands of examples per property.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "short",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("long" if os.environ.get("ACCORD_FUZZ") == "long" else "short")
