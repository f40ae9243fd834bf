"""Benchmarks: plain scripts printing figures and ratios measured in the same run."""
