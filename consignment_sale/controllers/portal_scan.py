from collections import defaultdict

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import float_repr
from odoo.tools.misc import formatLang

from .portal import ConsignmentPortal, portal_error_message

# A portal scan waits on the agreement, the customer's own, until the report it fills is
# submitted; then it moves to the report and its line. Refused and removed scans stay in the
# log too: the report's Scans show everything the customer scanned for it.
PENDING_MODEL = "consignment.agreement"
REPORT_MODEL = "consignment.report"


class ConsignmentScanPortal(ConsignmentPortal):
    """Scanning on the portal report form: each code (the phone's camera or a hand scanner)
    is read on the server for the customer's agreement and listed on the page; submitting
    writes the report from the scans and logs them on its lines."""

    # ------------------------------------------------------------------
    # The scans waiting on the page
    # ------------------------------------------------------------------
    def _consignment_pending_scans(self, agreement, accepted_only=True):
        """The user's scans for ``agreement`` not submitted yet, oldest first, with sudo:
        customers read no scan log."""
        domain = [
            ("res_model", "=", PENDING_MODEL),
            ("res_id", "=", agreement.id),
            ("user_id", "=", request.env.user.id),
        ]
        if accepted_only:
            domain.append(("result", "=", "ok"))
        return (
            request.env["consignment.scan"]
            .sudo()
            .with_context(display_default_code=False)
            .search(domain, order="id")
        )

    def _consignment_scan_field(self, product, lot):
        """The name of the report form's quantity input of ``product`` and ``lot``."""
        return f"qty_{product.id}_{lot.id or 0}"

    def _consignment_scan_totals(self, scans):
        """{(product, lot): quantity} the scans add up to."""
        totals = defaultdict(float)
        for scan in scans:
            totals[scan.product_id, scan.lot_id] += scan.quantity
        return totals

    def _consignment_input_value(self, quantity):
        """``quantity`` as the report form reads it back: a plain number, 2 or 2.5."""
        digits = request.env["decimal.precision"].precision_get("Product Unit")
        text = float_repr(quantity, digits)
        return text.rstrip("0").rstrip(".") if "." in text else text

    def _consignment_scan_row(self, scan):
        """What the page lists of ``scan``: no internal reference of ours."""
        return {
            "id": scan.id,
            "product": scan.product_id.with_context(display_default_code=False).display_name,
            "lot": scan.lot_id.name or "",
            "quantity": formatLang(request.env, scan.quantity, dp="Product Unit"),
            "field": self._consignment_scan_field(scan.product_id, scan.lot_id),
        }

    def _consignment_render_agreement(self, agreement, *args, **kwargs):
        response = super()._consignment_render_agreement(agreement, *args, **kwargs)
        scans = self._consignment_pending_scans(agreement)
        response.qcontext.update(
            {
                "consignment_scans": [self._consignment_scan_row(scan) for scan in scans],
                "consignment_scan_ids": ",".join(str(scan_id) for scan_id in scans.ids),
                "consignment_scan_totals": {
                    self._consignment_scan_field(product, lot): self._consignment_input_value(total)
                    for (product, lot), total in self._consignment_scan_totals(scans).items()
                },
            }
        )
        return response

    # ------------------------------------------------------------------
    # Reading a code
    # ------------------------------------------------------------------
    def _consignment_lot_delivered(self, agreement, lot):
        """Whether ``lot`` ever entered the agreement's location."""
        return bool(
            request.env["stock.move.line"]
            .sudo()
            .search_count(
                [
                    ("lot_id", "=", lot.id),
                    ("state", "=", "done"),
                    ("location_dest_id", "child_of", agreement.location_id.id),
                ],
                limit=1,
            )
        )

    def _consignment_read_scan(self, agreement, barcode, report_type, values):
        """(product, lot, quantity) of one scan for ``agreement``, checked against the goods
        at the customer's site and the scans already listed; fills ``values`` (the log)
        with the product and lot read. Raises a UserError meant for the customer."""
        # Sudo: customers read neither lots nor our product references; the messages name
        # the customer's own goods only, without our internal references.
        Engine = (
            request.env["consignment.scan.engine"].sudo().with_context(display_default_code=False)
        )
        agreement = agreement.with_context(display_default_code=False)
        products = agreement.line_ids.product_id
        parsed = Engine._read(barcode, agreement.company_id, products)
        product, lot = parsed["product"], parsed["lot"]
        values.update(product_id=product.id, lot_id=lot.id)
        if product not in products:
            raise UserError(
                request.env._(
                    "%(code)s is not part of your consignment agreement: put it aside and tell us.",
                    code=Engine._printable(barcode.strip()),
                )
            )
        Engine._check_tracking(parsed)
        if parsed["lot_name"] and not (lot and self._consignment_lot_delivered(agreement, lot)):
            raise UserError(
                request.env._(
                    "Lot %(lot)s of %(product)s was never delivered to your site: check the label.",
                    lot=parsed["lot_name"],
                    product=product.display_name,
                )
            )
        quantity = 1.0 if product.tracking == "serial" else float(parsed["quantity"] or 1.0)
        listed = self._consignment_pending_scans(agreement).filtered(
            lambda scan: scan.product_id == product and scan.lot_id == lot
        )
        if product.tracking == "serial" and listed:
            raise UserError(request.env[REPORT_MODEL]._scan_get_serial_error(lot, product))
        stock = agreement._get_portal_stock()
        available = stock.get((product.id, lot.id or False), (None, None, 0.0))[2]
        error = agreement._get_portal_quantity_error(
            report_type, product, lot, sum(listed.mapped("quantity")) + quantity, available
        )
        if error:
            raise UserError(error)
        return product, lot, quantity

    def _consignment_log_scan(self, agreement, values):
        # The customer never writes the log: the log is what the scans did.
        return (
            request.env["consignment.scan"]
            .sudo()
            .create(
                {
                    **values,
                    "user_id": request.env.user.id,
                    "date": fields.Datetime.now(),
                    "company_id": agreement.company_id.id,
                    "res_model": PENDING_MODEL,
                    "res_id": agreement.id,
                }
            )
        )

    def _consignment_scan_agreement(self, agreement_id):
        try:
            return self._consignment_get_agreement(agreement_id)
        except (AccessError, MissingError) as error:
            # As for the agreement's downloads: another customer's agreement is not found.
            raise request.not_found() from error

    @http.route(
        ["/my/consignment/<int:agreement_id>/scan"],
        type="jsonrpc",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_consignment_scan(self, agreement_id, barcode="", report_type="sold", **kw):
        """Read one code for the agreement's report form. Answers ``result`` (``ok`` or
        ``error``), ``message`` and, accepted, the ``scan`` to list and the quantity
        ``value`` its input shows now."""
        agreement = self._consignment_scan_agreement(agreement_id)
        barcode = barcode if isinstance(barcode, str) else ""
        report_type = report_type if report_type in ("sold", "remaining") else "sold"
        values = {"barcode": barcode, "quantity": 0.0}
        try:
            product, lot, quantity = self._consignment_read_scan(
                agreement, barcode, report_type, values
            )
        except UserError as error:
            message = portal_error_message(request.env, error)
            self._consignment_log_scan(agreement, {**values, "result": "error", "message": message})
            return {"result": "error", "message": message}
        listed = self._consignment_pending_scans(agreement)
        total = self._consignment_scan_totals(listed)[product, lot] + quantity
        label = product.with_context(display_default_code=False).display_name
        message = request.env._(
            "%(product)s: %(quantity)s reported.",
            product=f"{label} ({lot.name})" if lot else label,
            quantity=formatLang(request.env, total, dp="Product Unit"),
        )
        scan = self._consignment_log_scan(
            agreement,
            {
                **values,
                "quantity": quantity,
                "counted_qty": total,
                "result": "ok",
                "message": message,
            },
        )
        return {
            "result": "ok",
            "message": message,
            "scan": self._consignment_scan_row(scan),
            "value": self._consignment_input_value(total),
        }

    @http.route(
        ["/my/consignment/<int:agreement_id>/scan/<int:scan_id>/remove"],
        type="jsonrpc",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_consignment_scan_remove(self, agreement_id, scan_id, **kw):
        """Take one of the user's listed scans off the report form. Answers the ``field``
        and the quantity ``value`` its input shows now (empty without scans left)."""
        agreement = self._consignment_scan_agreement(agreement_id)
        scans = self._consignment_pending_scans(agreement)
        scan = scans.filtered(lambda pending: pending.id == scan_id)
        if not scan:
            raise request.not_found()
        # Kept in the log, refused: the scan no longer counts.
        scan.write(
            {
                "result": "error",
                "message": request.env._("Removed before the report was submitted."),
            }
        )
        key = (scan.product_id, scan.lot_id)
        totals = self._consignment_scan_totals(scans - scan)
        return {
            "field": self._consignment_scan_field(*key),
            "value": self._consignment_input_value(totals[key]) if key in totals else "",
        }

    # ------------------------------------------------------------------
    # Submitting the report
    # ------------------------------------------------------------------
    def _consignment_add_scans(self, quantities, scans, scan_ids):
        """``quantities`` (as the form entered them) with each scanned product and lot at
        its scans' total. Raises a UserError when the page does not show the user's scans
        as they are (another window changed them)."""
        changed = UserError(
            request.env._(
                "Your scans changed in another window: check them below and submit again."
            )
        )
        listed = {part.strip() for part in (scan_ids or "").split(",") if part.strip()}
        if listed != {str(scan_id) for scan_id in scans.ids}:
            raise changed
        quantities = dict(quantities)
        for (product, lot), total in self._consignment_scan_totals(scans).items():
            key = (product.id, lot.id or False)
            # The page shows the scans' total in the input and keeps it from being typed.
            typed = quantities.get(key)
            if typed and product.uom_id.compare(typed, total):
                raise changed
            quantities[key] = total
        return quantities

    def _consignment_attach_scans(self, agreement, report):
        """Move the user's scans for ``agreement`` to ``report``: accepted ones on their
        line, with the line's quantity after each of them."""
        running = defaultdict(float)
        for scan in self._consignment_pending_scans(agreement, accepted_only=False):
            values = {"res_model": REPORT_MODEL, "res_id": report.id}
            if scan.result == "ok":
                line = report.line_ids.filtered(
                    lambda line, scan=scan: (
                        line.product_id == scan.product_id and line.lot_id == scan.lot_id
                    )
                )[:1]
                running[line] += scan.quantity
                values.update(report_line_id=line.id, counted_qty=running[line])
            scan.write(values)

    def _consignment_has_scans(self, agreement, post):
        return bool(
            self._consignment_pending_scans(agreement) or (post.get("scan_ids") or "").strip()
        )

    def _consignment_prepare_report_quantities(self, agreement, quantities, post):
        quantities = super()._consignment_prepare_report_quantities(agreement, quantities, post)
        if not self._consignment_has_scans(agreement, post):
            # Nothing scanned: the report form as it works without scanning.
            return quantities
        scans = self._consignment_pending_scans(agreement)
        return self._consignment_add_scans(quantities, scans, post.get("scan_ids") or "")

    def _consignment_report_submitted(self, agreement, report, post):
        result = super()._consignment_report_submitted(agreement, report, post)
        if self._consignment_has_scans(agreement, post):
            self._consignment_attach_scans(agreement, report)
        return result
