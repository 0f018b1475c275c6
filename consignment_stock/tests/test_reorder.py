from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestReorderRules(ConsignmentCase):
    def _vendor_agreement(self, **values):
        return self._create_agreement(
            lines=[
                {"product_id": self.product.id, "price_unit": 10.0, "min_qty": 5, "max_qty": 20}
            ],
            **values,
        )

    def _customer_agreement(self, partner=None):
        return self._create_agreement(
            partner=partner,
            consignment_type="customer",
            lines=[
                {"product_id": self.product.id, "price_unit": 15.0, "min_qty": 5, "max_qty": 20}
            ],
        )

    def test_agreement_lines_become_reorder_rules_and_stay_in_sync(self):
        agreement = self._vendor_agreement()
        self.assertRecordValues(
            agreement.orderpoint_ids,
            [
                {
                    "product_id": self.product.id,
                    "location_id": agreement.location_id.id,
                    "product_min_qty": 5.0,
                    "product_max_qty": 20.0,
                    "trigger": "manual",
                }
            ],
        )
        agreement.line_ids.max_qty = 30
        self.assertEqual(agreement.orderpoint_ids.product_max_qty, 30.0)
        agreement.line_ids = [
            Command.create(
                {
                    "product_id": self.product_lot.id,
                    "price_unit": 4.0,
                    "min_qty": 1,
                    "max_qty": 2,
                    "product_uom_id": self.uom_dozen.id,
                }
            )
        ]
        lot_rule = agreement.orderpoint_ids.filtered(lambda op: op.product_id == self.product_lot)
        self.assertRecordValues(lot_rule, [{"product_min_qty": 12.0, "product_max_qty": 24.0}])
        agreement.line_ids.filtered(lambda line: line.product_id == self.product_lot).unlink()
        self.assertFalse(lot_rule.active, "A product removed from the agreement keeps no rule")
        self._terminate(agreement)
        self.assertFalse(
            agreement.with_context(active_test=False).orderpoint_ids.filtered("active")
        )

    def test_rule_at_vendor_location_counts_the_vendor_goods(self):
        agreement = self._vendor_agreement()
        self._move(self.product, 5, self.supplier_location, self.stock_location)
        self._receive_consignment(agreement, self.product, 12)
        self._receive_consignment(agreement, self.product, 7, validate=False)
        rule = agreement.orderpoint_ids
        self.assertRecordValues(rule, [{"qty_on_hand": 12.0, "qty_forecast": 19.0}])

    def test_rule_on_warehouse_stock_ignores_vendor_goods(self):
        agreement = self._vendor_agreement()
        self._move(self.product, 5, self.supplier_location, self.stock_location)
        self._receive_consignment(agreement, self.product, 12)
        self._receive_consignment(agreement, self.product, 7, validate=False)
        rule = self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.product.id,
                "location_id": self.stock_location.id,
                "warehouse_id": self.warehouse.id,
                "product_min_qty": 10,
                "product_max_qty": 30,
                "trigger": "manual",
            }
        )
        self.assertRecordValues(
            rule, [{"qty_on_hand": 5.0, "qty_forecast": 5.0, "qty_to_order": 25.0}]
        )
        # The standard count, without an orderpoint, still sees every owner's goods.
        self.assertEqual(
            self.product.with_context(location=self.stock_location.id).qty_available, 17.0
        )

    def test_customer_agreement_fills_up_from_the_warehouse_with_backorder(self):
        agreement = self._customer_agreement()
        rule = agreement.orderpoint_ids
        route = rule.route_id
        self.assertTrue(route.consignment_fill_up_warehouse_id, "Fill-up route made on activation")
        self.assertEqual(route.rule_ids.location_src_id, self.stock_location)
        self._move(self.product, 12, self.supplier_location, self.stock_location)
        agreement.action_replenish()
        picking = self.env["stock.picking"].search(
            [("location_dest_id", "=", agreement.location_id.id), ("state", "!=", "done")]
        )
        self.assertEqual(picking.picking_type_id.name, "Consignment fill-up")
        self.assertTrue(picking.picking_type_id.consignment_fill_up)
        self.assertRecordValues(picking.move_ids, [{"product_uom_qty": 20.0, "quantity": 12.0}])
        self.assertEqual(agreement.transfer_count, 1)
        picking.move_ids.picked = True
        picking.with_context(cancel_backorder=False)._action_done()
        agreement.invalidate_recordset(["transfer_count", "backorder_count"])
        self.assertEqual(agreement.transfer_count, 2)
        self.assertEqual(agreement.backorder_count, 1)
        backorder = self.env["stock.picking"].search(agreement._get_open_backorder_domain())
        self.assertEqual(backorder.backorder_id, picking)
        self.assertEqual(backorder.move_ids.product_uom_qty, 8.0)
        action = agreement.action_view_backorders()
        self.assertEqual(self.env["stock.picking"].search(action["domain"]), backorder)
        self.assertEqual(self._quant_qty(self.product, agreement.location_id), 12.0)
        self.assertFalse(agreement.consumption_ids, "A fill-up is no consumption")

    def test_one_fill_up_route_per_warehouse(self):
        first = self._customer_agreement()
        second = self._customer_agreement(
            partner=self.env["res.partner"].create({"name": "Second Shop", "is_company": True})
        )
        self.assertEqual(first.orderpoint_ids.route_id, second.orderpoint_ids.route_id)
        self.assertEqual(
            len(first.orderpoint_ids.route_id.rule_ids), 1, "One rule for the view above"
        )

    def test_vendor_agreement_has_no_fill_up_route(self):
        # A vendor's location is replenished by the vendor (a purchase, when the vendor
        # add-on is installed), never by a fill-up from our own stock.
        agreement = self._vendor_agreement()
        routes = agreement._get_replenishment_route() | agreement.orderpoint_ids.route_id
        self.assertFalse(routes.rule_ids.picking_type_id.filtered("consignment_fill_up"))

    def test_scheduled_replenishment_follows_the_frequency(self):
        cron = self.env.ref("consignment_stock.ir_cron_consignment_replenish")
        self.assertEqual(cron.code.strip(), "model._cron_replenish()")
        with freeze_time("2026-04-01"):
            agreement = self._customer_agreement()
            agreement.replenishment_frequency = "weekly"
            self._move(self.product, 30, self.supplier_location, self.stock_location)
            self.env["consignment.agreement"]._cron_replenish()
        self.assertEqual(agreement.next_replenishment_date, fields.Date.to_date("2026-04-08"))
        picking = self.env["stock.picking"].search(
            [("location_dest_id", "=", agreement.location_id.id)]
        )
        self.assertEqual(picking.move_ids.product_uom_qty, 20.0)
        with freeze_time("2026-04-03"):
            self.env["consignment.agreement"]._cron_replenish()
        self.assertEqual(agreement.next_replenishment_date, fields.Date.to_date("2026-04-08"))
