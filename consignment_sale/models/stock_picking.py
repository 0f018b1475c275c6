from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "consignment.scan.mixin"]

    is_consignment_fillup = fields.Boolean(
        string="Consignment Fill-up",
        compute="_compute_is_consignment_fillup",
        help="The transfer delivers our goods into a customer's consignment location: it "
        "travels with a pro-forma delivery note, never an invoice.",
    )

    is_consignment_pickup = fields.Boolean(
        string="Consignment Pick-up",
        compute="_compute_is_consignment_pickup",
        help="The transfer takes our goods back from a customer's consignment location.",
    )
    consignment_scan_allowed = fields.Boolean(
        compute="_compute_consignment_scan_allowed",
        help="Lots, serial numbers and products may be scanned into the operations: a "
        "consignment fill-up or pick-up not yet done.",
    )

    @api.depends("location_id", "location_dest_id", "picking_type_id")
    def _compute_is_consignment_fillup(self):
        roots = self._get_consignment_location_roots()
        for picking in self:
            source_root, dest_root = roots[picking]
            picking.is_consignment_fillup = bool(
                dest_root
                and dest_root.consignment_type == "customer"
                and dest_root != source_root
                and picking.location_id.usage == "internal"
            ) or bool(picking.picking_type_id.consignment_fill_up)

    @api.depends("location_id", "location_dest_id")
    def _compute_is_consignment_pickup(self):
        roots = self._get_consignment_location_roots()
        for picking in self:
            source_root, dest_root = roots[picking]
            picking.is_consignment_pickup = bool(
                source_root
                and source_root.consignment_type == "customer"
                and dest_root != source_root
                and picking.location_dest_id.usage == "internal"
            )

    @api.depends("is_consignment_fillup", "is_consignment_pickup", "state")
    def _compute_consignment_scan_allowed(self):
        for picking in self:
            picking.consignment_scan_allowed = (
                picking.is_consignment_fillup or picking.is_consignment_pickup
            ) and picking.state not in ("done", "cancel")

    # ------------------------------------------------------------------
    # Pro-forma delivery note
    # ------------------------------------------------------------------
    def _check_consignment_proforma_access(self):
        """Those who fill up customers' sites print and send the note of a fill-up they may
        read. :returns: whether its moves and lots may be read with sudo for the note
        (salespeople read no stock details)."""
        self.check_access("read")
        agreements = self.filtered("is_consignment_fillup").consignment_agreement_id
        self.env["consignment.role"]._check("print_proforma", agreements)
        return bool(agreements)

    def _get_consignment_proforma_data(self):
        """Lines and totals of the pro-forma delivery note: per product and lot, the quantity
        in the product's unit, the agreed unit price and the value, in the agreement currency
        (the prices a consignment order takes, so that the note and the order agree);
        quantities are totalled per unit, never added up across units."""
        self.ensure_one()
        picking = self.sudo() if self._check_consignment_proforma_access() else self
        agreement = picking.consignment_agreement_id
        date = fields.Date.context_today(self, self.date_done or self.scheduled_date)
        moves = picking.move_ids.filtered(lambda m: m.state != "cancel")
        currency = agreement.currency_id or picking.company_id.currency_id
        lines = []
        for move in moves:
            price = agreement._get_price(move.product_id, date) if agreement else 0.0
            for lot, quantity in self._get_consignment_proforma_pieces(move):
                lines.append(
                    {
                        "product": move.product_id,
                        "description": move.description_picking or move.product_id.display_name,
                        "lot": lot or picking.env["stock.lot"],
                        "quantity": quantity,
                        "uom": move.product_id.uom_id,
                        "price_unit": price,
                        "value": currency.round(price * quantity),
                    }
                )
        totals = defaultdict(float)
        for line in lines:
            totals[line["uom"]] += line["quantity"]
        return {
            "agreement": agreement,
            "currency": currency,
            "lines": lines,
            "total_quantities": list(totals.items()),
            "total_value": currency.round(sum(line["value"] for line in lines)),
            "date": date,
        }

    def _get_consignment_proforma_pieces(self, move):
        """[(lot, quantity in the product's unit)] of a move: its move lines once they hold
        the whole quantity, else the move's quantity."""
        product = move.product_id
        move_lines = move.move_line_ids
        if move.state == "done" or (
            move_lines
            and product.uom_id.compare(
                sum(move_lines.mapped("quantity_product_uom")), move.product_qty
            )
            >= 0
        ):
            pieces = [(ml.lot_id, ml.quantity_product_uom) for ml in move_lines]
        else:
            lot = move_lines.lot_id if len(move_lines.lot_id) == 1 else False
            pieces = [(lot, move.product_qty)]
        return [(lot, qty) for lot, qty in pieces if not product.uom_id.is_zero(qty)]

    def action_send_consignment_proforma(self):
        """Open the email composer with the pro-forma delivery note attached."""
        self.ensure_one()
        self._check_is_consignment_fillup()
        self._check_consignment_proforma_access()
        template = self.env.ref(
            "consignment_sale.mail_template_proforma_delivery", raise_if_not_found=False
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Pro-forma Delivery Note"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "stock.picking",
                "default_res_ids": self.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
            },
        }

    def action_print_consignment_proforma(self):
        """Print the pro-forma delivery note; the chatter keeps who printed it, so that the
        note that travelled with the goods can be traced."""
        self._check_is_consignment_fillup()
        self._check_consignment_proforma_access()
        for picking in self:
            picking.message_post(
                body=self.env._("Pro-forma delivery note printed."),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return self.env.ref("consignment_sale.action_report_proforma_delivery").report_action(self)

    def _consignment_check_fill_ups_after_termination(self):
        # Notice given: the customer's site is filled up until the termination date and from
        # that day only emptied (pick-ups and returns), even before the daily run marks the
        # agreement Terminating.
        for picking in self.filtered("is_consignment_fillup"):
            # Whoever validates the transfer may not read agreements.
            agreement = picking.consignment_agreement_id.sudo()
            if agreement and agreement._is_past_termination_date():
                raise UserError(
                    self.env._(
                        "%(picking)s fills up the site of agreement %(agreement)s, which ends "
                        "on %(date)s: from that day the customer's site takes no new goods. "
                        "Cancel the fill-up.",
                        picking=picking.name,
                        agreement=agreement.name,
                        date=fields.Date.to_string(agreement.termination_date),
                    )
                )

    def button_validate(self):
        self._consignment_check_fill_ups_after_termination()
        return super().button_validate()

    def _action_done(self):
        self._consignment_check_fill_ups_after_termination()
        return super()._action_done()

    def _check_is_consignment_fillup(self):
        for picking in self:
            if not picking.is_consignment_fillup:
                raise UserError(
                    self.env._(
                        "%(picking)s is not a consignment fill-up: it has no pro-forma delivery "
                        "note.",
                        picking=picking.name,
                    )
                )

    # ------------------------------------------------------------------
    # Scanning into the operations of fill-ups and pick-ups: each scan sets the lot and
    # quantity of a move line and marks it picked (validation keeps the picked lines only)
    # ------------------------------------------------------------------
    def action_scan(self, barcode, quantity=None):
        self.ensure_one()
        self.check_access("write")
        # Ordinary transfers stay as they were: refused before anything is logged on them.
        if not self.is_consignment_fillup and not self.is_consignment_pickup:
            raise UserError(
                self.env._(
                    "%(picking)s is neither a consignment fill-up nor a pick-up: scanning "
                    "is only for those.",
                    picking=self.name,
                )
            )
        return super().action_scan(barcode, quantity=quantity)

    def _scan_check_editable(self):
        if self.state in ("done", "cancel"):
            raise UserError(
                self.env._(
                    "%(picking)s is done or cancelled: nothing more can be scanned into it.",
                    picking=self.name,
                )
            )

    def _get_scan_products(self):
        return self.consignment_agreement_id.sudo().line_ids.product_id | self.move_ids.product_id

    def _scan_get_moves(self, product):
        moves = self.move_ids.filtered(
            lambda move: move.product_id == product and move.state not in ("done", "cancel")
        )
        if not moves:
            raise UserError(
                self.env._(
                    "%(product)s is not in transfer %(picking)s: put it aside.",
                    product=product.display_name,
                    picking=self.name,
                )
            )
        return moves

    def _scan_find_line(self, product, lot):
        return self._scan_get_moves(product).move_line_ids.filtered(
            lambda line: line.picked and line.lot_id == lot
        )[:1]

    def _scan_get_line_quantity(self, line):
        return line.quantity_product_uom

    def _scan_set_quantity(self, product, lot, quantity):
        moves = self._scan_get_moves(product)
        if lot:
            self._scan_check_lot_available(product, lot, quantity)
        line = self._scan_find_line(product, lot)
        # Lines not yet picked are what the reservation proposes: a scan takes one of them
        # (its own lot first) before adding a line.
        free = moves.move_line_ids.filtered(lambda ml: not ml.picked)
        line = line or (free.filtered(lambda ml: ml.lot_id == lot) or free)[:1]
        uom = line.product_uom_id if line else product.uom_id
        quantity = product.uom_id._compute_quantity(quantity, uom)
        if line:
            line.write({"lot_id": lot.id, "quantity": quantity, "picked": True})
            return
        move = moves[:1]
        self.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": self.id,
                "product_id": product.id,
                "product_uom_id": uom.id,
                "lot_id": lot.id,
                "quantity": quantity,
                "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id,
                "picked": True,
            }
        )

    def _scan_check_lot_available(self, product, lot, quantity):
        """Refuse a lot that has not ``quantity`` more at the source location than the lines
        already picked."""
        # Whoever moves the goods may not read every quant of the location.
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("product_id", "=", product.id),
                    ("lot_id", "=", lot.id),
                    ("location_id", "child_of", self.location_id.id),
                ]
            )
        )
        picked = self.move_ids.move_line_ids.filtered(lambda ml: ml.picked and ml.lot_id == lot)
        available = sum(quants.mapped("quantity")) - sum(picked.mapped("quantity_product_uom"))
        if product.uom_id.compare(available, quantity) < 0:
            raise UserError(
                self.env._(
                    "Lot %(lot)s of %(product)s has %(available)s at %(location)s: it cannot "
                    "take %(quantity)s more. Check the label.",
                    lot=lot.name,
                    product=product.display_name,
                    available=formatLang(self.env, max(available, 0.0), dp="Product Unit"),
                    location=self.location_id.display_name,
                    quantity=formatLang(self.env, quantity, dp="Product Unit"),
                )
            )

    def _create_scanned_lot(self, parsed):
        # Goods leave a location with the lots they have there: an unknown lot is a wrong label.
        raise UserError(
            self.env._(
                "Lot %(lot)s of %(product)s is not at %(location)s: check the label.",
                lot=parsed["lot_name"],
                product=parsed["product"].display_name,
                location=self.location_id.display_name,
            )
        )

    def _scan_get_message(self, line):
        return self.env._(
            "%(product)s: %(quantity)s picked.",
            product=line.product_id.display_name
            + (f" ({line.lot_id.name})" if line.lot_id else ""),
            quantity=formatLang(self.env, self._scan_get_line_quantity(line), dp="Product Unit"),
        )

    def _scan_get_serial_error(self, lot, product):
        return self.env._(
            "Serial number %(serial)s of %(product)s is already in the transfer.",
            serial=lot.name,
            product=product.display_name,
        )

    def _scan_get_log_values(self, line):
        return {"move_line_id": line.id}

    def _log_scan(self, values):
        return super()._log_scan({**values, "picking_id": self.id})
