"""accord.extract."""
