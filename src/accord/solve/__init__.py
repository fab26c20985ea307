"""accord.solve."""
