from odoo.tests import Form, tagged

from .common import ConsignmentPurchaseCase


@tagged("post_install", "-at_install")
class TestDifferenceBanner(ConsignmentPurchaseCase):
    """The banner of a bill that differs from the ledger says it in units and money:
    "Bolt: billed 52 Units, ledger 50 Units (+2 Units); amount +20.00 €"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._vendor_agreement(lines=[(cls.product, 10.0)])
        cls._receive_po(cls._create_po([(cls.product, 100)]))
        cls._consume(cls.agreement, cls.product, 50)

    def _money(self, amount):
        """``amount`` ("20.00", "-25.00") as the bill's currency shows it."""
        currency = self.company.currency_id
        amount = amount.replace("-", "-\N{ZERO WIDTH NO-BREAK SPACE}")
        if currency.position == "before":
            return f"{currency.symbol}\N{NO-BREAK SPACE}{amount}"
        return f"{amount}\N{NO-BREAK SPACE}{currency.symbol}"

    def _edit_line(self, bill, **values):
        with Form(bill) as form, form.invoice_line_ids.edit(0) as line:
            for name, value in values.items():
                setattr(line, name, value)

    def test_quantity_difference_in_units_and_money(self):
        bill = self._bill(self.agreement)
        self._edit_line(bill, quantity=52)
        self.assertEqual(
            bill.consignment_difference_summary,
            "Consigned Widget: billed 52 Units, ledger 50 Units (+2 Units); amount "
            + "+"
            + self._money("20.00"),
        )

    def test_less_billed_than_consumed(self):
        bill = self._bill(self.agreement)
        self._edit_line(bill, quantity=47.5)
        self.assertEqual(
            bill.consignment_difference_summary,
            "Consigned Widget: billed 47.5 Units, ledger 50 Units (-2.5 Units); amount "
            + self._money("-25.00"),
        )

    def test_price_difference_names_both_prices(self):
        bill = self._bill(self.agreement)
        self._edit_line(bill, price_unit=10.5)
        summary = bill.consignment_difference_summary
        self.assertTrue(
            summary.startswith(
                "Consigned Widget: billed 50 Units, ledger 50 Units (0 Units); amount "
                + "+"
                + self._money("25.00")
            ),
            summary,
        )
        self.assertIn("; unit price ", summary)
        self.assertIn("10.50", summary)

    def test_accepted_differences_keep_the_text(self):
        bill = self._bill(self.agreement)
        self._edit_line(bill, quantity=52)
        bill._consignment_accept_differences("Vendor counted two more")
        self.assertIn("billed 52 Units, ledger 50 Units", bill.message_ids[0].body)
