"""Periods, days and activity values shared by the consignment models and engines."""

from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError

BILLING_PERIODS = [
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
]

BILLING_PERIOD_DELTA = {
    "weekly": relativedelta(weeks=1),
    "monthly": relativedelta(months=1),
    "quarterly": relativedelta(months=3),
}

REPLENISHMENT_FREQUENCIES = [
    ("manual", "Manual"),
    ("daily", "Daily"),
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
]

COUNT_FREQUENCIES = [
    ("none", "No scheduled counts"),
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("yearly", "Yearly"),
]

COUNT_DELTA = {
    "monthly": relativedelta(months=1),
    "quarterly": relativedelta(months=3),
    "yearly": relativedelta(years=1),
}

REPLENISHMENT_DELTA = {
    "daily": relativedelta(days=1),
    "weekly": relativedelta(weeks=1),
    "monthly": relativedelta(months=1),
}

STATEMENT_QUANTITIES = (
    "opening_qty",
    "received_qty",
    "consumed_qty",
    "returned_qty",
    "adjusted_qty",
    "expected_qty",
    "counted_qty",
    "variance_qty",
)


def local_day_start(day, tz=None):
    """Naive UTC datetime (as stored) at which ``day`` begins in time zone ``tz``."""
    tz = tz or pytz.utc
    start = tz.localize(datetime.combine(fields.Date.to_date(day), time.min))
    return start.astimezone(pytz.utc).replace(tzinfo=None)


def period_bounds(date_from, date_to, tz=None):
    """Datetimes [start, end) covering the days ``date_from`` to ``date_to`` included, as
    days are in time zone ``tz`` (default UTC)."""
    date_to = fields.Date.to_date(date_to)
    return local_day_start(date_from, tz), local_day_start(date_to + timedelta(days=1), tz)


def activity_values_for(model_id, res_id, activity_type, summary, note, user, deadline):
    """Values of an automated ``mail.activity``, for creating many at once."""
    return {
        "res_model_id": model_id,
        "res_id": res_id,
        "activity_type_id": activity_type.id,
        "summary": summary,
        "note": note,
        "user_id": user.id,
        "date_deadline": deadline,
        "automated": True,
    }


KPI_DAYS = 365


def parse_day(env, value, what):
    """``value`` (a date, or a string as RPC callers send it) as a date; a clear UserError
    naming ``what`` when it is no day at all."""
    if isinstance(value, datetime):
        return value.date()
    try:
        day = fields.Date.to_date(value)
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError):
        day = None
    if not day:
        raise UserError(
            env._(
                "%(what)s must be a day written as YYYY-MM-DD, for example 2026-11-30; "
                '"%(value)s" is not one.',
                what=what,
                value=value if isinstance(value, str) else repr(value),
            )
        )
    return day
