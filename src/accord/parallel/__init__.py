"""accord.parallel."""
