#!/usr/bin/env python3
"""Generates the GB 3838-2002 boundary rows (at each limit, and just worse) for the Swift tests.

Written from standards.md §3.1: limits are "≤" except dissolved oxygen ("≥"); a value meeting a
limit belongs to the lowest-numbered class whose limit it meets; pH 6–9 for every class.

Run:  python3 Tools/oracles/gb3838_oracle.py > /tmp/water_rows.swift
"""
from decimal import Decimal as D

CLASSES = ["classI", "classII", "classIII", "classIV", "classV"]
# factor case, water body, direction, limits I..V, "just worse" step
ITEMS = [
    ("dissolvedOxygen", "river", "min", ["7.5", "6", "5", "3", "2"], "0.01"),
    ("permanganateIndex", "river", "max", ["2", "4", "6", "10", "15"], "0.1"),
    ("chemicalOxygenDemand", "river", "max", ["15", "15", "20", "30", "40"], "0.1"),
    ("biochemicalOxygenDemand", "river", "max", ["3", "3", "4", "6", "10"], "0.1"),
    ("ammoniaNitrogen", "river", "max", ["0.15", "0.5", "1.0", "1.5", "2.0"], "0.001"),
    ("totalPhosphorus", "river", "max", ["0.02", "0.1", "0.2", "0.3", "0.4"], "0.001"),
    ("totalPhosphorus", "lakeOrReservoir", "max", ["0.01", "0.025", "0.05", "0.1", "0.2"], "0.0001"),
    ("totalNitrogen", "lakeOrReservoir", "max", ["0.2", "0.5", "1.0", "1.5", "2.0"], "0.001"),
    ("copper", "river", "max", ["0.01", "1.0", "1.0", "1.0", "1.0"], "0.001"),
    ("zinc", "river", "max", ["0.05", "1.0", "1.0", "2.0", "2.0"], "0.001"),
    ("fluoride", "river", "max", ["1.0", "1.0", "1.0", "1.5", "1.5"], "0.01"),
    ("selenium", "river", "max", ["0.01", "0.01", "0.01", "0.02", "0.02"], "0.001"),
    ("arsenic", "river", "max", ["0.05", "0.05", "0.05", "0.1", "0.1"], "0.001"),
    ("mercury", "river", "max", ["0.00005", "0.00005", "0.0001", "0.001", "0.001"], "0.000001"),
    ("cadmium", "river", "max", ["0.001", "0.005", "0.005", "0.005", "0.01"], "0.0001"),
    ("hexavalentChromium", "river", "max", ["0.01", "0.05", "0.05", "0.05", "0.1"], "0.001"),
    ("lead", "river", "max", ["0.01", "0.01", "0.05", "0.05", "0.1"], "0.001"),
    ("cyanide", "river", "max", ["0.005", "0.05", "0.2", "0.2", "0.2"], "0.0001"),
    ("volatilePhenol", "river", "max", ["0.002", "0.002", "0.005", "0.01", "0.1"], "0.0001"),
    ("petroleum", "river", "max", ["0.05", "0.05", "0.05", "0.5", "1.0"], "0.001"),
    ("anionicSurfactant", "river", "max", ["0.2", "0.2", "0.2", "0.3", "0.3"], "0.01"),
    ("sulfide", "river", "max", ["0.05", "0.1", "0.2", "0.5", "1.0"], "0.001"),
    ("fecalColiforms", "river", "max", ["200", "2000", "10000", "20000", "40000"], "1"),
]


def classify(direction, limits, value):
    for name, limit in zip(CLASSES, limits):
        if (value <= D(limit)) if direction == "max" else (value >= D(limit)):
            return name
    return "worseThanV"


def main():
    for factor, body, direction, limits, step in ITEMS:
        seen = []
        for limit in limits:
            if limit in seen:
                continue
            seen.append(limit)
            at = D(limit)
            worse = at + D(step) if direction == "max" else at - D(step)
            for value in (at, worse):
                print(f'    .init(.{factor}, .{body}, "{value}", .{classify(direction, limits, value)}),')
    # pH: one range for all classes, checked on both sides.
    for value in ("6", "5.99", "9", "9.01", "7"):
        expected = "classI" if D("6") <= D(value) <= D("9") else "worseThanV"
        print(f'    .init(.pH, .river, "{value}", .{expected}),')


if __name__ == "__main__":
    main()
