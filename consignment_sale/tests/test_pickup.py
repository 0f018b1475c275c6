from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import ConsignmentSaleCase


class PickupCase(ConsignmentSaleCase):
    """At the customer's site: 6 widgets, and lot widgets of two lots (LOT-A 5, LOT-B 3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._move(cls.product_lot, 20, cls.supplier_location, cls.stock_location, lot_name="LOT-B")
        cls.lot_b = cls.env["stock.lot"].search(
            [("name", "=", "LOT-B"), ("product_id", "=", cls.product_lot.id)]
        )
        cls.order = cls._create_order([(cls.product, 6, 15.0), (cls.product_lot, 8, 5.0)])
        cls._fill_up_lots(cls.order.picking_ids, {cls.lot_a: 5, cls.lot_b: 3})

    @classmethod
    def _fill_up_lots(cls, picking, lot_quantities):
        """Validate the fill-up ``picking`` with the lots the warehouse chose for its lot
        widgets ({lot: quantity}); the other products as reserved."""
        picking.action_assign()
        move = picking.move_ids.filtered(lambda move: move.product_id == cls.product_lot)
        move.move_line_ids.unlink()
        move.move_line_ids = [
            Command.create(
                {
                    "product_id": cls.product_lot.id,
                    "lot_id": lot.id,
                    "quantity": quantity,
                    "location_id": cls.stock_location.id,
                    "location_dest_id": move.location_dest_id.id,
                }
            )
            for lot, quantity in lot_quantities.items()
        ]
        picking.move_ids.picked = True
        picking.button_validate()

    def _lot_qty(self, lot, location):
        quants = self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("location_id", "child_of", location.id)]
        )
        return sum(quants.mapped("quantity"))

    def _pickups(self):
        return self.env["stock.picking"].search(
            [
                ("location_id", "=", self.location.id),
                ("location_dest_id", "=", self.stock_location.id),
            ]
        )


@tagged("post_install", "-at_install")
class TestPickupWizard(PickupCase):
    """The Pick Up dialog: the goods at the customer's site per product and lot, part of them
    picked up on the chosen lots, refused for users without the pick-up role and for
    quantities that are not there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consignment_user = new_test_user(
            cls.env,
            login="consign_pickup_user",
            groups="consignment_stock.group_consignment_user",
        )

    def _dialog(self, user=None):
        """The Pick Up button's dialog as ``user`` (the warehouse staff by default)."""
        agreement = self.agreement.with_user(user or self.stock_user)
        action = agreement.with_context(consignment_pickup_dialog=True).action_pickup()
        self.assertEqual(
            (action["res_model"], action["target"]), ("consignment.pickup.wizard", "new")
        )
        return Form(
            self.env[action["res_model"]]
            .with_user(user or self.stock_user)
            .with_context(**action["context"])
        )

    def _wizard(self, lines, user=None):
        """A wizard with ``lines`` [(product, lot, quantity)], as an RPC client creates it."""
        return (
            self.env["consignment.pickup.wizard"]
            .with_user(user or self.stock_user)
            .create(
                {
                    "agreement_id": self.agreement.id,
                    "line_ids": [
                        Command.create(
                            {"product_id": product.id, "lot_id": lot.id, "quantity": quantity}
                        )
                        for product, lot, quantity in lines
                    ],
                }
            )
        )

    def test_dialog_offers_every_lot_in_full(self):
        form = self._dialog()
        self.assertEqual(form.agreement_id, self.agreement)
        wizard = form.save()
        self.assertRecordValues(
            wizard.line_ids,
            [
                {
                    "product_id": self.product_lot.id,
                    "lot_id": self.lot_a.id,
                    "available_qty": 5.0,
                    "quantity": 5.0,
                },
                {
                    "product_id": self.product_lot.id,
                    "lot_id": self.lot_b.id,
                    "available_qty": 3.0,
                    "quantity": 3.0,
                },
                {
                    "product_id": self.product.id,
                    "lot_id": False,
                    "available_qty": 6.0,
                    "quantity": 6.0,
                },
            ],
        )

    def test_partial_pickup_of_one_lot(self):
        form = self._dialog()
        # Keep only LOT-A, and only part of it: LOT-B and the widgets stay at the customer.
        form.line_ids.remove(2)
        form.line_ids.remove(1)
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.lot_id, self.lot_a)
            line.quantity = 2
        action = form.save().action_create_pickup()
        picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertRecordValues(
            picking,
            [
                {
                    "state": "assigned",
                    "location_id": self.location.id,
                    "location_dest_id": self.stock_location.id,
                    "picking_type_id": self.warehouse.int_type_id.id,
                    "partner_id": self.customer.id,
                    "consignment_agreement_id": self.agreement.id,
                    "create_uid": self.stock_user.id,
                }
            ],
        )
        self.assertRecordValues(
            picking.move_ids,
            [{"product_id": self.product_lot.id, "product_uom_qty": 2.0, "quantity": 2.0}],
        )
        self.assertRecordValues(picking.move_line_ids, [{"lot_id": self.lot_a.id, "quantity": 2.0}])
        self.assertIn(picking.name, self.agreement.message_ids[0].preview)
        # What the pick-up reserved is not offered again.
        self.assertRecordValues(
            self._dialog().save().line_ids.filtered("lot_id"),
            [
                {"lot_id": self.lot_a.id, "available_qty": 3.0, "quantity": 3.0},
                {"lot_id": self.lot_b.id, "available_qty": 3.0, "quantity": 3.0},
            ],
        )
        # Validated as it stands: no quantity to edit, no backorder to decline.
        self.assertIs(picking.with_user(self.stock_user).button_validate(), True)
        self.assertRecordValues(picking, [{"state": "done"}])
        self.assertFalse(picking.backorder_ids)
        self.assertEqual(self._lot_qty(self.lot_a, self.location), 3.0)
        self.assertEqual(self._lot_qty(self.lot_b, self.location), 3.0)
        self.assertEqual(self._quant_qty(self.product, self.location), 6.0)
        self.assertEqual(self._lot_qty(self.lot_a, self.stock_location), 27.0)
        self.assertEqual(self._lot_qty(self.lot_b, self.stock_location), 17.0)
        self.assertFalse(self.agreement.consumption_ids, "A pick-up is no consumption")
        self.assertRecordValues(
            self.order.order_line,
            [
                {"qty_delivered": 0.0, "qty_invoiced": 0.0},
                {"qty_delivered": 0.0, "qty_invoiced": 0.0},
            ],
        )

    def test_reserved_goods_are_not_picked_up_twice(self):
        self.agreement.with_user(self.stock_user).action_pickup()
        with self.assertRaisesRegex(UserError, "nothing to pick up"):
            self.agreement.with_user(self.stock_user).with_context(
                consignment_pickup_dialog=True
            ).action_pickup()
        with self.assertRaisesRegex(ValidationError, r"Consigned Lot Widget \(LOT-A\).*only 0"):
            self._wizard([(self.product_lot, self.lot_a, 1)]).action_create_pickup()
        self.assertEqual(len(self._pickups()), 1)

    def test_without_dialog_everything_is_picked_up_on_its_lots(self):
        action = self.agreement.with_user(self.stock_user).action_pickup()
        picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertRecordValues(
            picking.move_line_ids.sorted(lambda line: (line.product_id.id, line.lot_id.id)),
            [
                {"product_id": self.product.id, "lot_id": False, "quantity": 6.0},
                {"product_id": self.product_lot.id, "lot_id": self.lot_a.id, "quantity": 5.0},
                {"product_id": self.product_lot.id, "lot_id": self.lot_b.id, "quantity": 3.0},
            ],
        )
        self._validate_picking(picking.with_user(self.stock_user))
        self.assertEqual(self._quant_qty(self.product_lot, self.location), 0.0)
        self.assertEqual(self._quant_qty(self.product, self.location), 0.0)

    def test_salesperson_without_pickup_right_is_refused(self):
        with self.assertRaisesRegex(AccessError, "Picking up goods"):
            self.agreement.with_user(self.salesman).with_context(
                consignment_pickup_dialog=True
            ).action_pickup()
        with self.assertRaises(AccessError):
            self._wizard([(self.product, self.env["stock.lot"], 1)], user=self.salesman)
        self.assertFalse(self._pickups())

    def test_consignment_user_without_pickup_right_is_refused(self):
        # May open consignment records, but picking up is warehouse staff's.
        with self.assertRaisesRegex(AccessError, "Picking up goods"):
            Form(
                self.env["consignment.pickup.wizard"]
                .with_user(self.consignment_user)
                .with_context(default_agreement_id=self.agreement.id)
            )
        wizard = self._wizard([(self.product, self.env["stock.lot"], 1)])
        with self.assertRaisesRegex(AccessError, "Picking up goods"):
            wizard.with_user(self.consignment_user).action_create_pickup()
        self.assertFalse(self._pickups())

    def test_more_than_at_the_site_is_refused(self):
        form = self._dialog()
        with form.line_ids.edit(0) as line:
            line.quantity = 6
        wizard = form.save()
        with self.assertRaisesRegex(
            ValidationError,
            r"Consigned Lot Widget \(LOT-A\): 6.0 Units to pick up, but only 5.0 Units stand",
        ):
            wizard.action_create_pickup()
        self.assertFalse(self._pickups())
        self.assertEqual(self._lot_qty(self.lot_a, self.location), 5.0)
        # Two lines of the same lot add up.
        with self.assertRaisesRegex(ValidationError, r"Consigned Lot Widget \(LOT-A\): 6.0"):
            self._wizard(
                [(self.product_lot, self.lot_a, 3), (self.product_lot, self.lot_a, 3)]
            ).action_create_pickup()
        # A lot that is not at the site, or not of the product.
        with self.assertRaisesRegex(ValidationError, r"Consigned Widget \(LOT-A\): 1.0"):
            self._wizard([(self.product, self.lot_a, 1)]).action_create_pickup()
        self.assertFalse(self._pickups())

    def test_negative_or_zero_quantity_is_refused(self):
        for quantity in (-1, 0):
            with self.subTest(quantity=quantity):
                wizard = self._wizard(
                    [
                        (self.product_lot, self.lot_b, quantity),
                        (self.product, self.env["stock.lot"], 2),
                    ]
                )
                with self.assertRaisesRegex(
                    ValidationError, r"Consigned Lot Widget \(LOT-B\): enter a quantity above zero"
                ):
                    wizard.action_create_pickup()
        self.assertFalse(self._pickups())

    def test_no_line_is_refused(self):
        wizard = self._wizard([])
        with self.assertRaisesRegex(UserError, "Nothing to pick up"):
            wizard.action_create_pickup()
        self.assertFalse(self._pickups())

    def test_only_running_customer_agreements(self):
        draft = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "Kiosk", "is_company": True}),
            consignment_type="customer",
            activate=False,
        )
        with self.assertRaisesRegex(UserError, "is not running"):
            draft.with_user(self.stock_user).action_pickup()
        with self.assertRaisesRegex(UserError, "is not running"):
            self.env["consignment.pickup.wizard"].with_user(self.stock_user).create(
                {"agreement_id": draft.id}
            )
        vendor = self._create_agreement(consignment_type="vendor")
        with self.assertRaisesRegex(UserError, "Only goods at a customer's site"):
            vendor.with_user(self.stock_user).action_pickup()

    def test_other_company_agreement_is_refused(self):
        other = self.env["res.company"].create({"name": "Other Consign Co"})
        self.stock_user.company_ids = [Command.link(other.id)]
        wizard = self._dialog().save()
        # Working in the other company only, the user may not act on this agreement.
        in_other = self.env(user=self.stock_user, context={"allowed_company_ids": other.ids})
        with self.assertRaises(AccessError):
            wizard.with_env(in_other).action_create_pickup()
        with self.assertRaises(AccessError):
            self.agreement.with_env(in_other).action_pickup()
        self.assertFalse(self._pickups())


