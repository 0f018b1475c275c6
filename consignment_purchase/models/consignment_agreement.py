from collections import defaultdict

from odoo import fields, models
from odoo.tools import float_compare, float_is_zero

from odoo.addons.consignment_stock.models.consignment_consumption import QUANTITY_DIGITS


class ConsignmentAgreement(models.Model):
    _inherit = "consignment.agreement"

    qty_tolerance_pct = fields.Float(
        string="Quantity Tolerance (%)",
        digits=(16, 2),
        default=0.0,
        tracking=True,
        help="Vendor consignment: a bill whose quantity of a product differs from the "
        "consumption ledger by more than this share cannot be posted until a consignment "
        "manager accepts the difference.",
    )
    price_tolerance_pct = fields.Float(
        string="Price Tolerance (%)",
        digits=(16, 2),
        default=0.0,
        tracking=True,
        help="Vendor consignment: a bill whose unit price of a product differs from the "
        "consumption ledger by more than this share cannot be posted until a consignment "
        "manager accepts the difference.",
    )
    purchase_order_ids = fields.One2many(
        "purchase.order",
        "consignment_agreement_id",
        string="Consignment Purchase Orders",
        help="Purchase orders that replenish the consignment location with the vendor's goods.",
    )
    purchase_order_count = fields.Integer(compute="_compute_purchase_order_count")

    _tolerances_positive = models.Constraint(
        "CHECK(qty_tolerance_pct >= 0 AND price_tolerance_pct >= 0)",
        "Billing tolerances cannot be negative.",
    )

    def _compute_purchase_order_count(self):
        counts = dict(
            self.env["purchase.order"]
            .sudo()
            ._read_group(
                [("consignment_agreement_id", "in", self.ids)],
                ["consignment_agreement_id"],
                ["__count"],
            )
        )
        for agreement in self:
            agreement.purchase_order_count = counts.get(agreement, 0)

    def action_view_purchase_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("purchase.purchase_rfq")
        action["domain"] = [("consignment_agreement_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_is_consignment": True,
            "default_consignment_agreement_id": self.id,
            "default_company_id": self.company_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Ending an agreement bills everything consumed
    # ------------------------------------------------------------------
    def action_terminate(self):
        result = super().action_terminate()  # checks the caller's role first
        # Final bill: everything consumed so far. What is consumed while the remaining stock
        # is counted, returned or taken over is billed when the agreement is closed. Billing
        # by hand is for consignment managers; a buyer who may terminate gets the final bill.
        self.sudo()._consignment_bill_everything()
        return result

    def action_close(self):
        self.env["consignment.role"]._check("close", self)
        self.sudo().filtered(
            lambda a: a.state in ("active", "terminating")
        )._consignment_bill_everything()
        return super().action_close()

    def _consignment_bill_everything(self):
        vendor = self.filtered(lambda agreement: agreement.consignment_type == "vendor")
        if not vendor:
            return []
        return vendor.action_create_invoices(period_end=fields.Date.context_today(self))

    # ------------------------------------------------------------------
    # Replenishment: buy from the vendor into the consignment location
    # ------------------------------------------------------------------
    def _get_replenishment_route(self):
        if self.consignment_type != "vendor":
            return super()._get_replenishment_route()
        self.ensure_one()
        warehouse = self.location_id.warehouse_id or self.warehouse_id
        route = warehouse.buy_pull_id.route_id if warehouse else self.env["stock.route"]
        return (
            route
            or self.env.ref("purchase_stock.route_warehouse0_buy", raise_if_not_found=False)
            or self.env["stock.route"]
        )

    def _sync_orderpoints(self):
        result = super()._sync_orderpoints()
        for agreement in self.filtered(
            lambda agreement: agreement.consignment_type == "vendor" and agreement.state == "active"
        ):
            orderpoints = agreement.sudo().orderpoint_ids.filtered("active")
            if not orderpoints:
                continue
            route = agreement._get_replenishment_route()
            for orderpoint in orderpoints:
                supplier = agreement._get_consignment_supplierinfo(orderpoint.product_id)
                values = {}
                if route and orderpoint.route_id != route:
                    values["route_id"] = route.id
                if orderpoint.supplier_id != supplier:
                    values["supplier_id"] = supplier.id
                if values:
                    orderpoint.write(values)
        return result

    def _get_consignment_supplierinfo(self, product):
        """The vendor price list entry that the agreement's reorder rule buys with: the
        vendor, the agreement's currency and current price."""
        self.ensure_one()
        SupplierInfo = self.env["product.supplierinfo"].sudo()
        vendor = self.partner_id.commercial_partner_id
        price = self._get_price(product, fields.Date.context_today(self))
        supplier = SupplierInfo.search(
            [
                ("partner_id", "=", vendor.id),
                ("product_tmpl_id", "=", product.product_tmpl_id.id),
                ("product_id", "in", (product.id, False)),
                ("company_id", "in", (self.company_id.id, False)),
                ("currency_id", "=", self.currency_id.id),
            ],
            order="product_id, min_qty",
            limit=1,
        )
        values = {"price": price}
        if not supplier:
            return SupplierInfo.create(
                {
                    **values,
                    "partner_id": vendor.id,
                    "product_tmpl_id": product.product_tmpl_id.id,
                    "product_id": product.id,
                    "company_id": self.company_id.id,
                    "currency_id": self.currency_id.id,
                    "product_uom_id": product.uom_id.id,
                    "min_qty": 0.0,
                }
            )
        if self.currency_id.compare_amounts(supplier.price, price) != 0:
            supplier.write(values)
        return supplier

    # ------------------------------------------------------------------
    # Consumption bills: accounts and purchase order lines
    # ------------------------------------------------------------------
    def _prepare_consignment_invoice_line_values(
        self, product, price, quantity, consumption, period_start, period_end
    ):
        values = super()._prepare_consignment_invoice_line_values(
            product, price, quantity, consumption, period_start, period_end
        )
        if self.consignment_type == "vendor":
            liability = self.company_id._get_consignment_liability_account()
            if liability:
                # The bill clears the liability booked at consumption (or by the take-over).
                values["account_id"] = liability.id
        return values

    def _get_invoice_line_parts(self, groups):
        """Vendor bills: link each line to the consignment purchase order line whose goods
        were consumed, oldest order first; a group whose goods came from several orders is
        split into one line per order line."""
        parts = super()._get_invoice_line_parts(groups)
        vendor_ids = set(self.filtered(lambda a: a.consignment_type == "vendor").ids)
        keys = [key for key in groups if key[0] in vendor_ids and key not in parts]
        if not keys:
            return parts
        agreements = self.browse({key[0] for key in keys})
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
