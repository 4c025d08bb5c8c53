#!/usr/bin/env python3
"""Independent exact-fraction oracle for HJ 633 IAQI, used to generate the Swift breakpoint test table.

Written from standards.md §1.1, §1.2 and §1.6 only. It is NOT python-aqi: python-aqi does not
implement HJ 633-2012 (standards.md §1.7: EPA-style gaps, half-even rounding, truncated inputs,
no special cases) and has no 2026 table.

Run:  python3 Tools/oracles/hj633_oracle.py > /tmp/rows.swift
"""
from decimal import Decimal, ROUND_HALF_EVEN
from fractions import Fraction
import math

IAQI = [0, 50, 100, 150, 200, 300, 400, 500]
COLUMNS_2012 = {
    "so2TwentyFourHour": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "so2OneHour": [0, 150, 500, 650, 800],
    "no2TwentyFourHour": [0, 40, 80, 180, 280, 565, 750, 940],
    "no2OneHour": [0, 100, 200, 700, 1200, 2340, 3090, 3840],
    "pm10TwentyFourHour": [0, 50, 150, 250, 350, 420, 500, 600],
    "coTwentyFourHour": [0, 2, 4, 14, 24, 36, 48, 60],
    "coOneHour": [0, 5, 10, 35, 60, 90, 120, 150],
    "o3OneHour": [0, 160, 200, 300, 400, 800, 1000, 1200],
    "o3EightHour": [0, 100, 160, 215, 265, 800],
    "pm25TwentyFourHour": [0, 35, 75, 115, 150, 250, 350, 500],
}
CO = {"coTwentyFourHour", "coOneHour"}


def table(column, standard):
    rows = list(COLUMNS_2012[column])
    if standard == "2026" and column == "pm10TwentyFourHour":
        rows[2] = 120
    if standard == "2026" and column == "pm25TwentyFourHour":
        rows[2] = 60
    return rows


def iaqi(column, standard, text):
    c = Decimal(text)
    if standard == "2026":
        c = c.quantize(Decimal("0.1") if column in CO else Decimal("1"), rounding=ROUND_HALF_EVEN)
    c = Fraction(c)
    bps = table(column, standard)
    for i in range(len(bps) - 1):
        lo, hi = bps[i], bps[i + 1]
        if lo <= c <= hi:
            raw = Fraction(IAQI[i + 1] - IAQI[i], hi - lo) * (c - lo) + IAQI[i]
            return math.ceil(raw), "interpolated"
    if column == "so2OneHour":
        return (200, "so2OneHourAbove800CountedAs200") if standard == "2026" else (None, "notDefinedAboveColumn")
    if column == "o3EightHour":
        return (300, "o3EightHourAbove800CountedAs300") if standard == "2026" else (None, "notDefinedAboveColumn")
    return 500, "cappedAtTopBreakpoint"


def points(column, bp):
    """At, ±1 in the table's last digit, and ±1 in the next digit (CO mg/m3: 0.1 and 0.01; others 1 and 0.1)."""
    coarse, fine = (Decimal("0.1"), Decimal("0.01")) if column in CO else (Decimal("1"), Decimal("0.1"))
    b = Decimal(bp)
    out = [b]
    for step in (coarse, fine):
        if b - step >= 0:
            out.append(b - step)
        out.append(b + step)
    return out


def main():
    for standard in ("2012", "2026"):
        for column in COLUMNS_2012:
            for bp in table(column, standard):
                for c in points(column, bp):
                    value, basis = iaqi(column, standard, str(c))
                    v = "nil" if value is None else str(value)
                    print(f'    .init(.hj633_{standard}, .{column}, "{c}", {v}, .{basis}),')


if __name__ == "__main__":
    main()