@tagged("post_install", "-at_install")
class TestPickupTour(PickupCase, HttpCase):
    """Warehouse staff (Inventory / User) pick part of the goods up through the dialog in the
    browser, and validate the transfer as it stands."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Lot-tracked products are used with the Lots & Serial Numbers setting on.
        cls.env.ref("base.group_user").write(
            {"implied_ids": [Command.link(cls.env.ref("stock.group_production_lot").id)]}
        )

    def test_partial_pickup_in_the_dialog(self):
        self.start_tour("/odoo", "consignment_sale_pickup_dialog", login=self.stock_user.login)
        pickup = self._pickups()
        self.assertRecordValues(
            pickup, [{"state": "done", "create_uid": self.stock_user.id, "backorder_ids": []}]
        )
        self.assertRecordValues(
            pickup.move_line_ids.sorted(lambda line: line.product_id.id),
            [
                {"product_id": self.product.id, "lot_id": False, "quantity": 4.0},
                {"product_id": self.product_lot.id, "lot_id": self.lot_a.id, "quantity": 1.0},
            ],
        )
        self.assertEqual(self._quant_qty(self.product, self.location), 2.0)
        self.assertEqual(self._lot_qty(self.lot_a, self.location), 4.0)
        self.assertEqual(self._lot_qty(self.lot_b, self.location), 3.0)
        self.assertEqual(self._quant_qty(self.product, self.stock_location), 48.0)
        self.assertEqual(self._lot_qty(self.lot_a, self.stock_location), 26.0)
        self.assertEqual(self._lot_qty(self.lot_b, self.stock_location), 17.0)
        self.assertFalse(self.agreement.consumption_ids, "A pick-up is no consumption")
