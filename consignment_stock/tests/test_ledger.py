from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestLedger(ConsignmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement()

    def test_receipt_sets_vendor_owner_and_is_not_valued(self):
        self._move(self.product, 10, self.supplier_location, self.agreement.location_id)
        quant = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.product.id),
                ("location_id", "=", self.agreement.location_id.id),
            ]
        )
        self.assertEqual(quant.owner_id, self.vendor)
        self.assertEqual(quant.value, 0.0)
        self.assertFalse(
            self.env["consignment.consumption"].search([("agreement_id", "=", self.agreement.id)])
        )

    def test_own_goods_into_vendor_location_refused(self):
        self._move(self.product, 5, self.supplier_location, self.stock_location)
        with self.assertRaisesRegex(UserError, "holds only goods owned by"):
            self._move(self.product, 5, self.stock_location, self.agreement.location_id)

    def test_delivery_of_vendor_goods_writes_ledger(self):
        self._receive_consignment(self.agreement, self.product, 10)
        picking = self._move(
            self.product, 4, self.agreement.location_id, self.customer_location, owner=self.vendor
        )
        ledger = self.env["consignment.consumption"].search(
            [("agreement_id", "=", self.agreement.id)]
        )
        self.assertRecordValues(
            ledger,
            [
                {
                    "product_id": self.product.id,
                    "quantity": 4.0,
                    "price_unit": 10.0,
                    "amount": 40.0,
                    "state": "to_invoice",
                    "partner_id": self.vendor.id,
                    "move_line_id": picking.move_ids.move_line_ids.id,
                }
            ],
        )

    def test_return_to_vendor_is_not_consumption(self):
        self._receive_consignment(self.agreement, self.product, 10)
        self._move(
            self.product, 10, self.agreement.location_id, self.supplier_location, owner=self.vendor
        )
        self.assertFalse(
            self.env["consignment.consumption"].search([("agreement_id", "=", self.agreement.id)])
        )

    def test_lot_flows_into_ledger(self):
        self._receive_consignment(self.agreement, self.product_lot, 6, lot_name="LOT-A")
        lot = self.env["stock.lot"].search([("name", "=", "LOT-A")])
        self._move(
            self.product_lot,
            2,
            self.agreement.location_id,
            self.customer_location,
            owner=self.vendor,
        )
        ledger = self.env["consignment.consumption"].search(
            [("agreement_id", "=", self.agreement.id)]
        )
        self.assertEqual(ledger.lot_id, lot)
        self.assertEqual(ledger.amount, 8.0)

    def test_customer_consignment_consumption(self):
        agreement = self._create_agreement(consignment_type="customer")
        self._move(self.product, 10, self.supplier_location, self.stock_location)
        self._move(self.product, 10, self.stock_location, agreement.location_id)
        self.assertFalse(agreement.consumption_ids, "A fill-up is not a consumption")
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.product.id), ("location_id", "=", agreement.location_id.id)]
        )
        self.assertFalse(quant.owner_id)
        self.assertGreater(quant.value, 0.0, "Our goods at a customer's site stay valued")
        self._move(self.product, 3, agreement.location_id, self.customer_location)
        self.assertRecordValues(agreement.consumption_ids, [{"quantity": 3.0, "amount": 30.0}])
        # A pick-up back to our warehouse is no consumption.
        self._move(self.product, 7, agreement.location_id, self.stock_location)
        self.assertEqual(len(agreement.consumption_ids), 1)
