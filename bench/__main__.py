"""`make bench`: every benchmark in one run, one table.

Figures are medians over several rounds measured side by side in this run; the machine is
shared, so compare ratios within a table rather than absolute numbers across runs.
"""

from __future__ import annotations

from bench import e2e, engine, growth, instructions, servers, store, taught
from bench.report import print_table


def main() -> None:
    figures = [
        *engine.run(),
        *taught.run(),
        *store.run(),
        *e2e.run(),
        *instructions.run(),
        *servers.run(),
        *growth.run(),
    ]
    print_table(figures)


if __name__ == "__main__":
    main()
