import copy

from odoo import models


class ConsignmentCount(models.Model):
    _inherit = "consignment.count"

    def _prepare_variance_moves(self):
        """Goods a consignment customer cannot show are a consumption it pays for: attribute
        them to the order lines that filled up the location, so that the orders show them
        as delivered and the invoice links to them."""
        values_list = super()._prepare_variance_moves()
        agreement = self.agreement_id
        if self.consignment_type != "customer" or not agreement.location_id:
            return values_list
        location = agreement.location_id
        Product = self.env["product.product"]
        consumed = [
            values
            for values in values_list
            if values["location_id"] == location.id
            and self.env["stock.location"].browse(values["location_dest_id"]).usage == "customer"
        ]
        if not consumed:
            return values_list
        pool = agreement._get_consignment_sale_line_pool(
            Product.browse({values["product_id"] for values in consumed})
        )
        result = []
        for values in values_list:
            if not any(values is other for other in consumed):
                result.append(values)
                continue
            product = Product.browse(values["product_id"])
            chunks = agreement._take_from_sale_line_pool(
                pool[product], values["product_uom_qty"], product.uom_id
            )
            for sale_line, quantity in chunks:
                piece = copy.deepcopy(values) if len(chunks) > 1 else values
                piece["sale_line_id"] = sale_line.id
                if len(chunks) > 1:
                    piece["product_uom_qty"] = quantity
                    for command in piece.get("move_line_ids", []):
                        command[2]["quantity"] = quantity
                result.append(piece)
        return result
