"""The one place that decides which date a document carries, so builds are reproducible."""

from __future__ import annotations

import datetime as dt
import os

from rolegen.errors import RolegenError
from rolegen.model import Comparison

# Used when neither SOURCE_DATE_EPOCH nor `updated:` says anything; any fixed value would do.
FIXED_TIMESTAMP = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def source_date_epoch() -> dt.datetime | None:
    """Return SOURCE_DATE_EPOCH as an aware UTC datetime, or None when it is unset."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError) as e:
        raise RolegenError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{value}'") from e


def build_timestamp(comparison: Comparison) -> dt.datetime:
    """Return the created/modified time stamped into a comparison's files."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    if comparison.updated is not None:
        return dt.datetime.combine(comparison.updated, dt.time(), tzinfo=dt.timezone.utc)
    return FIXED_TIMESTAMP


def display_date(comparison: Comparison) -> dt.date | None:
    """Return the date a reader sees on a comparison's documents, if any."""
    if comparison.updated is not None:
        return comparison.updated
    epoch = source_date_epoch()
    return epoch.date() if epoch else None


def format_date(date: dt.date | None, pattern: str = "{day} {month} {year}", months: str = "") -> str:
    """Return a date as '24 November 2026' (or as a language's pattern and month names), '' for none.

    months is the twelve month names separated by commas; the locale's names are not used, so the
    output does not depend on the machine.
    """
    if date is None:
        return ""
    names = [m.strip() for m in months.split(",")] if months else []
    month = names[date.month - 1] if len(names) == 12 else _ENGLISH_MONTHS[date.month - 1]
    return pattern.replace("{day}", str(date.day)).replace("{month}", month).replace("{year}", str(date.year))


_ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
