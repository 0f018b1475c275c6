from collections import defaultdict

from odoo import models
from odoo.tools import float_compare, float_is_zero

from odoo.addons.consignment_stock.models.consignment_consumption import QUANTITY_DIGITS


class ConsignmentBillingEngine(models.AbstractModel):
    """Consumption bills of vendor agreements: vendor bills dated on the period's last day,
    posted to the consignment liability, each line linked to the purchase order line whose
    goods were consumed."""

    _inherit = "consignment.billing.engine"

    def _prepare_consignment_invoice_values(self, agreement, line_values, period_start, period_end):
        values = super()._prepare_consignment_invoice_values(
            agreement, line_values, period_start, period_end
        )
        if agreement.consignment_type == "vendor":
            # The vendor's bill of the period, dated on its last day.
            values.update({"move_type": "in_invoice", "invoice_date": period_end})
        return values

    def _prepare_consignment_invoice_line_values(
        self, agreement, product, price, quantity, consumption, period_start, period_end
    ):
        values = super()._prepare_consignment_invoice_line_values(
            agreement, product, price, quantity, consumption, period_start, period_end
        )
        if agreement.consignment_type == "vendor":
            liability = agreement.company_id._get_consignment_liability_account()
            if liability:
                # The bill clears the liability booked at consumption (or by the take-over).
                values["account_id"] = liability.id
        return values

    def _get_document_check_texts(self, agreement, move):
        if move.move_type != "in_invoice":
            return super()._get_document_check_texts(agreement, move)
        return (
            self.env._("Check the consignment bill"),
            self.env._(
                "Compare it with the vendor's bill for the consumption of %(agreement)s, then "
                "confirm it.",
                agreement=agreement.name,
            ),
        )

    def _get_invoice_line_parts(self, agreements, groups):
        """Vendor bills: link each line to the consignment purchase order line whose goods
        were consumed, oldest order first; a group whose goods came from several orders is
        split into one line per order line."""
        parts = super()._get_invoice_line_parts(agreements, groups)
        vendor_ids = set(agreements.filtered(lambda a: a.consignment_type == "vendor").ids)
        keys = [key for key in groups if key[0] in vendor_ids and key not in parts]
        if not keys:
            return parts
        agreements = agreements.browse({key[0] for key in keys})
        products = self.env["product.product"].browse({key[1] for key in keys})
        lines_by_key = self.env["purchase.order.line"]._consignment_get_lines(agreements, products)
        if not lines_by_key:
            return parts
        open_qty = {}
        for lines in lines_by_key.values():
            for line in lines:
                open_qty[line] = line.product_uom_id._compute_quantity(
                    line.consignment_qty_consumed - line.qty_invoiced,
                    line.product_id.uom_id,
                    round=False,
                )
        keys_by_pair = defaultdict(list)
        for key in keys:
            if (key[0], key[1]) in lines_by_key:
                keys_by_pair[key[0], key[1]].append(key)
        for pair, pair_keys in keys_by_pair.items():
            lines = lines_by_key[pair]
            # Oldest consumption first, as the goods left the location.
            for key in sorted(pair_keys, key=lambda key: min(groups[key][0])):
                ids, quantity = groups[key]
                parts[key] = self._consignment_split_by_order_line(ids, quantity, lines, open_qty)
        return parts

    def _consignment_split_by_order_line(self, ids, quantity, lines, open_qty):
        if float_compare(quantity, 0.0, precision_digits=QUANTITY_DIGITS) <= 0:
            # Goods returned after billing: they reduce the latest billed order line.
            billed = lines.filtered(lambda line: line.qty_invoiced > 0)
            line = billed[-1:] or lines[-1:]
            return [(ids, quantity, {"purchase_line_id": line.id})]
        pieces = []  # [order line or None, quantity]
        remaining = quantity
        for line in lines:
            if float_is_zero(remaining, precision_digits=QUANTITY_DIGITS):
                break
            taken = min(max(open_qty[line], 0.0), remaining)
            if float_is_zero(taken, precision_digits=QUANTITY_DIGITS):
                continue
            pieces.append([line, taken])
            open_qty[line] -= taken
            remaining -= taken
        if not float_is_zero(remaining, precision_digits=QUANTITY_DIGITS):
            pieces.append([None, remaining])  # goods that came without an order
        if len(pieces) == 1:
            line = pieces[0][0]
            return [(ids, quantity, {"purchase_line_id": line.id if line else False})]
        # Each ledger record goes with the piece its first unit falls in.
        records = self.env["consignment.consumption"].sudo().browse(sorted(ids))
        ids_by_piece = [[] for _piece in pieces]
        position = 0.0
        bounds = []
        end = 0.0
        for _line, piece_quantity in pieces:
            end += piece_quantity
            bounds.append(end)
        for record in records:
            index = next(
                (
                    index
                    for index, bound in enumerate(bounds)
                    if float_compare(position, bound, precision_digits=QUANTITY_DIGITS) < 0
                ),
                len(bounds) - 1,
            )
            ids_by_piece[index].append(record.id)
            position += record.quantity
        return [
            (piece_ids, piece_quantity, {"purchase_line_id": line.id if line else False})
            for (line, piece_quantity), piece_ids in zip(pieces, ids_by_piece)
        ]
