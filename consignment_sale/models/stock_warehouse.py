from odoo import models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def _get_consignment_fillup_picking_type(self):
        """The "Consignment fill-up" operation type of the warehouse (made with the
        warehouse, active once a customer consignment uses it)."""
        self.ensure_one()
        return self.consignment_fill_up_type_id
