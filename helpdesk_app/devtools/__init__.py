"""Tools for developers and first runs, not use cases: demo data and bulk data for benchmarks."""
