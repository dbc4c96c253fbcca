"""Dates typed by people (import cells). Pure functions: no ORM."""

import re
from datetime import date

from odoo import fields


def fields_date(value):
    """A date typed in an import cell: ISO or DD.MM.YYYY."""
    if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", value.strip()):
        day, month, year = map(int, value.strip().split("."))
        return date(year, month, day)
    return fields.Date.to_date(value.strip())
