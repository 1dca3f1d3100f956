"""Benchmarks and the synthetic-scale data generator."""
