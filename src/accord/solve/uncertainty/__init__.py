"""accord.solve.uncertainty."""
