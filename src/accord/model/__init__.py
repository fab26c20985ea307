"""accord.model."""
