"""One table for every benchmark: figure, median, spread, target and whether it was met."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass

import discord


@dataclass(frozen=True)
class Figure:
    group: str
    name: str
    median: float
    unit: str
    spread: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""


def machine() -> str:
    cores = os.cpu_count()
    return (
        f"Python {platform.python_version()}, discord.py {discord.__version__}, {cores} cores, "
        f"{platform.machine()} {platform.system()}"
    )


def print_table(figures: list[Figure]) -> None:
    print(f"Machine: {machine()}\n")
    print("| group | figure | median | spread (min–max) | target | met |")
    print("|---|---|---|---|---|---|")
    for f in figures:
        value = f"{f.median:,.2f} {f.unit}" if f.median < 100 else f"{f.median:,.0f} {f.unit}"
        met = "" if f.met is None else ("yes" if f.met else "**no**")
        note = f" ({f.note})" if f.note else ""
        print(f"| {f.group} | {f.name}{note} | {value} | {f.spread} | {f.target} | {met} |")
