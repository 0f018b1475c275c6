from odoo import models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    def _consignment_link_sale_ledger(self):
        """Invoices created from a consignment order charge the consumption of its lines:
        link the ledger records to them, so that the periodic invoice never charges them
        again (and a concurrent run of it fails to serialize, then finds nothing left)."""
        invoice_lines = self.invoice_line_ids.filtered(
            lambda line: (
                not line.consignment_consumption_ids
                and line.sale_line_ids.filtered("is_consignment")
            )
        )
        if not invoice_lines:
            return
        Consumption = self.env["consignment.consumption"].sudo()
        records = Consumption.search(
            [
                ("state", "=", "to_invoice"),
                ("consignment_type", "=", "customer"),
                ("move_line_id.move_id.sale_line_id", "in", invoice_lines.sale_line_ids.ids),
            ],
            order="date, id",
        )
        if not records:
            return
        Agreement = self.env["consignment.agreement"]
        Agreement._lock_ledger(records.ids)
        records.invalidate_recordset(["state"])
        pairs = []
        for invoice_line in invoice_lines:
            sale_lines = invoice_line.sale_line_ids
            for record in records:
                if (
                    record.state == "to_invoice"
                    and record.move_line_id.move_id.sale_line_id in sale_lines
                ):
                    pairs.append((record.id, invoice_line.id))
        Agreement._link_ledger_to_lines(pairs)

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
