"""Tests of the forecasting engines (accord.solve)."""
