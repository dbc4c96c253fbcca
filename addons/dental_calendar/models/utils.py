"""Time helpers shared by the schedule models: branches work in their local time."""

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


def float_hours(value):
    """Hours as a float (9.5) of a naive datetime or time."""
    return value.hour + value.minute / 60 + value.second / 3600
