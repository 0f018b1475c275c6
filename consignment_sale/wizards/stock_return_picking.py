from odoo import models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    def _prepare_picking_default_values_based_on(self, picking):
        values = super()._prepare_picking_default_values_based_on(picking)
        if picking.location_dest_id.usage == "customer":
            root = picking.location_id._get_consignment_root()[picking.location_id]
            if root and root.consignment_type == "customer":
                # Consumed goods the customer returns go back into its consignment stock:
                # still ours, the ledger reverses their consumption.
                values["location_dest_id"] = root.id
        return values
