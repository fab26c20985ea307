"""accord: evidence-backed models of multi-party negotiations from uneven news."""

__version__ = "0.1.0"
