"""Benchmarks: lexcompare against a SQLite FTS5 reference on a synthetic corpus (``python -m bench``)."""
