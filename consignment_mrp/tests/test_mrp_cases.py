from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ConsignmentMrpCase


@tagged("post_install", "-at_install")
class TestMrpCases(ConsignmentMrpCase):
    def _ledger(self, production=None, product=None):
        records = self.agreement.consumption_ids
        if production:
            records = records.filtered(lambda record: record.origin == production.name)
        if product:
            records = records.filtered(lambda record: record.product_id == product)
        return records

    def test_partial_production_with_backorder(self):
        """2 of 5 now, 3 in the backorder: each order consumes and values its own part."""
        # Odoo's mrp_account renames the analytic lines of the order when it splits a
        # backorder: the user needs read access to analytic lines, without our add-ons too.
        user = self.mrp_user
        user.group_ids += self.env.ref("account.group_account_readonly")
        production = self._manufacture(5, produce=2, backorder=True, user=user)
        backorder = production.production_group_id.production_ids - production
        self.assertEqual(len(backorder), 1)
        self.assertRecordValues(
            self._ledger(production), [{"quantity": 4.0, "price_unit": 10.0, "amount": 40.0}]
        )
        self.assertRecordValues(self._finished_move(production), [{"value": 46.0}])
        backorder.action_assign()
        backorder = self._produce(backorder.with_user(self.mrp_user), 3)
        self.assertEqual(backorder.state, "done")
        self.assertRecordValues(
            self._ledger(backorder), [{"quantity": 6.0, "price_unit": 10.0, "amount": 60.0}]
        )
        self.assertRecordValues(self._finished_move(backorder), [{"value": 69.0}])
        self.assertEqual(self.finished.total_value, 115.0)
        self.assertEqual(self.finished.standard_price, 23.0)

    def test_byproduct_cost_share(self):
        """A by-product bearing 20 % of the cost takes 20 % of the consigned components too."""
        byproduct = self._create_product(
            "Widget Offcut", standard_price=0.0, categ_id=self.category_fifo.id
        )
        bom = self._create_bom(
            self.finished,
            [(self.product, 2), (self.own_part, 1)],
            byproducts=[(byproduct, 1, 20.0)],
        )
        production = self._manufacture(5, bom=bom)
        byproduct_move = production.move_byproduct_ids
        self.assertRecordValues(byproduct_move, [{"value": 23.0, "state": "done"}])
        self.assertRecordValues(self._finished_move(production), [{"value": 92.0}])
        self.assertEqual(self.finished.standard_price, 18.4)
        self.assertEqual(byproduct.standard_price, 4.6)

    def test_over_and_under_consumption(self):
        """What is consumed is bought and costed, whatever the bill of materials says."""
        over = self._manufacture(5, consumed={self.product: 12})
        self.assertRecordValues(self._ledger(over), [{"quantity": 12.0, "amount": 120.0}])
        self.assertRecordValues(self._finished_move(over), [{"value": 135.0}])
        under = self._manufacture(5, consumed={self.product: 8})
        self.assertRecordValues(self._ledger(under), [{"quantity": 8.0, "amount": 80.0}])
        self.assertRecordValues(self._finished_move(under), [{"value": 95.0}])

    def test_lot_tracked_component(self):
        self._receive_consignment(self.agreement, self.product_lot, 10, lot_name="LOT-A")
        lot = self.env["stock.lot"].search([("name", "=", "LOT-A")])
        bom = self._create_bom(self.finished, [(self.product_lot, 1)])
        production = self._manufacture(3, bom=bom)
        self.assertEqual(production.state, "done")
        self.assertRecordValues(
            self._ledger(production),
            [
                {
                    "product_id": self.product_lot.id,
                    "lot_id": lot.id,
                    "quantity": 3.0,
                    "amount": 12.0,
                }
            ],
        )
        self.assertRecordValues(self._finished_move(production), [{"value": 12.0}])

    def test_serial_tracked_component(self):
        serial = self.product_serial
        serial.categ_id = self.category_avco
        self.agreement.line_ids = [Command.create({"product_id": serial.id, "price_unit": 25.0})]
        for name in ("SN-1", "SN-2"):
            self._receive_consignment(self.agreement, serial, 1, lot_name=name)
        bom = self._create_bom(self.finished, [(serial, 1)])
        production = self._manufacture(2, bom=bom)
        records = self._ledger(production).sorted(lambda record: record.lot_id.name)
        lots = self.env["stock.lot"].search([("product_id", "=", serial.id)], order="name")
        self.assertEqual(lots.mapped("name"), ["SN-1", "SN-2"])
        self.assertRecordValues(
            records,
            [
                {"lot_id": lots[0].id, "quantity": 1.0, "amount": 25.0},
                {"lot_id": lots[1].id, "quantity": 1.0, "amount": 25.0},
            ],
        )
        self.assertRecordValues(self._finished_move(production), [{"value": 50.0}])

    def test_component_scrapped_in_production(self):
        """A consigned component scrapped during production is a loss at our charge (the holder
        bears damage): billed, but not part of the finished product's cost."""
        self.agreement.damage_bearer = "holder"
        production = self._confirm_production(5)
        scrap = (
            self.env["stock.scrap"]
            .with_user(self.mrp_user)
            .create(
                {
                    "production_id": production.id,
                    "product_id": self.product.id,
                    "scrap_qty": 1,
                    "location_id": self.agreement.location_id.id,
                    "owner_id": self.vendor.id,
                }
            )
        )
        scrap.action_validate()
        scrap_record = self.agreement.consumption_ids.filtered(
            lambda record: record.move_line_id.move_id == scrap.move_ids
        )
        self.assertRecordValues(scrap_record, [{"quantity": 1.0, "amount": 10.0}])
        self.assertFalse(scrap.move_ids.consignment_value)
        production = self._produce(production, 5)
        self.assertRecordValues(self._ledger(production) - scrap_record, [{"quantity": 10.0}])
        self.assertRecordValues(self._finished_move(production), [{"value": 115.0}])

    def test_unbuild_gives_components_back_as_own_goods(self):
        """Unbuilt components come back as ours at the cost they entered production; the
        ledger keeps them consumed (they were bought)."""
        production = self._manufacture(5)
        record = self._ledger(production)
        form = Form(self.env(user=self.mrp_user)["mrp.unbuild"])
        form.mo_id = production
        form.product_qty = 5
        unbuild = form.save()
        unbuild.action_validate()
        self.assertEqual(unbuild.state, "done")
        self.assertEqual(self.agreement.consumption_ids, record)
        self.assertRecordValues(record, [{"state": "to_invoice", "quantity": 10.0}])
        back = unbuild.produce_line_ids.filtered(lambda move: move.product_id == self.product)
        self.assertRecordValues(back.move_line_ids, [{"owner_id": False, "quantity": 10.0}])
        self.assertRecordValues(back, [{"value": 100.0, "is_in": True}])
        self.assertEqual(self._quant_qty(self.product, self.stock_location, owner=False), 10.0)
        self.assertEqual(self.product.total_value, 100.0)
        self.assertEqual(self.product.standard_price, 10.0)
        self.assertEqual(self.finished.total_value, 0.0)

    def test_unbuild_into_the_consignment_location_is_refused(self):
        """Unbuilt components are ours: they cannot go back onto the vendor's shelf, and the
        refusal leaves the ledger as it was."""
        production = self._manufacture(5)
        record = self._ledger(production)
        form = Form(self.env(user=self.mrp_user)["mrp.unbuild"])
        form.mo_id = production
        form.product_qty = 2
        unbuild = form.save()
        # The destination shows with storage locations only: set as such a user would.
        unbuild.location_dest_id = self.agreement.location_id
        with self.assertRaisesRegex(UserError, "holds only goods owned by"):
            unbuild.action_validate()
        self.assertEqual(unbuild.state, "draft")
        self.assertEqual(self.agreement.consumption_ids, record)
        self.assertRecordValues(record, [{"state": "to_invoice", "quantity": 10.0}])

    def _kit_setup(self):
        bracket = self._create_product(
            "Consigned Bracket", standard_price=1.0, categ_id=self.category_avco.id
        )
        self.agreement.line_ids = [Command.create({"product_id": bracket.id, "price_unit": 6.0})]
        self._receive_consignment(self.agreement, bracket, 20)
        kit = self._create_product("Widget Kit", categ_id=self.category_fifo.id)
        self._create_bom(kit, [(self.product, 2), (bracket, 1)], bom_type="phantom")
        return kit, bracket

    def test_kit_delivered_from_consignment(self):
        """Each component of a kit is consumed and priced by its own agreement line."""
        kit, bracket = self._kit_setup()
        picking = (
            self.env["stock.picking"]
            .with_user(self.stock_user)
            .create(
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "location_id": self.stock_location.id,
                    "location_dest_id": self.customer_location.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": kit.id,
                                "product_uom_qty": 3,
                                "location_id": self.stock_location.id,
                                "location_dest_id": self.customer_location.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        records = self.agreement.consumption_ids.filtered(
            lambda record: record.move_line_id.picking_id == picking
        ).sorted("price_unit")
        self.assertRecordValues(
            records,
            [
                {"product_id": bracket.id, "quantity": 3.0, "price_unit": 6.0, "amount": 18.0},
                {
                    "product_id": self.product.id,
                    "quantity": 6.0,
                    "price_unit": 10.0,
                    "amount": 60.0,
                },
            ],
        )

    def test_kit_consumed_in_production(self):
        kit, bracket = self._kit_setup()
        bom = self._create_bom(self.finished, [(kit, 1)])
        production = self._manufacture(2, bom=bom)
        self.assertRecordValues(
            self._ledger(production).sorted("price_unit"),
            [
                {"product_id": bracket.id, "quantity": 2.0, "amount": 12.0},
                {"product_id": self.product.id, "quantity": 4.0, "amount": 40.0},
            ],
        )
        self.assertRecordValues(self._finished_move(production), [{"value": 52.0}])
