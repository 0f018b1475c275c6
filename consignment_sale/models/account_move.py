from odoo import models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        self.filtered(
            lambda move: move.move_type in ("out_invoice", "out_refund")
        )._check_consignment_quantities()
        return super()._post(soft=soft)

    def _check_consignment_quantities(self):
        """A customer invoice line of consigned goods charges exactly the consumption linked
        to it: goods standing at the customer's site are ours and never invoiced."""
        for line in self.invoice_line_ids:
            sale_lines = line.sale_line_ids.filtered("is_consignment")
            records = line.consignment_consumption_ids
            if not sale_lines and not records:
                continue
            product_uom = line.product_id.uom_id
            charged = abs(sum(records.mapped("quantity")))
            invoiced = line.product_uom_id._compute_quantity(line.quantity, product_uom)
            if product_uom.compare(charged, invoiced) != 0:
                raise UserError(
                    self.env._(
                        "%(move)s charges %(invoiced)s %(unit)s of %(product)s, but the customer "
                        "consumed %(charged)s %(unit)s of them that this line may charge. Goods "
                        "standing at the customer's site stay ours and cannot be invoiced: set "
                        "the quantity back to %(charged)s.",
                        move=line.move_id.display_name,
                        invoiced=invoiced,
                        charged=charged,
                        unit=product_uom.name,
                        product=line.product_id.display_name,
                    )
                )
