from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    is_consignment = fields.Boolean(
        compute="_compute_is_consignment",
        help="The line delivers into the customer's consignment location and is invoiced "
        "only for what the customer reports sold or used.",
    )
    consignment_qty_filled = fields.Float(
        string="Filled Up",
        compute="_compute_consignment_quantities",
        digits="Product Unit",
        help="Quantity delivered into the customer's consignment location (fill-ups, less "
        "what was picked up again). Not delivered in the invoicing sense: the goods stay ours.",
    )
    consignment_qty_consumed = fields.Float(
        string="Consumed",
        compute="_compute_consignment_quantities",
        digits="Product Unit",
        help="Quantity the customer sold or used (less what it returned): what can be invoiced.",
    )
    consignment_qty_at_customer = fields.Float(
        string="At Customer",
        compute="_compute_consignment_quantities",
        digits="Product Unit",
        help="Quantity of this line still standing at the customer's consignment location.",
    )

    @api.depends("order_id.consignment_agreement_id", "product_id", "display_type")
    def _compute_is_consignment(self):
        for line in self:
            line.is_consignment = bool(
                line.order_id.consignment_agreement_id
                and not line.display_type
                and line.product_id.is_storable
            )

    @api.depends(
        "is_consignment",
        "move_ids.state",
        "move_ids.quantity",
        "move_ids.location_id",
        "move_ids.location_dest_id",
    )
    def _compute_consignment_quantities(self):
        for line in self:
            quantities = line._get_consignment_quantities(line.product_uom_id)
            line.consignment_qty_filled = quantities["filled"]
            line.consignment_qty_consumed = quantities["consumed"]
            line.consignment_qty_at_customer = quantities["at_customer"]

    def _get_consignment_quantities(self, uom):
        """{'filled', 'consumed', 'at_customer'} of the line's done moves, in ``uom``."""
        self.ensure_one()
        result = {"filled": 0.0, "consumed": 0.0, "at_customer": 0.0}
        location = self.order_id.consignment_agreement_id.location_id
        if not self.is_consignment or not location:
            return result
        for move in self.move_ids:
            if move.state != "done" or move.product_id != self.product_id:
                continue
            quantity = move.product_uom._compute_quantity(
                move.quantity, uom, rounding_method="HALF-UP"
            )
            source_in = move.location_id._child_of(location)
            dest_in = move.location_dest_id._child_of(location)
            if dest_in and not source_in:
                result["at_customer"] += quantity
                if move.location_id.usage == "customer":
                    result["consumed"] -= quantity
                else:
                    result["filled"] += quantity
            elif source_in and not dest_in:
                result["at_customer"] -= quantity
                if move.location_dest_id.usage == "customer":
                    result["consumed"] += quantity
                else:
                    result["filled"] -= quantity
            elif move.location_id.usage == "customer" and move.origin_returned_move_id:
                # Consumed goods coming straight back to our warehouse.
                result["consumed"] -= quantity
        return result

    # ------------------------------------------------------------------
    # Procurement: fill up the consignment location
    # ------------------------------------------------------------------
    def _get_location_final(self):
        if self.is_consignment and self.order_id.consignment_agreement_id.location_id:
            return self.order_id.consignment_agreement_id.location_id
        return super()._get_location_final()

    def _prepare_procurement_values(self):
        values = super()._prepare_procurement_values()
        agreement = self.order_id.consignment_agreement_id
        if self.is_consignment and agreement.location_id:
            warehouse = agreement.warehouse_id or agreement.location_id.warehouse_id
            if warehouse:
                values["warehouse_id"] = warehouse
            if not self.route_ids:
                values["route_ids"] = agreement._get_replenishment_route()
        return values

    def _get_qty_procurement(self, previous_product_uom_qty=False):
        # What was procured for a consignment line is what its fill-ups brought to the
        # customer's site (see _get_outgoing_incoming_moves), not what left it.
        if self.is_consignment and self.order_id.consignment_agreement_id.location_id:
            self = self.with_context(consignment_fill_up_moves=True)
        return super()._get_qty_procurement(previous_product_uom_qty)

    def _get_outgoing_incoming_moves(self, strict=True):
        """For the procured quantity of a consignment line: its fill-ups (done or planned)
        go out, fill-ups brought back to the warehouse come in. Consumption leaves the
        location later and asks for no more goods."""
        location = self.order_id.consignment_agreement_id.location_id
        if not self.env.context.get("consignment_fill_up_moves") or not location:
            return super()._get_outgoing_incoming_moves(strict=strict)
        outgoing = incoming = self.env["stock.move"]
        for move in self.move_ids:
            if move.state == "cancel" or move.product_id != self.product_id:
                continue
            destination = move.location_final_id or move.location_dest_id
            source_in = move.location_id._child_of(location)
            if (
                destination._child_of(location)
                and not source_in
                and move.location_id.usage != "customer"
            ):
                outgoing |= move
            elif (
                source_in
                and destination.usage == "internal"
                and not destination._child_of(location)
            ):
                incoming |= move
        return outgoing, incoming

    # ------------------------------------------------------------------
    # Prices: the agreement's
    # ------------------------------------------------------------------
    @api.depends("order_id.consignment_agreement_id")
    def _compute_price_unit(self):
        return super()._compute_price_unit()

    @api.depends("order_id.consignment_agreement_id")
    def _compute_discount(self):
        result = super()._compute_discount()
        for line in self:
            if line._get_consignment_agreement_price() is not None:
                # The agreed price is the price: no pricelist discount on top of it.
                line.discount = 0.0
        return result

    def _get_display_price(self):
        price = self._get_consignment_agreement_price()
        return super()._get_display_price() if price is None else price

    def _get_consignment_agreement_price(self):
        """The agreement's price of a consignment line, in the order's currency and per the
        line's unit; None when the line is not priced by an agreement."""
        self.ensure_one()
        agreement = self.order_id.consignment_agreement_id.sudo()
        if not self.is_consignment or not self.product_id or not agreement:
            return None
        date = fields.Date.context_today(self, self._get_order_date() or fields.Datetime.now())
        price_line = agreement._get_price_line(self.product_id, date)
        if not price_line:
            return None
        price = price_line._get_price_per_product_uom()
        uom = self.product_uom_id or self.product_id.uom_id
        price = self.product_id.uom_id._compute_price(price, uom)
        currency = self.currency_id or self.order_id.currency_id
        if currency and currency != agreement.currency_id:
            price = agreement.currency_id._convert(
                price, currency, self.company_id or agreement.company_id, date, round=False
            )
        return price

    # ------------------------------------------------------------------
    # Invoicing: only by the agreement, from the consumption ledger
    # ------------------------------------------------------------------
    @api.depends("order_id.consignment_agreement_id")
    def _compute_qty_to_invoice(self):
        result = super()._compute_qty_to_invoice()
        for line in self:
            if line.is_consignment:
                # Consumed goods are invoiced by the agreement at the agreed price, never by
                # the order's own Create Invoice.
                line.qty_to_invoice = 0.0
        return result

    @api.depends("invoice_lines.consignment_consumption_ids")
    def _compute_qty_invoiced(self):
        return super()._compute_qty_invoiced()

    def _prepare_qty_invoiced(self):
        quantities = super()._prepare_qty_invoiced()
        for line in self:
            for invoice_line in line._get_invoice_lines():
                share = line._get_consignment_invoice_share(invoice_line)
                if share is None:
                    continue
                full = invoice_line.product_uom_id._compute_quantity(
                    invoice_line.quantity, line.product_uom_id
                )
                sign = -1 if invoice_line.move_id.move_type == "out_refund" else 1
                quantities[line] += sign * (share - full)
        return quantities

    def _get_consignment_invoice_share(self, invoice_line):
        """The quantity of ``invoice_line`` (in this line's unit) that invoices this line,
        when a consumption invoice line charges several order lines at once; None otherwise."""
        if (
            invoice_line.move_id.state == "cancel"
            or len(invoice_line.sale_line_ids) < 2
            or not invoice_line.consignment_consumption_ids
        ):
            return None
        records = invoice_line.consignment_consumption_ids.filtered(
            lambda record: record.move_line_id.move_id.sale_line_id == self
        )
        quantity = sum(records.mapped("quantity"))
        if invoice_line.move_id.move_type == "out_refund":
            quantity = -quantity
        return self.product_id.uom_id._compute_quantity(quantity, self.product_uom_id)
