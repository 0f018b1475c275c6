from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools.misc import formatLang

from odoo.addons.consignment_stock.models.consignment_document_mixin import (
    DOCUMENT_WORKFLOW_FIELDS,
)


class ConsignmentReport(models.Model):
    """What a consignment customer sold or used since its last report.

    Entered by our user, or submitted by the customer in the portal and validated by our
    user. The customer reports either the quantities sold, or the quantities that remain
    (then the consumption is what the location holds minus what remains). Validating moves
    the consumed goods from the consignment location to the customer: the consumption ledger
    records them, and the periodic invoice charges them.
    """

    _name = "consignment.report"
    _description = "Consignment Consumption Report"
    _inherit = [
        "consignment.document.mixin",
        "consignment.reference.mixin",
        "portal.mixin",
        "consignment.dispute.source.mixin",
        "consignment.scan.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    # What was posted is a fact the validation records.
    _workflow_fields = (*DOCUMENT_WORKFLOW_FIELDS, "picking_id")
    # What a posted report consumed: fixed once its goods have moved.
    _locked_when_posted = ("agreement_id", "date", "report_type", "line_ids")
    _sequence_code = "consignment.report"

    name = fields.Char(
        index="trigram", help="Number of the report, given automatically when it is saved."
    )
    agreement_id = fields.Many2one(
        domain="[('consignment_type', '=', 'customer'), ('state', 'in', ('active', 'terminating'))]",
        help="Customer consignment agreement whose goods the customer reports on.",
    )
    partner_id = fields.Many2one(
        related="agreement_id.partner_id", store=True, index=True, string="Customer"
    )
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    date = fields.Date(
        string="Consumption Date",
        help="The day up to which the quantities were sold or used. A past day books the "
        "consumption on that day, in its billing period.",
    )
    report_type = fields.Selection(
        [("sold", "Sold or used quantities"), ("remaining", "Remaining quantities")],
        string="Reported As",
        required=True,
        default="sold",
        help="Sold or used: the customer gives what left its stock. Remaining: the customer "
        "gives what is still there, and the consumption is what we expect there minus that.",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("validated", "Validated"),
            ("cancel", "Cancelled"),
        ],
        help="Draft: being entered. Submitted: complete (entered by us or by the customer in "
        "the portal) and waiting for validation. Validated: the consumed goods left the "
        "consignment location and wait for the next invoice. Cancelled: not used.",
    )
    line_ids = fields.One2many("consignment.report.line", "report_id", string="Lines", copy=True)
    submitted_by_partner = fields.Boolean(help="The customer submitted the report in the portal.")
    submitted_partner_id = fields.Many2one(
        help="Contact of the customer who submitted the report in the portal."
    )
    submitted_date = fields.Datetime(help="When the report was submitted.")
    validated_by_id = fields.Many2one(
        help="User who validated the report and so recorded the consumption."
    )
    validated_date = fields.Datetime(help="When the report was validated.")
    picking_id = fields.Many2one(
        "stock.picking",
        string="Consumption Transfer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Transfer that moved the consumed goods from the consignment location to the "
        "customer when the report was validated.",
    )
    consumption_ids = fields.Many2many(
        "consignment.consumption",
        compute="_compute_consumption_ids",
        help="Consumption ledger records written by this report, to be invoiced.",
    )
    amount_total = fields.Monetary(
        compute="_compute_amount_total",
        currency_field="currency_id",
        string="Value",
        help="Value of the reported consumption at the agreement prices.",
    )
    note = fields.Text(help="Remarks on the report, for example from the customer.")

    def write(self, vals):
        if not self.env.su and set(self._locked_when_posted) & set(vals):
            self._check_open()
        return super().write(vals)

    @api.constrains("agreement_id")
    def _check_customer_agreement(self):
        for report in self:
            if report.agreement_id.consignment_type != "customer":
                raise ValidationError(
                    self.env._(
                        "%(agreement)s is not a customer consignment agreement: consumption "
                        "reports record what a customer sold from our goods at its site. Choose "
                        "a customer agreement.",
                        agreement=report.agreement_id.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        if any(report.state == "validated" or report.picking_id for report in self):
            raise UserError(
                self.env._("A validated consumption report has moved goods: it cannot be deleted.")
            )

    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for report in self:
            report.amount_total = sum(report.line_ids.mapped("amount"))

    def _compute_consumption_ids(self):
        Consumption = self.env["consignment.consumption"]
        for report in self:
            if report.picking_id:
                report.consumption_ids = Consumption.search(
                    [("move_line_id", "in", report.picking_id.move_ids.move_line_ids.ids)]
                )
            else:
                report.consumption_ids = Consumption

    # ------------------------------------------------------------------
    # Stock at the location
    # ------------------------------------------------------------------
    def _get_stock_quants(self, products=None):
        """Quants at the agreement's location, oldest first."""
        self.ensure_one()
        location = self.agreement_id.location_id
        if not location:
            return self.env["stock.quant"]
        domain = Domain("location_id", "child_of", location.id) & Domain("quantity", ">", 0)
        if products is not None:
            domain &= Domain("product_id", "in", products.ids)
        return self.env["stock.quant"].sudo().search(domain, order="in_date, id")

    def _get_stock_quantities(self):
        """{(product, lot): quantity} at the agreement's location, in the product's unit."""
        quantities = defaultdict(float)
        for quant in self._get_stock_quants():
            quantities[quant.product_id, quant.lot_id] += quant.quantity
        return quantities

    def action_load_stock(self):
        """Add a line for every product and lot at the location (remaining quantities
        reports start from what we expect there)."""
        self.check_access("write")
        self._check_open()
        for report in self:
            existing = {(line.product_id, line.lot_id) for line in report.line_ids}
            commands = [
                Command.create(
                    {
                        "product_id": product.id,
                        "lot_id": lot.id,
                        "remaining_qty": quantity if report.report_type == "remaining" else 0.0,
                        "quantity": 0.0,
                    }
                )
                for (product, lot), quantity in sorted(
                    report._get_stock_quantities().items(),
                    key=lambda item: (item[0][0].display_name, item[0][1].name or ""),
                )
                if (product, lot) not in existing
            ]
            if commands:
                report.line_ids = commands
        return True

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _check_open(self):
        """Refuse changes to a report not open, or already posted (whatever its state)."""
        for report in self:
            if report.picking_id:
                raise UserError(
                    self.env._(
                        "%(report)s has posted its consumption (transfer %(picking)s): it can "
                        "no longer be changed, cancelled or validated again. To take goods "
                        "back, use Return on the consumption transfer.",
                        report=report.name,
                        picking=report.picking_id.sudo().name,
                    )
                )
            if report.state not in ("draft", "submitted"):
                raise UserError(
                    self.env._(
                        "%(report)s is %(state)s: only a draft or submitted report can be "
                        "changed or validated.",
                        report=report.name,
                        state=report._get_state_label(),
                    )
                )

    def _check_can_reset(self):
        for report in self:
            if report.state != "cancel" or report.picking_id:
                raise UserError(
                    self.env._(
                        "%(report)s is not cancelled: only a cancelled report can be reset to "
                        "draft. A validated report has moved its goods; use Return on its "
                        "consumption transfer to take them back.",
                        report=report.name,
                    )
                )

    def _get_validate_role(self):
        return "validate_report"

    def _get_portal_only_error(self):
        return self.env._("Only the customer portal records reports as submitted by a customer.")

    def _get_submission_summary(self):
        return self.env._("Validate the consumption reported by the customer")

    def _get_validated_feedback(self):
        return self.env._("Consumption validated.")

    def _post_document(self):
        """Move the consumed goods from the consignment location to the customer; the
        consumption ledger records them."""
        self.ensure_one()
        # Checked: salespeople post the stock moves and read the lots they need.
        report = self.sudo()
        picking = report._post_consumption(report._plan_consumption())
        return {"picking_id": picking.id}

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------
    def _get_consumed_quantities(self, stock):
        """[(product, lot, quantity)] consumed, in the product's unit; lines of zero dropped."""
        self.ensure_one()
        result = []
        for line in self.line_ids:
            quantity = line._get_consumed_quantity(stock)
            if not line.product_id.uom_id.is_zero(quantity):
                result.append((line.product_id, line.lot_id, quantity))
        return result

    def _plan_consumption(self):
        """Check the report against the stock at the location and plan the move lines.

        :returns: [(product, sale order line, [(quant, quantity)])]
        :raises UserError: listing every product reported beyond the stock at the location
        """
        self.ensure_one()
        agreement = self.agreement_id
        self._check_customer_agreement()
        if agreement.state not in ("active", "terminating") or not agreement.location_id:
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s is not running: its consumption reports cannot be "
                    "validated.",
                    agreement=agreement.name,
                )
            )
        self.line_ids._check_lines()
        stock = self._get_stock_quantities()
        consumed = self._get_consumed_quantities(stock)
        if not consumed:
            raise UserError(
                self.env._(
                    "%(report)s reports no consumption. Enter the quantities sold or used, or "
                    "cancel the report.",
                    report=self.name,
                )
            )
        return self._split_by_sale_line(self._take_from_quants(consumed, stock))

    def _take_from_quants(self, consumed, stock):
        """{product: [(quant, quantity)]} taken for ``consumed`` from the quants at the
        location; raises a UserError listing every product reported beyond them."""
        products = self.env["product.product"].union(*[product for product, _lot, _qty in consumed])
        pools = defaultdict(list)
        for quant in self._get_stock_quants(products):
            pools[quant.product_id].append([quant, quant.quantity])
        # Lines naming a lot take their lot first; lines without a lot take the oldest goods.
        consumed.sort(key=lambda item: (item[0].id, not item[1]))
        taken = defaultdict(list)
        errors = []
        for product, lot, quantity in consumed:
            uom = product.uom_id
            remaining = quantity
            for entry in pools[product]:
                if uom.is_zero(remaining):
                    break
                if lot and entry[0].lot_id != lot:
                    continue
                used = min(entry[1], remaining)
                if uom.compare(used, 0.0) <= 0:
                    continue
                taken[product].append((entry[0], used))
                entry[1] -= used
                remaining -= used
            if not uom.is_zero(remaining):
                errors.append(self._describe_shortage(product, lot, consumed, stock))
        if errors:
            raise UserError(
                self.env._(
                    "%(report)s reports more than %(location)s holds; nothing was posted. Correct "
                    "the quantities:\n%(errors)s",
                    report=self.name,
                    location=self.location_id.display_name,
                    errors="\n".join(errors),
                )
            )
        return taken

    def _describe_shortage(self, product, lot, consumed, stock):
        uom = product.uom_id
        available = sum(
            qty
            for (stock_product, stock_lot), qty in stock.items()
            if stock_product == product and (not lot or stock_lot == lot)
        )
        reported = sum(
            qty
            for other, other_lot, qty in consumed
            if other == product and (not lot or other_lot == lot)
        )
        return self.env._(
            "%(product)s%(lot)s: %(reported)s %(unit)s reported, %(available)s "
            "%(unit)s at the location",
            product=product.display_name,
            lot=f" ({lot.name})" if lot else "",
            reported=uom.round(reported),
            available=uom.round(available),
            unit=uom.name,
        )

    def _split_by_sale_line(self, taken):
        """[(product, sale order line, [(quant, quantity)])]: the goods ``taken`` cut along
        the order lines that filled up the location."""
        agreement = self.agreement_id
        sale_pools = agreement._get_consignment_sale_line_pool(
            self.env["product.product"].union(*taken)
        )
        plan = []
        for product, pieces in taken.items():
            total = sum(quantity for _quant, quantity in pieces)
            chunks = agreement._take_from_sale_line_pool(sale_pools[product], total, product.uom_id)
            pieces = list(pieces)
            for sale_line, chunk_qty in chunks:
                move_pieces = []
                left = chunk_qty
                while pieces and not product.uom_id.is_zero(left):
                    quant, quantity = pieces[0]
                    used = min(quantity, left)
                    move_pieces.append((quant, used))
                    left -= used
                    if product.uom_id.is_zero(quantity - used):
                        pieces.pop(0)
                    else:
                        pieces[0] = (quant, quantity - used)
                plan.append((product, sale_line, move_pieces))
        return plan

    def _prepare_consumption_move(self, product, sale_line, pieces, destination):
        """Values of the move of ``product`` for ``sale_line``: one move line per
        (quant, quantity) of ``pieces``."""
        partner = self.agreement_id.partner_id
        return {
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": sum(qty for _quant, qty in pieces),
            "location_id": self.agreement_id.location_id.id,
            "location_dest_id": destination.id,
            "location_final_id": destination.id,
            "company_id": self.company_id.id,
            "sale_line_id": sale_line.id,
            "partner_id": partner.id,
            "origin": self.name,
            "picked": True,
            "move_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_id": product.uom_id.id,
                        "quantity": qty,
                        "location_id": quant.location_id.id,
                        "location_dest_id": destination.id,
                        "lot_id": quant.lot_id.id,
                        "package_id": quant.package_id.id,
                        "company_id": self.company_id.id,
                        "picked": True,
                    }
                )
                for quant, qty in pieces
            ],
        }

    def _post_consumption(self, plan):
        """One done transfer from the consignment location to the customer, one move per
        product and order line, one move line per lot and sub-location."""
        self.ensure_one()
        agreement = self.agreement_id
        location = agreement.location_id
        partner = agreement.partner_id
        destination = partner.with_company(self.company_id).property_stock_customer
        warehouse = agreement.warehouse_id or location.warehouse_id
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "location_id": location.id,
                    "location_dest_id": destination.id,
                    "partner_id": partner.id,
                    "origin": self.name,
                    "company_id": self.company_id.id,
                    "move_ids": [
                        Command.create(
                            self._prepare_consumption_move(product, sale_line, pieces, destination)
                        )
                        for product, sale_line, pieces in plan
                    ],
                }
            )
        )
        picking.move_ids.write({"state": "confirmed"})
        picking._action_done()
        not_done = picking.move_ids.filtered(lambda move: move.state != "done")
        if not_done or picking.state != "done":
            raise UserError(
                self.env._(
                    "The consumption of %(products)s could not be posted. Check the units and "
                    "lots.",
                    products=", ".join(not_done.product_id.mapped("display_name")),
                )
            )
        posting = self._redate_moves(picking.move_ids)
        if posting:
            picking.write({"date_done": posting})
        return picking.sudo(False)

    def action_view_picking(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": self.picking_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # Scanning: each scan adds to the sold, or for a remaining-quantities report the
    # remaining, quantity of its product and lot
    # ------------------------------------------------------------------
    def action_scan(self, barcode, quantity=None):
        self.ensure_one()
        self.check_access("write")
        # Checked: salespeople read the lots of the goods they report on through the report
        # only. The scan stays the user's (the log records who scanned).
        return super(ConsignmentReport, self.sudo()).action_scan(barcode, quantity=quantity)

    def _scan_check_editable(self):
        self._check_open()
        for report in self:
            if report.state != "draft":
                raise UserError(
                    self.env._(
                        "%(report)s is %(state)s: scan while the report is a draft.",
                        report=report.name,
                        state=report._get_state_label(),
                    )
                )

    def _scan_get_field(self):
        return "quantity" if self.report_type == "sold" else "remaining_qty"

    def _scan_get_line_quantity(self, line):
        return line[self._scan_get_field()]

    def _scan_set_quantity(self, product, lot, quantity):
        line = self._scan_find_line(product, lot)
        if line:
            line.write({self._scan_get_field(): quantity})
        else:
            self.env["consignment.report.line"].create(
                {
                    "report_id": self.id,
                    "product_id": product.id,
                    "lot_id": lot.id,
                    self._scan_get_field(): quantity,
                }
            )

    def _scan_get_message(self, line):
        return self.env._(
            "%(product)s: %(quantity)s reported.",
            product=line.product_id.display_name
            + (f" ({line.lot_id.name})" if line.lot_id else ""),
            quantity=formatLang(self.env, self._scan_get_line_quantity(line), dp="Product Unit"),
        )

    def _scan_get_serial_error(self, lot, product):
        return self.env._(
            "Serial number %(serial)s of %(product)s is already on the report.",
            serial=lot.name,
            product=product.display_name,
        )

    def _scan_get_log_values(self, line):
        return {"report_line_id": line.id}

    def _create_scanned_lot(self, parsed):
        # A customer consumes only lots we delivered: an unknown lot is a wrong label.
        raise UserError(
            self.env._(
                "Lot %(lot)s of %(product)s was never delivered to the customer: check the label.",
                lot=parsed["lot_name"],
                product=parsed["product"].display_name,
            )
        )

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    def _compute_access_url(self):
        for report in self:
            report.access_url = f"/my/consignment/report/{report.id}"

    @api.model
    def _portal_submit(self, agreement, report_type, quantities, partner, date=None):
        """Create and submit the report ``partner`` entered in the portal.

        ``quantities``: {(product id, lot id or False): quantity}, sold or remaining after
        ``report_type``. Call it with sudo after checking that ``partner`` may report for the
        agreement. Everything is checked against the goods at the customer's site before
        anything is written, with messages meant for the customer."""
        if report_type not in ("sold", "remaining"):
            raise UserError(self.env._("Choose whether you report sold or remaining quantities."))
        if agreement.consignment_type != "customer" or agreement.state not in (
            "active",
            "terminating",
        ):
            raise UserError(self.env._("This consignment no longer takes reports."))
        field = "quantity" if report_type == "sold" else "remaining_qty"
        report = self.create(
            {
                "agreement_id": agreement.id,
                "report_type": report_type,
                "date": date or fields.Date.context_today(self),
                "line_ids": [
                    Command.create({"product_id": product.id, "lot_id": lot.id, field: quantity})
                    for product, lot, quantity in agreement._check_portal_quantities(
                        report_type, quantities
                    )
                ],
            }
        )
        try:
            report._plan_consumption()
        except UserError as error:
            # Checked above: only goods moved meanwhile get here, and the planning's message
            # names our locations.
            raise UserError(
                self.env._(
                    "The goods at your site changed while you entered your report. Reload the "
                    "page and enter it again."
                )
            ) from error
        report.action_submit(partner=partner)
        return report
