from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestConsumption(ConsignmentSaleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order([(cls.product, 10, 15.0), (cls.product_lot, 6, 5.0)])
        picking = cls.order.picking_ids
        picking.action_assign()
        cls._validate_picking(picking)
        cls.line = cls.order.order_line.filtered(lambda line: line.product_id == cls.product)
        cls.lot_line = cls.order.order_line - cls.line

    def test_sold_quantities(self):
        report = self._report([(self.product, None, 4), (self.product_lot, self.lot_a, 2)])
        self.assertEqual(report.state, "validated")
        self.assertEqual(report.picking_id.state, "done")
        self.assertEqual(self._quant_qty(self.product, self.location), 6)
        self.assertEqual(self._quant_qty(self.product, self.customer_location), 4)
        ledger = self.agreement.consumption_ids
        self.assertRecordValues(
            ledger.sorted(lambda record: record.product_id == self.product_lot),
            [
                {"product_id": self.product.id, "quantity": 4, "price_unit": 10.0, "lot_id": False},
                {
                    "product_id": self.product_lot.id,
                    "quantity": 2,
                    "price_unit": 4.0,
                    "lot_id": self.lot_a.id,
                },
            ],
        )
        self.assertEqual(ledger.move_line_id.move_id.sale_line_id, self.order.order_line)
        self.assertRecordValues(
            self.line,
            [
                {
                    "qty_delivered": 4,
                    "consignment_qty_consumed": 4,
                    "consignment_qty_at_customer": 6,
                    "qty_to_invoice": 0,
                    "qty_invoiced": 0,
                }
            ],
        )
        self.assertEqual(self.lot_line.qty_delivered, 2)

    def test_remaining_quantities(self):
        report = self._report([(self.product, None, 7)], report_type="remaining")
        self.assertEqual(report.line_ids.quantity, 3)
        self.assertEqual(self.line.qty_delivered, 3)
        self.assertEqual(self._quant_qty(self.product, self.location), 7)

    def test_more_than_at_location_refused(self):
        report = self._report(
            [(self.product, None, 4), (self.product_lot, self.lot_a, 9)], validate=False
        )
        with self.assertRaises(UserError) as error:
            report.action_validate()
        message = str(error.exception)
        self.assertIn("9.0", message)
        self.assertIn("6.0", message)
        self.assertIn(self.product_lot.display_name, message)
        self.assertEqual(report.state, "draft")
        self.assertEqual(self._quant_qty(self.product, self.location), 10, "Nothing half-posted")
        self.assertFalse(self.agreement.consumption_ids)
        self.assertEqual(self.line.qty_delivered, 0)

    def test_remaining_surplus_refused(self):
        report = self._report([(self.product, None, 11)], report_type="remaining", validate=False)
        with self.assertRaisesRegex(UserError, "11"):
            report.action_validate()

    def test_portal_user_cannot_validate(self):
        portal = self.env["res.users"].create(
            {
                "name": "Portal Customer",
                "login": "consign_portal_c",
                "partner_id": self.env["res.partner"]
                .create({"name": "Buyer", "parent_id": self.customer.id})
                .id,
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        report = self._report([(self.product, None, 1)], validate=False)
        report.with_user(portal).read(["name"])
        with self.assertRaises(AccessError):
            report.with_user(portal).action_validate()

    def test_count_shortfall_is_consumption_of_the_order(self):
        count = self.env["consignment.count"].create({"agreement_id": self.agreement.id})
        lines = {(line.product_id, line.lot_id): line for line in count.line_ids}
        lines[self.product, self.env["stock.lot"]].write(
            {"counted_qty": 8, "is_counted": True, "reason": "unrecorded_use"}
        )
        count.action_set_expected_as_counted()
        count.action_validate()
        self.assertEqual(self.line.qty_delivered, 2)
        self.assertEqual(self.line.qty_to_invoice, 0, "Invoiced by the agreement only")
