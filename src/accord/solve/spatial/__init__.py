"""accord.solve.spatial."""
