from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestKpiTotals(ConsignmentCase):
    """The dashboard's figures across agreements follow the same rules as each agreement's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement(lines=[(cls.product, 10.0)])

    def _validate_count(self, agreement, date, quantities):
        """A validated count of ``agreement`` on ``date``: {product: counted quantity}."""
        count = self.env["consignment.count"].create({"agreement_id": agreement.id, "date": date})
        expected = {line.product_id: line for line in count.line_ids}
        commands = []
        for product, quantity in quantities.items():
            values = {"counted_qty": quantity, "reason": "counting_error"}
            if product in expected:
                commands.append(Command.update(expected[product].id, values))
            else:
                commands.append(Command.create({"product_id": product.id, **values}))
        count.write({"line_ids": commands})
        count.action_validate()
        return count

    def _dashboard(self, agreements, date_from, date_to):
        dashboard = (
            self.env["consignment.dashboard"]
            .with_user(self.stock_user)
            .create(
                {
                    "date_from": date_from,
                    "date_to": date_to,
                    "agreement_ids": [Command.set(agreements.ids)],
                }
            )
        )
        dashboard.action_refresh()
        return dashboard

    def test_goods_found_where_none_were_expected(self):
        """A count that finds goods where none were expected is off by all it found: 100 %
        on the agreement's line, and so in the total over the agreements."""
        with freeze_time("2026-02-01 10:00:00"):
            count = self._validate_count(self.agreement, "2026-01-10", {self.product: 2.0})
            dashboard = self._dashboard(self.agreement, "2026-01-01", "2026-01-31")
        self.assertRecordValues(count.line_ids, [{"expected_qty": 0.0, "variance_qty": 2.0}])
        self.assertRecordValues(
            dashboard.line_ids, [{"agreement_id": self.agreement.id, "variance_pct": 100.0}]
        )
        self.assertRecordValues(dashboard, [{"variance_pct": 100.0}])

    def test_total_variance_weighs_agreements_by_value(self):
        """Across agreements, the variance is the sum of the differences over the sum of the
        expected values, not an average of the agreements' percentages."""
        other = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "Other Vendor", "is_company": True}),
            lines=[(self.product, 10.0)],
        )
        with freeze_time("2026-01-02 10:00:00"):
            self._receive_consignment(other, self.product, 10)
        with freeze_time("2026-02-01 10:00:00"):
            self._validate_count(self.agreement, "2026-01-10", {self.product: 2.0})
            self._validate_count(other, "2026-01-10", {self.product: 9.0})
            dashboard = self._dashboard(self.agreement | other, "2026-01-01", "2026-01-31")
        self.assertRecordValues(
            dashboard.line_ids.sorted(lambda line: line.agreement_id == other),
            [
                {"agreement_id": self.agreement.id, "variance_pct": 100.0},
                {"agreement_id": other.id, "variance_pct": 10.0},
            ],
        )
        # 20.00 found where nothing was expected, 10.00 missing of 100.00 expected.
        self.assertAlmostEqual(dashboard.variance_pct, 30.0)
