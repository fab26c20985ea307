"""accord: evidence-backed models of multi-party negotiations from uneven news."""

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # Uncertainty analyses (accord.sweep, accord.sensitivity, accord.compare), loaded on use.
    if name in ("sweep", "sensitivity", "compare"):
        import importlib

        return getattr(importlib.import_module("accord.uncertainty"), name)
    raise AttributeError(f"module 'accord' has no attribute {name!r}")
