"""corpus: the remembered failures (crash buckets, seeds, expected outputs) and the known-bug registry.

The data lives beside this package (crashes/, seeds/, expected/, known_bugs.json); the small modules here
read and write it: store.py (buckets, seeds, expected outputs), known.py (the registry and BUGS.md).
"""
