from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from .stock_location import CONSIGNMENT_TYPES

# Precision of the FIFO layer arithmetic: finer than any unit of measure's rounding.
QUANTITY_DIGITS = 6


class ConsignmentConsumption(models.Model):
    """The consumption ledger: one record per quantity that left consignment to be paid for.

    Written by stock moves only; an invoiced record is never edited or deleted, a
    correction is a new (negative) record.
    """

    _name = "consignment.consumption"
    _description = "Consignment Consumption"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "product_id"

    agreement_id = fields.Many2one(
        "consignment.agreement",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        help="Agreement under which the consumed goods were consigned and are billed.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        readonly=True,
        help="Partner of the agreement: the vendor who bills us for this consumption, or the "
        "customer we invoice for it.",
    )
    consignment_type = fields.Selection(
        CONSIGNMENT_TYPES,
        string="Type",
        required=True,
        readonly=True,
        help="Vendor: goods of a supplier that we used or sold. Customer: our goods that the "
        "customer sold or used.",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        readonly=True,
        help="The consigned product that was consumed.",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(
        digits="Product Unit",
        required=True,
        readonly=True,
        help="Consumed quantity in the product's unit; negative for goods returned after "
        "invoicing.",
    )
    date = fields.Datetime(
        required=True,
        index=True,
        readonly=True,
        help="When the goods left the consignment stock. The bill or invoice of the period "
        "containing this date includes it.",
    )
    price_unit = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Agreement price per unit that this consumption is billed at.",
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Quantity times unit price: the amount billed or invoiced for this consumption.",
    )
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    move_line_id = fields.Many2one(
        "stock.move.line",
        string="Stock Move Line",
        index=True,
        readonly=True,
        ondelete="restrict",
        help="The stock movement that took the goods out of the consignment stock.",
    )
    move_id = fields.Many2one(
        related="move_line_id.move_id",
        string="Stock Move",
        help="The stock move (delivery, consumption, scrap...) that took the goods out of the "
        "consignment stock.",
    )
    origin = fields.Char(
        string="Origin Document",
        readonly=True,
        help="Reference of the document that caused the consumption, such as a sales order, "
        "a transfer or a manufacturing order.",
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        readonly=True,
        index="btree_not_null",
        help="Lot or serial number of the consumed goods.",
    )
    user_id = fields.Many2one(
        "res.users",
        readonly=True,
        help="User who validated the stock movement that recorded this consumption.",
    )
    state = fields.Selection(
        [("to_invoice", "To Invoice"), ("invoiced", "Invoiced"), ("cancelled", "Cancelled")],
        required=True,
        default="to_invoice",
        readonly=True,
        index=True,
        help="To Invoice: waiting for the next bill or invoice. Invoiced: on a bill or invoice. "
        "Cancelled: the goods came back before they were billed.",
    )
    invoice_line_id = fields.Many2one(
        "account.move.line",
        readonly=True,
        index="btree_not_null",
        copy=False,
        help="The bill or invoice line that charges this consumption.",
    )
    invoice_id = fields.Many2one(
        related="invoice_line_id.move_id",
        string="Invoice/Bill",
        help="The vendor bill or customer invoice that charges this consumption.",
    )
    reversed_consumption_id = fields.Many2one(
        "consignment.consumption",
        string="Reverses",
        readonly=True,
        index="btree_not_null",
        help="The consumption that this negative record corrects.",
    )

    # A stock move line is consumed once: the ledger, and so the bill, can never count it twice.
    _unique_move_line = models.UniqueIndex(
        "(move_line_id) WHERE move_line_id IS NOT NULL",
        "This stock movement is already in the consumption ledger.",
    )
    _invoiced_has_line = models.Constraint(
        "CHECK(state != 'invoiced' OR invoice_line_id IS NOT NULL)",
        "An invoiced consumption must reference its invoice line.",
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_never_invoiced(self):
        if any(record.state == "invoiced" or record.invoice_line_id for record in self):
            raise UserError(
                self.env._("Invoiced consumption cannot be deleted; return the goods instead.")
            )

    def write(self, vals):
        protected = {
            "quantity",
            "price_unit",
            "amount",
            "product_id",
            "agreement_id",
            "move_line_id",
            "lot_id",
        }
        if protected & set(vals) and any(record.state == "invoiced" for record in self):
            raise UserError(
                self.env._("Invoiced consumption cannot be changed. Record a return to correct it.")
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Capture from stock moves
    # ------------------------------------------------------------------
    @api.model
    def _get_running_agreements(self, companies):
        return (
            self.env["consignment.agreement"]
            .sudo()
            .search(
                [("state", "in", ("active", "terminating")), ("company_id", "in", companies.ids)]
            )
        )

    @api.model
    def _capture_move_lines(self, move_lines):
        """Write the ledger for done move lines that take goods out of consignment, and
        reverse it for done returns of consumed goods. Set-based: a fixed number of queries
        whatever the number of move lines."""
        move_lines = move_lines.filtered(lambda ml: ml.state == "done" and ml.quantity)
        if not move_lines:
            return self.browse()
        agreements = self._get_running_agreements(move_lines.company_id)
        if not agreements:
            return self.browse()
        consumed, returned = self._classify_move_lines(move_lines, agreements)
        records = self.browse()
        if consumed:
            records = self._create_ledger_records(self._prepare_consumption_values_batch(consumed))
        if returned:
            records |= self._reverse_for_returns(returned)
        return records

    @api.model
    def _classify_move_lines(self, move_lines, agreements=None):
        """Split ``move_lines`` into consumption, as a list of (move line, agreement), and
        returns of consumed goods. Works on done move lines and on move lines about to be
        done alike."""
        if agreements is None:
            agreements = self._get_running_agreements(move_lines.company_id)
        locations = move_lines.location_id | move_lines.location_dest_id
        roots = locations._get_consignment_root()
        customer_agreements = {}
        vendor_agreements = {}
        for agreement in agreements:
            if agreement.consignment_type == "customer" and agreement.location_id:
                customer_agreements[agreement.location_id] = agreement
            elif agreement.consignment_type == "vendor":
                key = (agreement.company_id, agreement.partner_id.commercial_partner_id)
                # Started empty in the agreements' (superuser) environment: a union keeps its
                # left side's, and whoever validates the move may not read agreements.
                vendor_agreements.setdefault(key, agreements.browse())
                vendor_agreements[key] |= agreement
        ownership_locations = (
            self.env["stock.location"]
            .sudo()
            .search([("consignment_ownership_transfer", "=", True)])
        )

        consumed = []  # (move line, agreement)
        returned = self.env["stock.move.line"]
        for move_line in move_lines:
            source_root = roots[move_line.location_id]
            dest_root = roots[move_line.location_dest_id]
            if source_root and source_root == dest_root:
                continue
            agreement = self.env["consignment.agreement"]
            if source_root.consignment_type == "customer":
                agreement = customer_agreements.get(source_root)
            elif move_line.owner_id and move_line.location_id.usage == "internal":
                candidates = vendor_agreements.get(
                    (move_line.company_id, move_line.owner_id.commercial_partner_id)
                )
                if candidates:
                    agreement = (
                        candidates.filtered(lambda a, root=source_root: a.location_id == root)[:1]
                        or candidates[:1]
                    )
            if agreement and self._is_consumption(move_line, agreement, ownership_locations):
                consumed.append((move_line, agreement))
            elif move_line.move_id.origin_returned_move_id and (dest_root or move_line.owner_id):
                returned |= move_line

        return consumed, returned

    @api.model
    def _is_consumption(self, move_line, agreement, ownership_locations):
        destination = move_line.location_dest_id
        if destination in ownership_locations:
            return True
        if destination.usage in ("customer", "production"):
            return agreement.consignment_type == "vendor" or destination.usage == "customer"
        if destination.usage == "inventory":
            # Scrap and inventory losses: paid for only when the holder bears damage.
            return agreement.damage_bearer == "holder"
        return False

    @api.model
    def _prepare_consumption_values_batch(self, consumed):
        fifo_prices = self._compute_fifo_prices(
            [(ml, agreement) for ml, agreement in consumed if agreement.pricing_mode == "fifo"]
        )
        # Prices are converted to each product's unit: read the units of the batch at once.
        self.env["stock.move.line"].concat(
            *(move_line for move_line, _agreement in consumed)
        ).product_id.mapped("uom_id")
        # Each agreement's lines by product: looking prices up stays linear in the batch size.
        lines_by_product = {}
        for agreement in {agreement for _move_line, agreement in consumed}:
            for line in agreement.line_ids:
                key = (agreement, line.product_id)
                lines_by_product[key] = lines_by_product.get(key, line.browse()) | line
        values = []
        for move_line, agreement in consumed:
            quantity = move_line.quantity_product_uom
            if move_line in fifo_prices:
                price = fifo_prices[move_line]
            else:
                price = agreement._get_price(
                    move_line.product_id,
                    fields.Date.to_date(move_line.date),
                    lines=lines_by_product.get(
                        (agreement, move_line.product_id), agreement.line_ids.browse()
                    ),
                )
            values.append(self._prepare_consumption_values(move_line, agreement, quantity, price))
        return values

    @api.model
    def _prepare_consumption_values(self, move_line, agreement, quantity, price):
        move = move_line.move_id
        return {
            "agreement_id": agreement.id,
            "partner_id": agreement.partner_id.commercial_partner_id.id,
            "consignment_type": agreement.consignment_type,
            "company_id": agreement.company_id.id,
            "product_id": move_line.product_id.id,
            "quantity": quantity,
            "date": move_line.date,
            "price_unit": price,
            "amount": agreement.currency_id.round(price * quantity),
            "currency_id": agreement.currency_id.id,
            "move_line_id": move_line.id,
            "origin": move.origin or move.picking_id.name or move.reference,
            "lot_id": move_line.lot_id.id,
            "user_id": self.env.uid,
        }

    def _on_consumption_created(self):
        """Hook for the vendor and customer add-ons (accounting at consumption)."""
        return True

    def _release_to_invoice(self):
        """Put these records back to invoice, for the next billing run: the bill or invoice
        line that charged them is cancelled or deleted."""
        if self:
            self.write({"state": "to_invoice", "invoice_line_id": False})

    @api.model
    def _get_fifo_layers(self, agreement, product, exclude_move_line_ids=()):
        """The receipt layers of ``product`` at the agreement's location still in stock, oldest
        first, as lists [quantity left, unit price]: every done move line that left the location
        (consumption, returns to the vendor, take-overs) used up the oldest layers first.
        Move lines in ``exclude_move_line_ids`` are the ones being priced: not yet used up."""
        MoveLine = self.env["stock.move.line"].sudo()
        vendor = agreement.partner_id.commercial_partner_id
        location = agreement.location_id
        common = [
            ("state", "=", "done"),
            ("product_id", "=", product.id),
            ("owner_id", "child_of", vendor.id),
        ]
        receipts = MoveLine._read_group(
            common
            + [
                ("location_dest_id", "child_of", location.id),
                ("location_id", "not any", [("id", "child_of", location.id)]),
            ],
            ["date:day"],
            ["quantity_product_uom:sum"],
            order="date:day",
        )
        outgoing = MoveLine._read_group(
            common
            + [
                ("location_id", "child_of", location.id),
                ("location_dest_id", "not any", [("id", "child_of", location.id)]),
                ("id", "not in", list(exclude_move_line_ids)),
            ],
            [],
            ["quantity_product_uom:sum"],
        )
        position = outgoing[0][0] or 0.0
        layers = []
        for day, quantity in receipts:
            used = min(quantity, position)
            position -= used
            if quantity - used > 0:
                layers.append(
                    [quantity - used, agreement._get_price(product, fields.Date.to_date(day))]
                )
        return layers

    @api.model
    def _compute_fifo_prices(self, pairs):
        """Unit price of each vendor move line priced first in, first out: the goods leave
        in the order they were received, each at the price valid on its receipt date.

        Move lines are split before they are done so that each one sits in a single price
        layer (see ``stock.move._consignment_split_by_fifo_layer``); a line that still spans
        layers gets their weighted average."""
        if not pairs:
            return {}
        result = {}
        by_key = {}
        for move_line, agreement in pairs:
            by_key.setdefault((agreement, move_line.product_id), []).append(move_line)
        current_ids = [move_line.id for move_line, _agreement in pairs]
        for (agreement, product), lines in by_key.items():
            layers = self._get_fifo_layers(agreement, product, current_ids)
            for move_line in sorted(lines, key=lambda ml: (ml.date, ml.id)):
                quantity = move_line.quantity_product_uom
                amount = 0.0
                for used, price in self._take_from_layers(layers, quantity):
                    if price is None:
                        # More leaves than was ever received here: price the rest by date.
                        price = agreement._get_price(product, fields.Date.to_date(move_line.date))
                    amount += used * price
                result[move_line] = amount / quantity if quantity else 0.0
        return result

    @api.model
    def _take_from_layers(self, layers, quantity):
        """Use up ``quantity`` from ``layers`` (changed in place), oldest first. Returns the
        [(quantity, price)] taken; a price of None stands for what no layer covered."""
        taken = []
        remaining = quantity
        for layer in layers:
            if float_is_zero(remaining, precision_digits=QUANTITY_DIGITS):
                break
            used = min(layer[0], remaining)
            if not float_is_zero(used, precision_digits=QUANTITY_DIGITS):
                taken.append((used, layer[1]))
                layer[0] -= used
                remaining -= used
        if not float_is_zero(remaining, precision_digits=QUANTITY_DIGITS) and remaining > 0:
            taken.append((remaining, None))
        return taken

    @api.model
    def _reverse_for_returns(self, return_lines):
        """Goods that come back after being consumed: cancel what was not invoiced yet, and
        write a negative record for what was."""
        originals = self._get_returned_originals(return_lines)
        if not originals:
            return self.browse()
        reversed_qty = self._get_reversed_quantities(originals)
        to_cancel = self.browse()
        negative_values = []
        for move_line in return_lines:
            cancelled, values = self._allocate_return(move_line, originals, reversed_qty, to_cancel)
            to_cancel |= cancelled
            negative_values += values
        if to_cancel:
            to_cancel.sudo().write({"state": "cancelled"})
        return self._create_ledger_records(negative_values) | to_cancel

    @api.model
    def _create_ledger_records(self, values_list):
        """Create ledger records (as superuser: stock users write the ledger without rights
        on it) and run the add-ons' hooks on them."""
        if not values_list:
            return self.browse()
        records = self.sudo().create(values_list)
        records._on_consumption_created()
        return records

    @api.model
    def _get_returned_originals(self, return_lines):
        """Positive, not cancelled ledger records of the moves that ``return_lines`` return,
        oldest first: the order in which returns give them back."""
        origin_moves = return_lines.move_id.origin_returned_move_id
        return self.sudo().search(
            [
                ("move_line_id", "in", origin_moves.move_line_ids.ids),
                ("state", "!=", "cancelled"),
                ("quantity", ">", 0),
            ],
            order="date, id",
        )

    @api.model
    def _get_reversed_quantities(self, originals):
        """{record id: quantity already given back by negative records} of ``originals``."""
        reversed_qty = dict.fromkeys(originals.ids, 0.0)
        for original, quantity in self.sudo()._read_group(
            [("reversed_consumption_id", "in", originals.ids), ("state", "!=", "cancelled")],
            ["reversed_consumption_id"],
            ["quantity:sum"],
        ):
            reversed_qty[original.id] = -quantity
        return reversed_qty

    @api.model
    def _allocate_return(self, move_line, originals, reversed_qty, to_cancel):
        """Give the quantity of return ``move_line`` back to the records of ``originals`` it
        returns, oldest first. A record not invoiced yet and returned whole is cancelled;
        anything else gets a negative record. ``reversed_qty`` is updated in place;
        ``to_cancel`` holds the records that earlier return lines cancel.

        :returns: (records to cancel, values of the negative records)"""
        remaining = move_line.quantity_product_uom
        # Quantities are compared at the unit's rounding: 0.3 - 0.1 is just below 0.2 in
        # floating point, and a record returned whole must still be cancelled, not reversed.
        uom = move_line.product_id.uom_id
        cancelled = self.browse()
        negative_values = []
        candidates = originals.filtered(
            lambda record: (
                record.move_line_id.move_id == move_line.move_id.origin_returned_move_id
                and record.product_id == move_line.product_id
                and (not move_line.lot_id or record.lot_id == move_line.lot_id)
            )
        )
        for record in candidates:
            if uom.compare(remaining, 0.0) <= 0:
                break
            open_qty = record.quantity - reversed_qty[record.id]
            if record in to_cancel or uom.compare(open_qty, 0.0) <= 0:
                continue
            if (
                record.state == "to_invoice"
                and uom.compare(remaining, open_qty) >= 0
                and not reversed_qty[record.id]
            ):
                cancelled |= record
                remaining -= open_qty
                continue
            quantity = min(open_qty, remaining)
            remaining -= quantity
            reversed_qty[record.id] += quantity
            negative_values.append(self._prepare_reversal_values(move_line, record, quantity))
        return cancelled, negative_values

    @api.model
    def _prepare_reversal_values(self, move_line, record, quantity):
        """Values of the negative record that gives ``quantity`` of ``record`` back, at the
        record's own price and lot."""
        values = self._prepare_consumption_values(
            move_line, record.agreement_id, -quantity, record.price_unit
        )
        values["reversed_consumption_id"] = record.id
        values["lot_id"] = record.lot_id.id
        return values
