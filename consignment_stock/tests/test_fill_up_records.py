from odoo.tests import new_test_user, tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestFillUpRecords(ConsignmentCase):
    """Each warehouse holds its "Consignment fill-up" operation type and route, made with
    its other operation types and routes, archived until a customer consignment uses them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_manager = new_test_user(
            cls.env, login="consign_wh_manager", groups="stock.group_stock_manager"
        )

    def _customer_agreement(self, partner=None):
        """An active customer agreement whose line keeps 5 to 20 widgets at the customer."""
        line = {"product_id": self.product.id, "price_unit": 15.0, "min_qty": 5, "max_qty": 20}
        return self._create_agreement(partner, "customer", [line])

    def _assert_unused_fill_up_records(self, warehouse):
        self.assertRecordValues(
            warehouse.consignment_fill_up_type_id,
            [
                {
                    "name": "Consignment fill-up",
                    "code": "internal",
                    "sequence_code": "CFU",
                    "warehouse_id": warehouse.id,
                    "company_id": warehouse.company_id.id,
                    "default_location_src_id": warehouse.lot_stock_id.id,
                    "consignment_fill_up": True,
                    "active": False,
                }
            ],
        )
        self.assertEqual(
            warehouse.consignment_fill_up_type_id.sequence_id.prefix, f"{warehouse.code}/CFU/"
        )
        self.assertRecordValues(
            warehouse.consignment_fill_up_route_id,
            [
                {
                    "name": f"{warehouse.name}: Consignment fill-up",
                    "consignment_fill_up_warehouse_id": warehouse.id,
                    "company_id": warehouse.company_id.id,
                    "product_selectable": False,
                    "warehouse_selectable": False,
                    "active": False,
                }
            ],
        )
        self.assertFalse(warehouse.consignment_fill_up_route_id.rule_ids)
        self.assertNotIn(warehouse.consignment_fill_up_route_id, warehouse.route_ids)

    def test_new_warehouse_has_fill_up_type_and_route(self):
        # The second warehouse of a company turns on Odoo's multi-warehouse setting: an
        # administrator's job.
        warehouse = self.env["stock.warehouse"].create({"name": "Second Warehouse", "code": "WH2"})
        self._assert_unused_fill_up_records(warehouse)

    def test_new_company_warehouse_has_fill_up_type_and_route(self):
        company = self.env["res.company"].create({"name": "Consignment Subsidiary"})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)])
        self.assertEqual(len(warehouse), 1)
        self._assert_unused_fill_up_records(warehouse)

    def test_warehouse_of_the_installation_has_fill_up_type_and_route(self):
        self.assertTrue(self.warehouse.consignment_fill_up_type_id.consignment_fill_up)
        self.assertEqual(
            self.warehouse.consignment_fill_up_route_id.consignment_fill_up_warehouse_id,
            self.warehouse,
        )

    def test_replenishment_uses_the_warehouse_fill_up_records(self):
        agreement = self._customer_agreement()
        route = self.warehouse.consignment_fill_up_route_id
        picking_type = self.warehouse.consignment_fill_up_type_id
        self.assertEqual(agreement.orderpoint_ids.route_id, route)
        view = agreement.location_id.location_id
        self.assertRecordValues(route, [{"active": True}])
        self.assertRecordValues(
            picking_type, [{"active": True, "default_location_dest_id": view.id}]
        )
        self.assertRecordValues(
            route.rule_ids,
            [
                {
                    "action": "pull",
                    "procure_method": "make_to_stock",
                    "location_src_id": self.stock_location.id,
                    "location_dest_id": view.id,
                    "picking_type_id": picking_type.id,
                    "warehouse_id": self.warehouse.id,
                }
            ],
        )
        self._move(self.product, 30, self.supplier_location, self.stock_location)
        agreement.action_replenish()
        picking = self.env["stock.picking"].search(
            [("location_dest_id", "=", agreement.location_id.id)]
        )
        self.assertEqual(picking.picking_type_id, picking_type)
        self.assertTrue(picking.name.startswith(f"{self.warehouse.code}/CFU/"), picking.name)
        self.assertEqual(picking.move_ids.product_uom_qty, 20.0)

    def test_one_rule_to_the_consignment_view_serves_its_locations(self):
        # Without a maximum the agreement asks for no fill-up route at activation.
        agreement = self._create_agreement(consignment_type="customer")
        view = agreement.location_id.location_id
        self.assertFalse(self.warehouse.consignment_fill_up_route_id.rule_ids)
        # Asked for the customer's own location, the route gets one rule to the view above.
        route = self.warehouse._get_consignment_fill_up_route(agreement.location_id)
        self.assertRecordValues(route.rule_ids, [{"location_dest_id": view.id}])
        second = self._create_agreement(
            consignment_type="customer",
            partner=self.env["res.partner"].create({"name": "Second Shop", "is_company": True}),
        )
        self.warehouse._get_consignment_fill_up_route(second.location_id)
        self.assertEqual(len(route.rule_ids), 1, "The view's rule serves the second customer")
        # A customer location outside the view gets a rule of its own.
        outside = self.env["stock.location"].create(
            {
                "name": "Shop corner",
                "usage": "internal",
                "location_id": self.warehouse.view_location_id.id,
                "consignment_type": "customer",
                "consignment_partner_id": self.customer.id,
            }
        )
        self.warehouse._get_consignment_fill_up_route(outside)
        self.assertEqual(route.rule_ids.location_dest_id, view | outside)

    def test_archived_fill_up_records_come_back(self):
        agreement = self._customer_agreement()
        route = self.warehouse.consignment_fill_up_route_id
        rule = route.rule_ids
        for record in (rule, route, self.warehouse.consignment_fill_up_type_id):
            record.action_archive()
        second = self._customer_agreement(
            partner=self.env["res.partner"].create({"name": "Second Shop", "is_company": True})
        )
        self.assertEqual(second.orderpoint_ids.route_id, route)
        self.assertTrue(route.active and self.warehouse.consignment_fill_up_type_id.active)
        self.assertEqual(route.rule_ids, rule, "The archived rule is back, no new one")
        self.assertEqual(agreement.orderpoint_ids.route_id, route)

    def test_changing_the_warehouse_steps_keeps_the_fill_up_rules(self):
        self._customer_agreement()
        rule = self.warehouse.consignment_fill_up_route_id.rule_ids
        self.warehouse.with_user(self.stock_manager).delivery_steps = "pick_ship"
        self.assertTrue(rule.active, "Odoo's route update keeps the fill-up rule")
        self.assertTrue(self.warehouse.consignment_fill_up_route_id.active)
        self.assertTrue(self.warehouse.consignment_fill_up_type_id.active)
        self.assertEqual(self.warehouse.consignment_fill_up_route_id.rule_ids, rule)

    def test_new_warehouse_code_renames_the_fill_up_sequence(self):
        warehouse = self.env["stock.warehouse"].create({"name": "Depot", "code": "DEP"})
        warehouse.with_user(self.stock_manager).write({"name": "Depot North", "code": "DEPN"})
        self.assertEqual(warehouse.consignment_fill_up_type_id.sequence_id.prefix, "DEPN/CFU/")
        self.assertEqual(
            warehouse.consignment_fill_up_route_id.name, "Depot North: Consignment fill-up"
        )

    def test_missing_records_are_taken_over_and_other_routes_left_alone(self):
        """What the installation and the upgrade do: a warehouse without the fields takes
        over the records made on first use by earlier versions, and the warehouse's own
        routes and operation types keep their users' changes."""
        agreement = self._customer_agreement()
        picking_type = self.warehouse.consignment_fill_up_type_id
        route = self.warehouse.consignment_fill_up_route_id
        delivery = self.warehouse.delivery_route_id
        delivery.name = "Our own delivery"
        custom_rule = delivery.rule_ids[:1].copy(
            {"name": "Our own rule", "picking_type_id": self.warehouse.int_type_id.id}
        )
        receipts = self.warehouse.in_type_id
        receipts.barcode = "OURBARCODE"
        self.warehouse.write(
            {"consignment_fill_up_type_id": False, "consignment_fill_up_route_id": False}
        )
        self.env["stock.warehouse"]._create_missing_consignment_fill_up_records()
        self.assertEqual(self.warehouse.consignment_fill_up_type_id, picking_type)
        self.assertEqual(self.warehouse.consignment_fill_up_route_id, route)
        self.assertTrue(route.active and route.rule_ids.active)
        self.assertEqual(agreement.orderpoint_ids.route_id, route)
        self.assertRecordValues(delivery, [{"name": "Our own delivery"}])
        self.assertTrue(custom_rule.active)
        self.assertEqual(receipts.barcode, "OURBARCODE")
