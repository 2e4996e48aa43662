"""Benchmarks of the build against targets and a bare-matplotlib baseline (``make bench``)."""
