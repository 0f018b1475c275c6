from odoo import models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def _get_consignment_fill_up_route(self, destination):
        """The "Consignment fill-up" route of the warehouse, with a rule that replenishes
        ``destination`` (a customer consignment location, or the view location above it) from
        the warehouse's stock. Route, operation type and rule are created on first use."""
        self.ensure_one()
        Route = self.env["stock.route"].sudo().with_context(active_test=False)
        route = Route.search(
            [
                ("consignment_fill_up_warehouse_id", "=", self.id),
                ("company_id", "=", self.company_id.id),
            ],
            limit=1,
        )
        if not route:
            route = Route.create(
                {
                    "name": self.env._("%(warehouse)s: Consignment fill-up", warehouse=self.name),
                    "company_id": self.company_id.id,
                    "consignment_fill_up_warehouse_id": self.id,
                    "product_selectable": False,
                    "warehouse_selectable": False,
                    "sequence": 100,
                }
            )
        elif not route.active:
            route.active = True
        rule = route.rule_ids.filtered(
            lambda rule: rule.action == "pull" and destination._child_of(rule.location_dest_id)
        )[:1]
        if not rule:
            picking_type = self._get_consignment_fill_up_type(destination)
            self.env["stock.rule"].sudo().create(
                {
                    "name": self.env._(
                        "%(origin)s → %(destination)s",
                        origin=self.lot_stock_id.display_name,
                        destination=destination.display_name,
                    ),
                    "route_id": route.id,
                    "action": "pull",
                    "procure_method": "make_to_stock",
                    "location_src_id": self.lot_stock_id.id,
                    "location_dest_id": destination.id,
                    "picking_type_id": picking_type.id,
                    "warehouse_id": self.id,
                    "company_id": self.company_id.id,
                }
            )
        return route.sudo(False)

    def _get_consignment_fill_up_type(self, destination):
        PickingType = self.env["stock.picking.type"].sudo().with_context(active_test=False)
        picking_type = PickingType.search(
            [("warehouse_id", "=", self.id), ("consignment_fill_up", "=", True)], limit=1
        )
        if picking_type:
            if not picking_type.active:
                picking_type.active = True
            return picking_type
        return PickingType.create(
            {
                "name": self.env._("Consignment fill-up"),
                "code": "internal",
                "sequence_code": "CFU",
                "warehouse_id": self.id,
                "company_id": self.company_id.id,
                "default_location_src_id": self.lot_stock_id.id,
                "default_location_dest_id": destination.id,
                "consignment_fill_up": True,
            }
        )
