"""Which Versus this is: the installed package's version (`pyproject.toml`), for
`python -m bot --version` and the start-up log line.

Read from the installed package's metadata (`make run` installs it), so it is the one the
running code came with; a checkout run without installing says so instead of guessing.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "versus"  # the project's name in pyproject.toml
NOT_INSTALLED = "unknown (not installed: pip install -e .)"


def versus_version() -> str:
    """The version of the installed Versus, e.g. "0.1.0"."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return NOT_INSTALLED
