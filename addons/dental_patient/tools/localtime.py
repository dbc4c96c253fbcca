"""Local time of a branch: conversions between naive UTC datetimes (as Odoo stores them) and a time zone.

One set of helpers for the whole product; ``res.company`` wraps them with the branch's time zone
(``_dental_tz``, ``_dental_local_date``, ``_dental_day_bounds``, ``_dental_today``). Pure functions: no ORM.
"""

from datetime import datetime, time, timedelta

import pytz


def local_to_utc(day, hours, tz):
    """Naive UTC datetime of ``hours`` (float, e.g. 9.5) on local ``day`` in ``tz``."""
    minutes = round(hours * 60)
    local = datetime.combine(day, time.min) + timedelta(minutes=minutes)
    return pytz.timezone(tz).localize(local).astimezone(pytz.utc).replace(tzinfo=None)


def utc_to_local(value, tz):
    """Naive local datetime in ``tz`` of the naive UTC datetime ``value``."""
    return pytz.utc.localize(value).astimezone(pytz.timezone(tz)).replace(tzinfo=None)


def local_date(value, tz):
    """Local date in ``tz`` of the naive UTC datetime ``value``."""
    return utc_to_local(value, tz).date()


def day_bounds(day, tz):
    """Naive UTC datetimes of the first and the last instant (``time.max``) of local ``day`` in ``tz``."""
    zone = pytz.timezone(tz)
    start = zone.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
    stop = zone.localize(datetime.combine(day, time.max)).astimezone(pytz.utc).replace(tzinfo=None)
    return start, stop


def float_hours(value):
    """Hours as a float (9.5) of a naive datetime or time."""
    return value.hour + value.minute / 60 + value.second / 3600
