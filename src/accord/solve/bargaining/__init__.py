"""accord.solve.bargaining."""
