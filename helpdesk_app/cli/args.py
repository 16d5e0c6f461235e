"""argparse types shared by the commands: durations and counts, with clear messages."""

import argparse
from datetime import timedelta

MAX_DURATION = timedelta(days=36500)  # a century: older than anything stored, and still a valid date


def duration(text: str) -> timedelta:
    """30d, 12h, 45m or 90s."""
    units = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
    number, unit = text[:-1], text[-1:]
    if unit not in units or not number.isascii() or not number.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: use a number and a unit, like 30d, 12h or 45m")
    try:
        value = timedelta(**{units[unit]: int(number)})
    except OverflowError:
        value = None
    if value is None or value > MAX_DURATION:
        raise argparse.ArgumentTypeError(f"{text!r}: use at most {MAX_DURATION.days}d")
    return value


def count(minimum: int):
    """A whole number >= minimum (a negative count would rewind ticket numbers)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"use {minimum} or more")
        return value
    return parse


def many(number: int, thing: str, things: str | None = None) -> str:
    return f"{number} {thing if number == 1 else things or thing + 's'}"
