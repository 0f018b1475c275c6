from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestReturnAllocation(ConsignmentCase):
    """A return gives its quantity back to the consumption it returns, oldest first."""

    def test_whole_return_of_decimal_quantities_cancels_every_record(self):
        # Priced first in, first out, a delivery of 0.3 spanning two receipts becomes two
        # ledger records of 0.1 and 0.2. In floating point 0.3 - 0.1 is just below 0.2:
        # the return must still see the second record returned whole and cancel it, not
        # write a negative record beside it.
        agreement = self._create_agreement(
            lines=[
                {"product_id": self.product.id, "price_unit": 12.0, "date_from": "2026-01-01"},
                {"product_id": self.product.id, "price_unit": 13.5, "date_from": "2026-03-15"},
            ],
            pricing_mode="fifo",
        )
        with freeze_time("2026-03-01 10:00:00"):
            self._receive_consignment(agreement, self.product, 0.1)
        with freeze_time("2026-03-20 10:00:00"):
            self._receive_consignment(agreement, self.product, 0.2)
        with freeze_time("2026-03-25 10:00:00"):
            delivery = self._move(
                self.product, 0.3, agreement.location_id, self.customer_location, owner=self.vendor
            )
        self.assertRecordValues(
            agreement.consumption_ids.sorted("id"),
            [
                {"quantity": 0.1, "price_unit": 12.0, "state": "to_invoice"},
                {"quantity": 0.2, "price_unit": 13.5, "state": "to_invoice"},
            ],
        )
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=delivery.id, active_ids=delivery.ids, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = 0.3
        return_picking = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        return_picking.move_ids.write({"quantity": 0.3, "picked": True})
        with freeze_time("2026-03-26 10:00:00"):
            return_picking.button_validate()
        self.assertRecordValues(
            agreement.consumption_ids.sorted("id"),
            [
                {"quantity": 0.1, "state": "cancelled", "reversed_consumption_id": False},
                {"quantity": 0.2, "state": "cancelled", "reversed_consumption_id": False},
            ],
        )
        self.assertEqual(
            self._quant_qty(self.product, agreement.location_id, self.vendor),
            0.3,
            "The goods are the vendor's again, back at the consignment location",
        )
