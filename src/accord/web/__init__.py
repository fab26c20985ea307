"""accord.web."""
