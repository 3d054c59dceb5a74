"""Readers: turn an input file into a RawDocument (placeholder until the dispatcher lands)."""
from pipeline.read.limits import ReadError

__all__ = ["ReadError"]
