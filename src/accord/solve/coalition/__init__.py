"""accord.solve.coalition."""
