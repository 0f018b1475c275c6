from odoo import models
from odoo.exceptions import UserError


class SaleAdvancePaymentInv(models.TransientModel):
    _inherit = "sale.advance.payment.inv"

    def _create_invoices(self, sale_orders):
        if self.advance_payment_method != "delivered":
            consignment = sale_orders.filtered(
                lambda order: any(order.order_line.mapped("is_consignment"))
            )
            if consignment:
                # The agreement invoices the consumption in full, at the agreed prices: a down
                # payment on the order would never be deducted from it.
                raise UserError(
                    self.env._(
                        "%(orders)s fill up a customer's consignment stock: they take no down "
                        "payment. The customer pays for what it sells or uses, on the invoices "
                        "of agreement %(agreements)s.",
                        orders=", ".join(consignment.mapped("name")),
                        agreements=", ".join(
                            consignment.consignment_agreement_id.sudo().mapped("name")
                        ),
                    )
                )
        return super()._create_invoices(sale_orders)
