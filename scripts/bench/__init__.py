"""Benchmarks over HTTP on loopback; figures in docs/performance.md. Run from the repository root:

  .venv/bin/python -m scripts.bench.tickets ...       # the ticket list, pages and writes
  .venv/bin/python -m scripts.bench.attachments ...   # uploads and downloads
  .venv/bin/python -m scripts.bench.page ...          # a page load in Chromium
"""
