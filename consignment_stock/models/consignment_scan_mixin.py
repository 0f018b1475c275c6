from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare
from odoo.tools.misc import formatLang


class ConsignmentScanMixin(models.AbstractModel):
    """Scanning on a consignment document: each scan adds to the quantity of the line of its
    product and lot (made when missing) and is logged, accepted or refused.

    The document needs ``agreement_id``, ``company_id`` and ``line_ids`` (with
    ``product_id`` and ``lot_id``). The ``_scan_*`` hooks say which quantity a scan adds to;
    they default to a count's (``counted_qty``, ``is_counted``, ``_check_lines_editable()``
    and ``_set_counted_quantities(quantities)``, as ``consignment.count`` has)."""

    _name = "consignment.scan.mixin"
    _description = "Consignment Scanning"

    scan_count = fields.Integer(compute="_compute_scan_count", string="Scans")

    def _compute_scan_count(self):
        # Whoever reads the document sees how many scans filled it, even without the log.
        groups = (
            self.env["consignment.scan"]
            .sudo()
            ._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        counts = dict(groups)
        for record in self:
            record.scan_count = counts.get(record.id, 0)

    def action_view_scans(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consignment_stock.consignment_scan_action"
        )
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        return action

    def action_scan(self, barcode, quantity=None):
        """Add one scan of ``barcode`` (``quantity`` when given, else the label's quantity,
        else one) and return what the client shows: ``result`` (``ok``, ``error`` or
        ``ask_quantity`` when the company asks for the quantity on scan), ``message``,
        ``sound``, ``line_id``, ``product``, ``lot`` and ``counted_qty``.

        A refused scan changes no line but is logged like an accepted one."""
        self.ensure_one()
        # Scanning edits the lines: whoever may not edit this count may not scan on it.
        self.check_access("write")
        values = {"barcode": barcode or "", "quantity": 0.0}
        try:
            self._scan_check_editable()
            Engine = self.env["consignment.scan.engine"]
            products = self._get_scan_products()
            parsed = Engine._read(barcode, self.company_id, products)
            # The product is logged even when refused: the log shows what was scanned.
            values.update(product_id=parsed["product"].id, lot_id=parsed["lot"].id)
            Engine._check_accepted(parsed, products)
            quantity = self._get_scan_quantity(parsed, quantity)
            if quantity is None:
                return self._scan_answer("ask_quantity", parsed=parsed)
            # A refused scan leaves nothing behind, not even the lot it would have made.
            with self.env.cr.savepoint():
                line = self._add_scanned_quantity(parsed, quantity)
        except UserError as error:
            values.update(result="error", message=error.args[0])
            self._log_scan(values)
            return self._scan_answer("error", message=error.args[0])
        message = self._scan_get_message(line)
        values.update(
            self._scan_get_log_values(line),
            lot_id=line.lot_id.id,
            quantity=quantity,
            counted_qty=self._scan_get_line_quantity(line),
            result="ok",
            message=message,
        )
        self._log_scan(values)
        return self._scan_answer("ok", message=message, line=line)

    # ------------------------------------------------------------------
    # Hooks: a count's by default
    # ------------------------------------------------------------------
    def _scan_check_editable(self):
        """Raise a UserError unless scans may change the lines now."""
        self._check_lines_editable()

    def _scan_find_line(self, product, lot):
        return self.line_ids.filtered(
            lambda line: line.product_id == product and line.lot_id == lot
        )[:1]

    def _scan_get_line_quantity(self, line):
        """The quantity of ``line`` that scans add to."""
        return line.counted_qty if line.is_counted else 0.0

    def _scan_set_quantity(self, product, lot, quantity):
        """Set the scanned quantity of ``product`` and ``lot``, making the line if missing."""
        self._set_counted_quantities({(product.id, lot.id): quantity})

    def _scan_get_message(self, line):
        return self.env._(
            "%(product)s: %(quantity)s counted.",
            product=line.display_name,
            quantity=formatLang(self.env, self._scan_get_line_quantity(line), dp="Product Unit"),
        )

    def _scan_get_serial_error(self, lot, product):
        return self.env._(
            "Serial number %(serial)s of %(product)s was already counted.",
            serial=lot.name,
            product=product.display_name,
        )

    def _scan_get_log_values(self, line):
        """Values of the scan log naming the line the scan added to."""
        return {"count_line_id": line.id}

    def _get_scan_products(self):
        """The products a scan may count: the agreement's and those the count lists."""
        return self.agreement_id.line_ids.product_id | self.line_ids.product_id

    def _get_scan_quantity(self, parsed, quantity):
        """The quantity to add, or None when it has to be asked first."""
        if quantity is None:
            if parsed["product"].tracking == "serial":
                return 1.0
            if parsed["quantity"]:
                return float(parsed["quantity"])
            if self.company_id.consignment_scan_ask_quantity:
                return None
            return 1.0
        try:
            quantity = float(quantity)
        except (TypeError, ValueError) as error:
            raise UserError(
                self.env._("%(quantity)s is not a quantity.", quantity=quantity)
            ) from error
        if quantity <= 0:
            raise UserError(self.env._("Give a quantity greater than zero."))
        if parsed["product"].tracking == "serial" and quantity != 1:
            raise UserError(
                self.env._(
                    "%(product)s is tracked by serial number: each serial number counts one unit.",
                    product=parsed["product"].display_name,
                )
            )
        return quantity

    def _add_scanned_quantity(self, parsed, quantity):
        product = parsed["product"]
        lot = parsed["lot"]
        if not lot and parsed["lot_name"]:
            lot = self._create_scanned_lot(parsed)
        line = self._scan_find_line(product, lot)
        counted = self._scan_get_line_quantity(line) if line else 0.0
        if product.tracking == "serial" and float_compare(counted, 0.0, precision_digits=3) > 0:
            raise UserError(self._scan_get_serial_error(lot, product))
        self._scan_set_quantity(product, lot, counted + quantity)
        return line or self._scan_find_line(product, lot)

    def _create_scanned_lot(self, parsed):
        """A lot found at the location but never recorded: it enters with the count's surplus,
        as in the count import."""
        values = {
            "product_id": parsed["product"].id,
            "name": parsed["lot_name"],
            "company_id": self.company_id.id,
        }
        if parsed["expiry"] and "expiration_date" in self.env["stock.lot"]._fields:
            values["expiration_date"] = fields.Datetime.to_datetime(parsed["expiry"])
        return self.env["stock.lot"].create(values)

    def _log_scan(self, values):
        # Users read the log but never write it: the log is what the scans did.
        self.env["consignment.scan"].sudo().create(
            {
                **values,
                "user_id": self.env.user.id,
                "date": fields.Datetime.now(),
                "company_id": self.company_id.id,
                "res_model": self._name,
                "res_id": self.id,
            }
        )

    @api.model
    def _scan_answer(self, result, message="", parsed=None, line=None):
        product = line.product_id if line else parsed["product"] if parsed else None
        lot = line.lot_id if line else parsed["lot"] if parsed else None
        return {
            "result": result,
            "message": message,
            "sound": "error" if result == "error" else "ok",
            "line_id": line.id if line else False,
            "product": product.display_name if product else "",
            "lot": (lot.name if lot else "") or (parsed["lot_name"] if parsed else ""),
            "counted_qty": self._scan_get_line_quantity(line) if line else 0.0,
        }
