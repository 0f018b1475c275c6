from odoo import models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def _get_consignment_fillup_picking_type(self):
        """The "Consignment fill-up" operation type of the warehouse (created with its route
        when a customer agreement first needs it)."""
        self.ensure_one()
        return (
            self.env["stock.picking.type"]
            .with_context(active_test=False)
            .search([("warehouse_id", "=", self.id), ("consignment_fill_up", "=", True)], limit=1)
        )
