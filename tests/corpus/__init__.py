"""Tests for accord.corpus and the corpus store."""
