from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestOwnershipTakenOnLeaving(ConsignmentCase):
    """Every unit that leaves a vendor's consignment location without owner (a quantity typed
    beyond what was reserved, or taken by hand when nothing was reserved) is the vendor's:
    it leaves the vendor's stock, enters the ledger when consumed, and no quant without owner
    goes below zero there. Done by a stock user, as in the warehouse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement()
        cls.location = cls.agreement.location_id
        cls._receive_consignment(cls.agreement, cls.product, 10)
        cls.user_env = cls.env(user=cls.stock_user)

    def _picking(self, quantity, source, destination, picking_type):
        """A transfer without owner, made and confirmed by the stock user."""
        picking = self.user_env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": quantity,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _validate_with_quantity(self, picking, quantity):
        """The stock user types the quantity done on the transfer's operation and validates."""
        with Form(picking) as form, form.move_ids.edit(0) as move:
            move.quantity = quantity
        picking.move_ids.picked = True
        self.assertIs(picking.button_validate(), True)
        self.assertEqual(picking.state, "done")

    def _quants_at(self, location, owner):
        return sum(
            self.env["stock.quant"]
            .search(
                [
                    ("product_id", "=", self.product.id),
                    ("location_id", "=", location.id),
                    ("owner_id", "=", owner.id if owner else False),
                ]
            )
            .mapped("quantity")
        )

    def _unowned_negative_quants(self):
        return self.env["stock.quant"].search(
            [
                ("location_id", "child_of", self.location.id),
                ("quantity", "<", 0),
                ("owner_id", "=", False),
            ]
        )

    def test_delivery_beyond_reservation_is_the_vendors(self):
        picking = self._picking(
            10, self.location, self.customer_location, self.warehouse.out_type_id
        )
        self.assertEqual(picking.move_ids.quantity, 10.0)
        self._validate_with_quantity(picking, 12)
        self.assertEqual(set(picking.move_line_ids.mapped("owner_id")), {self.vendor})
        self.assertEqual(sum(self.agreement.consumption_ids.mapped("quantity")), 12.0)
        self.assertEqual(sum(self.agreement.consumption_ids.mapped("amount")), 120.0)
        self.assertEqual(self._quants_at(self.location, self.vendor), -2.0)
        self.assertEqual(self._quants_at(self.location, False), 0.0)
        self.assertFalse(self._unowned_negative_quants())

    def test_explicit_policy_quantity_typed_by_hand(self):
        self.agreement.reservation_policy = "explicit"
        picking = self._picking(
            3, self.location, self.customer_location, self.warehouse.out_type_id
        )
        self.assertEqual(picking.move_ids.quantity, 0.0, "Nothing is reserved by itself.")
        self._validate_with_quantity(picking, 3)
        self.assertRecordValues(picking.move_line_ids, [{"owner_id": self.vendor.id}])
        self.assertRecordValues(
            self.agreement.consumption_ids,
            [{"quantity": 3.0, "amount": 30.0, "partner_id": self.vendor.id}],
        )
        self.assertEqual(self._quants_at(self.location, self.vendor), 7.0)
        self.assertFalse(self._unowned_negative_quants())

    def test_internal_transfer_out_keeps_the_vendor_as_owner(self):
        """Moved out of the vendor's location into our stock by hand, the goods stay the
        vendor's: no goods of ours appear from nowhere, nothing is consumed."""
        self.agreement.reservation_policy = "explicit"
        picking = self._picking(4, self.location, self.stock_location, self.warehouse.int_type_id)
        self._validate_with_quantity(picking, 4)
        self.assertRecordValues(picking.move_line_ids, [{"owner_id": self.vendor.id}])
        self.assertEqual(self._quants_at(self.stock_location, self.vendor), 4.0)
        self.assertEqual(self._quants_at(self.stock_location, False), 0.0)
        self.assertEqual(self._quants_at(self.location, self.vendor), 6.0)
        self.assertFalse(self._unowned_negative_quants())
        self.assertFalse(self.agreement.consumption_ids)

    def test_scrap_without_owner_scraps_the_vendors_goods(self):
        self.agreement.damage_bearer = "holder"
        scrap = self.user_env["stock.scrap"].create(
            {
                "product_id": self.product.id,
                "scrap_qty": 3,
                "location_id": self.location.id,
                "owner_id": False,
            }
        )
        self.assertFalse(scrap.owner_id)
        action = scrap.action_validate()
        if isinstance(action, dict):
            # No goods without owner there: the user confirms the insufficient quantity warning.
            warning = Form(self.user_env[action["res_model"]].with_context(**action["context"]))
            warning.save().action_done()
        self.assertEqual(scrap.state, "done")
        self.assertRecordValues(scrap.move_ids.move_line_ids, [{"owner_id": self.vendor.id}])
        self.assertRecordValues(self.agreement.consumption_ids, [{"quantity": 3.0}])
        self.assertEqual(self._quants_at(self.location, self.vendor), 7.0)
        self.assertFalse(self._unowned_negative_quants())

    def test_own_stock_beyond_reservation_stays_ours(self):
        """Our own stock is not touched: a quantity typed beyond what WH/Stock holds stays
        without owner, out of the ledger."""
        self._move(self.product, 2, self.supplier_location, self.stock_location)
        picking = self._picking(
            2, self.stock_location, self.customer_location, self.warehouse.out_type_id
        )
        self.assertRecordValues(picking.move_line_ids, [{"owner_id": False, "quantity": 2.0}])
        self.agreement.reservation_policy = "explicit"
        self._validate_with_quantity(picking, 3)
        self.assertFalse(picking.move_line_ids.owner_id)
        self.assertFalse(self.agreement.consumption_ids)
        self.assertEqual(self._quants_at(self.stock_location, False), -1.0)
        self.assertEqual(self._quants_at(self.location, self.vendor), 10.0)


@tagged("post_install", "-at_install")
class TestVendorLocationHoldsVendorGoodsOnly(ConsignmentCase):
    """What leaves a vendor's location without owner is taken as the vendor's: a location
    holding our goods (or another owner's) cannot become that vendor's location."""

    def _location(self, name):
        return self.env["stock.location"].create(
            {"name": name, "usage": "internal", "location_id": self.stock_location.id}
        )

    def _make_vendor_location(self, location):
        location.write({"consignment_type": "vendor", "consignment_partner_id": self.vendor.id})

    def test_location_with_our_goods_is_refused(self):
        location = self._location("Shelf with our goods")
        self.env["stock.quant"]._update_available_quantity(self.product, location, 4)
        with self.assertRaisesRegex(ValidationError, "holds goods that are not"):
            self._make_vendor_location(location)

    def test_location_with_another_owners_goods_is_refused(self):
        location = self._location("Shelf of another vendor")
        other = self.env["res.partner"].create({"name": "Other Vendor"})
        self.env["stock.quant"]._update_available_quantity(
            self.product, location, 2, owner_id=other
        )
        with self.assertRaisesRegex(ValidationError, "holds goods that are not"):
            self._make_vendor_location(location)

    def test_empty_or_vendor_owned_location_is_accepted(self):
        empty = self._location("Empty shelf")
        self._make_vendor_location(empty)
        self.assertEqual(empty.consignment_type, "vendor")
        owned = self._location("Shelf of the vendor's goods")
        self.env["stock.quant"]._update_available_quantity(
            self.product, owned, 3, owner_id=self.vendor
        )
        self._make_vendor_location(owned)
        self.assertEqual(owned.consignment_type, "vendor")
