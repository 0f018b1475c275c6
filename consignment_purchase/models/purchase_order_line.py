from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    consignment_qty_consumed = fields.Float(
        string="Consumed Qty",
        digits="Product Unit",
        readonly=True,
        copy=False,
        help="Consignment orders: the part of the received goods that has been consumed "
        "(sold, used, scrapped at our charge or taken into own stock), oldest receipts "
        "first. Only consumed goods are billed.",
    )
    is_consignment = fields.Boolean(related="order_id.is_consignment")

    @api.depends("consignment_qty_consumed", "order_id.consignment_agreement_id")
    def _compute_qty_invoiced(self):
        result = super()._compute_qty_invoiced()
        for line in self:
            if line.order_id.consignment_agreement_id and not line.display_type:
                # Billed from the consumption ledger, never on receipt or order.
                if line.order_id.state == "purchase":
                    line.qty_to_invoice = line.consignment_qty_consumed - line.qty_invoiced
                else:
                    line.qty_to_invoice = 0.0
        return result

    def _prepare_stock_move_vals(self, picking, price_unit, product_uom_qty, product_uom):
        values = super()._prepare_stock_move_vals(picking, price_unit, product_uom_qty, product_uom)
        agreement = self.order_id.consignment_agreement_id
        if agreement.location_id:
            values.update(
                {
                    "location_dest_id": agreement.location_id.id,
                    "location_final_id": agreement.location_id.id,
                    "restrict_partner_id": agreement.partner_id.commercial_partner_id.id,
                }
            )
        return values

    @api.depends("order_id.consignment_agreement_id")
    def _compute_price_unit_and_date_planned_and_name(self):
        result = super()._compute_price_unit_and_date_planned_and_name()
        self._consignment_apply_agreement_prices()
        return result

    def _consignment_check_consumed_written(self, vals):
        # Spread from the consumption ledger only: it decides which order lines a bill charges.
        if vals.get("consignment_qty_consumed") is not None and not self.env.su:
            raise UserError(
                self.env._(
                    "The consumed quantity of a consignment order line comes from the "
                    "consumption ledger; it cannot be written."
                )
            )

    def write(self, vals):
        self._consignment_check_consumed_written(vals)
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("consignment_qty_consumed"):
                self._consignment_check_consumed_written(vals)
        priced = ["price_unit" in values for values in vals_list]  # before create adds them
        lines = super().create(vals_list)
        unpriced = [line.id for line, given in zip(lines, priced) if not given]
        self.browse(unpriced)._consignment_apply_agreement_prices()
        return lines

    def _consignment_apply_agreement_prices(self):
        """Consigned products are priced as the vendor's agreement says (draft orders, and
        prices not set by hand)."""
        lines = self.filtered(
            lambda line: (
                line.product_id
                and not line.display_type
                and line.order_id.state in ("draft", "sent")
                and line.technical_price_unit == line.price_unit
            )
        )
        orders = lines.order_id
        agreements = orders._consignment_find_agreements(orders.partner_id, orders.company_id)
        for line in lines:
            order = line.order_id
            agreement = order.consignment_agreement_id or agreements.get(
                (order.partner_id.commercial_partner_id, order.company_id)
            )
            if not agreement:
                continue
            date = fields.Date.to_date(order.date_order) or fields.Date.context_today(line)
            price = agreement.sudo()._get_price(line.product_id, date)
            if not price:
                continue
            uom = line.product_uom_id or line.product_id.uom_id
            price = line.product_id.uom_id._compute_price(price, uom)
            currency = order.currency_id or agreement.currency_id
            if currency != agreement.currency_id:
                price = agreement.currency_id._convert(
                    price, currency, line.company_id or agreement.company_id, date, round=False
                )
            price = currency.round(price) if currency else price
            if (
                line.currency_id.compare_amounts(line.price_unit, price)
                if line.currency_id
                else (line.price_unit != price)
            ):
                line.price_unit = line.technical_price_unit = price

    # ------------------------------------------------------------------
    # Consumed quantities
    # ------------------------------------------------------------------
    @api.model
    def _consignment_get_lines(self, agreements, products):
        """Confirmed consignment order lines of ``agreements`` for ``products``, grouped by
        (agreement id, product id), oldest order first."""
        if not agreements or not products:
            return {}
        lines = self.sudo().search(
            [
                ("order_id.consignment_agreement_id", "in", agreements.ids),
                ("product_id", "in", products.ids),
                ("order_id.state", "=", "purchase"),
                ("display_type", "=", False),
            ]
        )
        lines = lines.sorted(
            lambda line: (line.order_id.date_approve or line.order_id.date_order, line.id)
        )
        result = defaultdict(lambda: self.sudo().browse())
        for line in lines:
            result[line.order_id.consignment_agreement_id.id, line.product_id.id] |= line
        return result

    @api.model
    def _consignment_refresh_consumed(self, agreements, products):
        """Spread the consumption of each (agreement, product) over its consignment order
        lines, oldest received first: a line has consumed at most what it received."""
        lines_by_key = self._consignment_get_lines(agreements, products)
        if not lines_by_key:
            return
        totals = {
            (agreement.id, product.id): quantity
            for agreement, product, quantity in self.env["consignment.consumption"]
            .sudo()
            ._read_group(
                [
                    ("agreement_id", "in", agreements.ids),
                    ("product_id", "in", products.ids),
                    ("state", "!=", "cancelled"),
                ],
                ["agreement_id", "product_id"],
                ["quantity:sum"],
            )
        }
        for key, lines in lines_by_key.items():
            remaining = max(totals.get(key, 0.0), 0.0)
            for line in lines:
                product_uom = line.product_id.uom_id
                received = line.product_uom_id._compute_quantity(
                    line.qty_received, product_uom, round=False
                )
                consumed = min(remaining, max(received, 0.0))
                remaining -= consumed
                value = product_uom._compute_quantity(consumed, line.product_uom_id, round=False)
                if line.product_uom_id.compare(value, line.consignment_qty_consumed) != 0:
                    line.consignment_qty_consumed = value
