"""Benchmarks: lexcompare against a SQLite FTS5 reference on a synthetic corpus (``python -m bench``).

``make bench`` (``python -m bench --size 1000 --size 10000 --json artifacts/bench.json``)
generates a seeded synthetic corpus of each size (:mod:`bench.generate`, cached, never
committed), then for lexcompare and for the FTS5 reference (:mod:`bench.fts5`) over the
same documents measures, each in a fresh process (:mod:`bench.worker`): build time,
index size, peak memory, cold open to first result, and the latency of a fixed query
mix (:mod:`bench.queries`); plus the compare matrix, the same on the real corpus, and
each app page's server-side time (:mod:`bench.apppages`).  It prints a table with the
ratio lexcompare/FTS5 for every figure and checks issue 6's targets (:mod:`bench.report`).

Figures are wall-clock times on whatever else the machine is doing: the JSON records
the load average before and after the run.
"""
