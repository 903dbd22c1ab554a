"""Créneau: a local-first planner for independent workers."""

__version__ = "0.1.0"
