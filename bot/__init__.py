"""Versus: a Discord bot that answers questions about a technology comparison."""

__version__ = "0.1.0"  # the package's version (pyproject.toml reads it from here)
