"""Benchmark harness for Ontwikkelwijzer (see bench/README.md). Not part of the app."""
