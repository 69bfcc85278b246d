"""Benchmarks: a large firm on demand (bench.generate) and the numbers of
DESIGN.md measured side by side (bench.run). Both work on a separate database
(casemgr_bench by default) on the same PostgreSQL server, never on the app's own.
"""
