from odoo import fields
from odoo.tests import tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestBillingPeriod(ConsignmentCase):
    def test_period_starts_on_the_first_day_of_its_month_or_quarter(self):
        agreement = self._create_agreement()
        engine = self.env["consignment.billing.engine"]
        day = fields.Date.to_date
        cases = [
            ("monthly", "2026-02-28", "2026-02-01"),
            ("monthly", "2026-04-30", "2026-04-01"),
            ("monthly", "2026-03-31", "2026-03-01"),
            ("quarterly", "2026-06-30", "2026-04-01"),
            ("weekly", "2026-03-08", "2026-03-02"),
        ]
        for billing_period, end, start in cases:
            agreement.billing_period = billing_period
            self.assertEqual(
                engine._billing_period_bounds(agreement, day(end)),
                (day(start), day(end)),
                f"{billing_period} period ending {end}",
            )
