from odoo import Command, api, fields, models


class ConsignmentBillingEngine(models.AbstractModel):
    """Consumption invoices of customer agreements: customer invoices (credit notes for
    goods returned after invoicing) linked to the order lines that filled up the site."""

    _inherit = "consignment.billing.engine"

    def _prepare_consignment_invoice_line_values(
        self, agreement, product, price, quantity, consumption, period_start, period_end
    ):
        values = super()._prepare_consignment_invoice_line_values(
            agreement, product, price, quantity, consumption, period_start, period_end
        )
        if agreement.consignment_type == "customer":
            sale_lines = consumption.sudo().move_line_id.move_id.sale_line_id
            if sale_lines:
                values["sale_line_ids"] = [Command.set(sale_lines.ids)]
        return values

    def _prepare_consignment_invoice_values(self, agreement, line_values, period_start, period_end):
        values = super()._prepare_consignment_invoice_values(
            agreement, line_values, period_start, period_end
        )
        if agreement.consignment_type != "customer":
            return values
        values["move_type"] = "out_invoice"
        if agreement.user_id:
            values["invoice_user_id"] = agreement.user_id.id
        orders = (
            self.env["sale.order.line"]
            .browse(
                {
                    sale_line_id
                    for line in line_values
                    for command in line.get("sale_line_ids", [])
                    for sale_line_id in command[2]
                }
            )
            .order_id
        )
        if orders:
            values["invoice_origin"] = ", ".join([values["invoice_origin"], *orders.mapped("name")])
        total = sum(line["quantity"] * line["price_unit"] for line in line_values)
        if total < 0:
            # Goods returned after invoicing, with no consumption to net them against: a
            # credit note for them.
            values["move_type"] = "out_refund"
            for command in values["invoice_line_ids"]:
                command[2]["quantity"] = -command[2]["quantity"]
        return values

    def _link_ledger_to_lines(self, agreements, pairs):
        result = super()._link_ledger_to_lines(agreements, pairs)
        if pairs:
            # The ledger is linked in SQL: recompute what the order lines show as invoiced.
            invoice_lines = self.env["account.move.line"].browse(
                {line_id for _id, line_id in pairs}
            )
            invoice_lines.modified(["consignment_consumption_ids"])
        return result

    @api.model
    def _create_consignment_credit_notes(self, records):
        """Credit the customer right away for consumed goods it returned after they were
        invoiced (negative ledger records): one credit note per agreement."""
        groups = {}
        for record in records:
            key = (record.agreement_id.id, record.product_id.id, record.price_unit)
            ids, quantity = groups.get(key, ([], 0.0))
            groups[key] = ([*ids, record.id], quantity + record.quantity)
        if not groups:
            return self.env["account.move"]
        agreements = self.env["consignment.agreement"].browse(sorted({key[0] for key in groups}))
        self._lock_ledger(records.ids)
        period_end = max(fields.Date.context_today(self, date) for date in records.mapped("date"))
        return self._create_invoices_from_groups(agreements.sudo(), groups, period_end)

    def _get_document_check_texts(self, agreement, move):
        if move.move_type != "out_invoice":
            return super()._get_document_check_texts(agreement, move)
        return (
            self.env._("Check the consignment invoice"),
            self.env._(
                "It charges what the customer of %(agreement)s sold or used. Check it, then "
                "confirm and send it.",
                agreement=agreement.name,
            ),
        )
