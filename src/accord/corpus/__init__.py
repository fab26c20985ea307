"""accord.corpus."""
