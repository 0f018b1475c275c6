from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestPickingAgreement(ConsignmentCase):
    """stock.picking.consignment_agreement_id: stored, filled by the code only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement(
            consignment_type="customer",
            lines=[{"product_id": cls.product.id, "price_unit": 15.0, "min_qty": 5, "max_qty": 20}],
        )
        cls._move(cls.product, 30, cls.supplier_location, cls.stock_location)
        cls.agreement.action_replenish()
        cls.fill_up = cls.env["stock.picking"].search(
            [("location_dest_id", "=", cls.agreement.location_id.id)]
        )

    def test_fill_up_carries_the_customer_agreement(self):
        self.assertEqual(self.fill_up.consignment_agreement_id, self.agreement)
        self.assertEqual(
            self.env["stock.picking"].search(
                [("consignment_agreement_id", "=", self.agreement.id)]
            ),
            self.fill_up,
            "Stored: transfers are searched by agreement",
        )
        ordinary = self._move(
            self.product, 1, self.supplier_location, self.stock_location, validate=False
        )
        self.assertFalse(ordinary.consignment_agreement_id)

    def test_stock_user_cannot_write_the_agreement(self):
        other = self._create_agreement()
        picking = self.fill_up.with_user(self.stock_user)
        for value in (other.id, False):
            with self.assertRaisesRegex(UserError, "cannot be set by hand"):
                picking.write({"consignment_agreement_id": value})
        self.assertEqual(self.fill_up.consignment_agreement_id, self.agreement)
        picking.write({"note": "Handle with care"})
        self.assertEqual(self.fill_up.consignment_agreement_id, self.agreement)

    def test_stock_user_cannot_create_a_transfer_with_an_agreement(self):
        values = {
            "picking_type_id": self.warehouse.int_type_id.id,
            "location_id": self.stock_location.id,
            "location_dest_id": self.stock_location.id,
            "consignment_agreement_id": self.agreement.id,
            "move_ids": [
                Command.create(
                    {
                        "product_id": self.product.id,
                        "product_uom_qty": 1,
                        "location_id": self.stock_location.id,
                        "location_dest_id": self.stock_location.id,
                    }
                )
            ],
        }
        Picking = self.env["stock.picking"].with_user(self.stock_user)
        with self.assertRaisesRegex(UserError, "cannot be set by hand"):
            Picking.create(values)
        del values["consignment_agreement_id"]
        self.assertFalse(Picking.create(values).consignment_agreement_id)

    def test_the_agreement_follows_the_locations(self):
        picking = self._move(
            self.product, 2, self.stock_location, self.stock_location, validate=False
        )
        self.assertFalse(picking.consignment_agreement_id)
        picking.with_user(self.stock_user).location_dest_id = self.agreement.location_id
        self.assertEqual(picking.consignment_agreement_id, self.agreement)
