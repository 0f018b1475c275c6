from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .consignment_document_mixin import DOCUMENT_WORKFLOW_FIELDS
from .consignment_tools import activity_values_for


class ConsignmentCount(models.Model):
    """A reconciliation count of the stock at an agreement's consignment location.

    Lines hold, per product and lot, the quantity the system expects on the count date and
    the quantity counted. Validating the count posts the differences as done stock moves
    (marked with the count), so that the consumption ledger and the statements see them.
    """

    _name = "consignment.count"
    _description = "Consignment Count"
    _inherit = [
        "consignment.document.mixin",
        "consignment.scan.mixin",
        "consignment.dispute.source.mixin",
    ]
    _workflow_fields = (*DOCUMENT_WORKFLOW_FIELDS, "review_done")
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=True,
        help="Made of the agreement reference and the count date.",
    )
    agreement_id = fields.Many2one(
        domain="[('state', 'in', ('active', 'terminating'))]",
        help="Agreement whose consignment location is counted.",
    )
    consignment_type = fields.Selection(
        related="agreement_id.consignment_type", store=True, string="Type"
    )
    partner_id = fields.Many2one(related="agreement_id.partner_id", store=True, string="Partner")
    date = fields.Date(
        string="Count Date",
        help="The day the stock was counted: expected quantities are the system's at the end "
        "of that day, and the differences are posted on that day.",
    )
    state = fields.Selection(
        selection=[
            ("draft", "In Progress"),
            ("submitted", "Submitted"),
            ("validated", "Validated"),
            ("cancel", "Cancelled"),
        ],
        help="In Progress: quantities are being counted. Submitted: the counted quantities are "
        "complete and wait for validation. Validated: the differences were posted to stock "
        "and the consumption ledger. Cancelled: not used.",
    )
    line_ids = fields.One2many("consignment.count.line", "count_id", string="Lines", copy=True)
    user_id = fields.Many2one(
        "res.users",
        string="Counted By",
        default=lambda self: self.env.user,
        tracking=True,
        help="Employee responsible for counting the stock.",
    )
    submitted_by_partner = fields.Boolean(
        help="The partner entered the counted quantities (customer portal)."
    )
    submitted_partner_id = fields.Many2one(
        help="Contact of the partner who entered and submitted the count on the portal."
    )
    submitted_date = fields.Datetime(help="When the counted quantities were submitted.")
    validated_by_id = fields.Many2one(
        help="User who validated the count and so posted its differences."
    )
    validated_date = fields.Datetime(help="When the count was validated.")
    move_ids = fields.One2many(
        "stock.move",
        "consignment_count_id",
        string="Variance Moves",
        readonly=True,
        help="Stock moves that posted the differences between counted and expected quantities.",
    )
    needs_review = fields.Boolean(
        compute="_compute_needs_review",
        store=True,
        help="Customer consignment: more goods were found than expected. The surplus was "
        "added back to stock; check where it came from.",
    )
    review_done = fields.Boolean(
        copy=False,
        tracking=True,
        help="Someone checked where the surplus found by this count came from.",
    )
    variance_line_count = fields.Integer(
        compute="_compute_line_stats",
        help="Number of lines where the counted quantity differs from the expected one.",
    )
    uncounted_line_count = fields.Integer(
        compute="_compute_line_stats", help="Number of lines not counted yet."
    )
    note = fields.Html(help="Remarks on the count, for example on the differences found.")

    # Money and stock move once per count: two live counts of the same agreement and day
    # would post the same difference twice.
    _unique_agreement_date = models.UniqueIndex(
        "(agreement_id, date) WHERE state != 'cancel'",
        "This agreement already has a count on this date. Open it (recount it if needed) "
        "instead of creating another one.",
    )

    @api.depends("agreement_id.name", "date")
    def _compute_name(self):
        for count in self:
            count.name = self.env._(
                "Count %(agreement)s %(date)s",
                agreement=count.agreement_id.name or "",
                date=fields.Date.to_string(count.date) if count.date else "",
            )

    @api.depends("consignment_type", "state", "line_ids.variance_qty")
    def _compute_needs_review(self):
        for count in self:
            count.needs_review = (
                count.state == "validated"
                and count.consignment_type == "customer"
                and any(line.variance_qty > 0 for line in count.line_ids)
            )

    @api.depends("line_ids.variance_qty", "line_ids.is_counted")
    def _compute_line_stats(self):
        for count in self:
            count.variance_line_count = len(count.line_ids.filtered("variance_qty"))
            count.uncounted_line_count = len(
                count.line_ids.filtered(lambda line: not line.is_counted)
            )

    @api.model_create_multi
    def create(self, vals_list):
        # A count cancelled in this transaction frees its day only once written.
        self.flush_model(["state"])
        counts = super().create(vals_list)
        counts.filtered(lambda count: not count.line_ids)._fill_lines()
        return counts

    def write(self, vals):
        if {"agreement_id", "date"} & set(vals) and any(
            count.state == "validated" for count in self
        ):
            raise UserError(
                self.env._("A validated count cannot be moved to another agreement or date.")
            )
        return super().write(vals)

    @api.constrains("date")
    def _check_date_not_future(self):
        for count in self:
            today = fields.Date.context_today(count)
            if count.date > today:
                raise ValidationError(
                    self.env._(
                        "The count date %(date)s is in the future: a count records what was "
                        "found on a day that has come. Choose today (%(today)s) or an earlier "
                        "day.",
                        date=count.date,
                        today=today,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        if any(count.state == "validated" for count in self):
            raise UserError(
                self.env._("A validated count has posted stock moves: it cannot be deleted.")
            )

    # ------------------------------------------------------------------
    # Expected quantities
    # ------------------------------------------------------------------
    def _get_expected_quantities(self):
        """{(product id, lot id or False): quantity in the product's unit} at the agreement's
        location at the end of the count date, from the done stock move lines."""
        self.ensure_one()
        location = self.agreement_id.location_id
        if not location:
            return {}
        MoveLine = self.env["stock.move.line"].sudo()
        inside = Domain("location_id", "child_of", location.id)
        inside_dest = Domain("location_dest_id", "child_of", location.id)
        base = Domain("state", "=", "done")
        cutoff = self._get_cutoff()
        if cutoff:
            base &= Domain("date", "<", cutoff)
        result = {}
        for sign, domain in (
            (1, base & inside_dest & ~inside),
            (-1, base & inside & ~inside_dest),
        ):
            for product, lot, quantity in MoveLine._read_group(
                domain, ["product_id", "lot_id"], ["quantity_product_uom:sum"]
            ):
                key = (product.id, lot.id)
                result[key] = result.get(key, 0.0) + sign * quantity
        return result

    def _fill_lines(self):
        """Add a line for every product (and lot) expected at the location; refresh the
        expected quantity of existing lines."""
        Product = self.env["product.product"]
        for count in self:
            expected = count._get_expected_quantities()
            existing = {(line.product_id.id, line.lot_id.id): line for line in count.line_ids}
            new_lines = []
            for (product_id, lot_id), quantity in expected.items():
                line = existing.pop((product_id, lot_id), None)
                if line:
                    line.sudo().expected_qty = quantity
                    continue
                product = Product.browse(product_id)
                if product.uom_id.is_zero(quantity):
                    continue
                new_lines.append(
                    {
                        "count_id": count.id,
                        "product_id": product_id,
                        "lot_id": lot_id,
                        "expected_qty": quantity,
                    }
                )
            for line in existing.values():
                line.sudo().expected_qty = 0.0
            if new_lines:
                self.env["consignment.count.line"].sudo().create(new_lines)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_open(self):
        for count in self:
            if count.state not in ("draft", "submitted"):
                raise UserError(
                    self.env._(
                        "%(count)s is %(state)s: only a count in progress or submitted can be "
                        "changed or validated.",
                        count=count.name,
                        state=count._get_state_label(),
                    )
                )

    def _check_can_reset(self):
        for count in self:
            if count.state != "cancel":
                raise UserError(self.env._("Only a cancelled count can be reset."))

    def _get_validate_role(self):
        return "validate_count"

    def _get_portal_only_error(self):
        return self.env._("Only the customer portal can submit a count for a customer.")

    def _get_submission_summary(self):
        if self.submitted_by_partner:
            return self.env._("Validate the count submitted by the customer")
        return self.env._("Validate the count")

    def _get_count_validators(self):
        """Who is asked to validate the submitted count: the agreement's responsible when
        allowed to, otherwise the consignment managers of the count's company."""
        self.ensure_one()
        Role = self.env["consignment.role"]
        kind = self.agreement_id.consignment_type
        responsible = self.agreement_id.user_id
        if responsible and Role._is_allowed("validate_count", kind, user=responsible):
            return responsible
        managers = self.env.ref("consignment_stock.group_consignment_manager").sudo().all_user_ids
        return managers.filtered(
            lambda user: (
                not user.share
                and not user._is_superuser()
                and self.company_id in user.company_ids
                and Role._is_allowed("validate_count", kind, user=user)
            )
        )

    def _schedule_submission_activity(self):
        model_id = self.env["ir.model"]._get_id(self._name)
        todo = self.env.ref("mail.mail_activity_data_todo")
        today = fields.Date.context_today(self)
        self.env["mail.activity"].sudo().create(
            [
                activity_values_for(
                    model_id, count.id, todo, count._get_submission_summary(), False, user, today
                )
                for count in self
                for user in count._get_count_validators()
            ]
        )

    def action_submit(self, partner=None):
        result = super().action_submit(partner=partner)
        if not partner:
            # The portal's submission has scheduled its own activity.
            self._schedule_submission_activity()
        return result

    def _check_lines_editable(self):
        """Counted quantities are final once submitted: whoever validates checks what was
        submitted. Recount to change them."""
        for count in self:
            if count.state == "submitted":
                raise UserError(
                    self.env._(
                        "%(count)s is submitted: its lines are locked. Validate it, or click "
                        "Recount to count again.",
                        count=count.name,
                    )
                )
        self._check_open()

    def _get_validated_feedback(self):
        return self.env._("Count validated.")

    def action_recount(self):
        """Start the count again: refresh the expected quantities, forget the counted ones."""
        self.check_access("write")
        self._check_open()
        # Back in progress first: the lines of a submitted count are locked.
        self._write_workflow(
            {
                "state": "draft",
                "submitted_by_partner": False,
                "submitted_partner_id": False,
                "submitted_date": False,
            }
        )
        self.line_ids.write({"counted_qty": 0.0, "is_counted": False, "reason": False})
        # Lines the counter added by hand and the system does not expect go away.
        self.line_ids.filtered(lambda line: not line.expected_qty).unlink()
        self._fill_lines()
        self.line_ids.filtered(lambda line: not line.expected_qty and not line.is_counted).unlink()
        return True

    def action_refresh_expected(self):
        self.check_access("write")
        self._check_open()
        self._fill_lines()
        return True

    def action_set_expected_as_counted(self):
        """Lines not counted yet take the expected quantity: for counts that only list the
        differences found."""
        self.check_access("write")
        self._check_lines_editable()
        for line in self.line_ids.filtered(lambda line: not line.is_counted):
            line.write({"counted_qty": line.expected_qty, "is_counted": True})
        return True

    @api.model
    def _portal_submit(self, count, quantities, partner):
        """Record quantities counted by ``partner`` and submit ``count``.

        ``quantities``: {(product id, lot id or False): counted quantity}. Products not on the
        count get a new line (expected 0). Call it with sudo after checking that ``partner``
        may count for the agreement; nothing is written if a quantity is wrong."""
        count.ensure_one()
        count._check_open()
        count._set_counted_quantities(quantities)
        count.action_submit(partner=partner)
        return count

    def _set_counted_quantities(self, quantities):
        """Write {(product id, lot id or False): quantity} as counted, adding lines for
        products or lots the count does not list. Validates everything before writing."""
        self.ensure_one()
        for (product_id, _lot_id), quantity in quantities.items():
            if quantity is None or quantity < 0:
                raise UserError(
                    self.env._(
                        "The counted quantity of %(product)s must be zero or more.",
                        product=self.env["product.product"].browse(product_id).display_name,
                    )
                )
        by_key = {(line.product_id.id, line.lot_id.id): line for line in self.line_ids}
        new_lines = []
        for (product_id, lot_id), quantity in quantities.items():
            line = by_key.get((product_id, lot_id or False))
            if line:
                line.write({"counted_qty": quantity, "is_counted": True})
            else:
                new_lines.append(
                    {
                        "count_id": self.id,
                        "product_id": product_id,
                        "lot_id": lot_id or False,
                        "expected_qty": 0.0,
                        "counted_qty": quantity,
                        "is_counted": True,
                    }
                )
        if new_lines:
            self.env["consignment.count.line"].create(new_lines)

    def action_mark_reviewed(self):
        self.env["consignment.role"]._check("mark_reviewed", self.agreement_id)
        for count in self:
            if not count.needs_review:
                raise UserError(
                    self.env._(
                        "%(count)s has no surplus to review: only a validated customer count "
                        "that found more than expected is reviewed.",
                        count=count.name,
                    )
                )
        self._write_workflow({"review_done": True})
        self.activity_ids.filtered(
            lambda activity: (
                activity.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
            )
        ).action_feedback(feedback=self.env._("Surplus reviewed."))
        return True

    def _post_document(self):
        """Post the variances as done stock moves between the consignment location and the
        company's inventory adjustment location (or the customer, for goods a consignment
        customer is missing: it pays for them)."""
        self.ensure_one()
        self._check_lines_complete()
        move_values = self._prepare_variance_moves()
        if not move_values:
            return {}
        moves = self.env["stock.move"].sudo().create(move_values)
        moves._action_done()
        not_done = moves.filtered(lambda move: move.state != "done")
        if not_done:
            raise UserError(
                self.env._(
                    "The differences of %(products)s could not be posted. Check their units "
                    "and lots.",
                    products=", ".join(not_done.product_id.mapped("display_name")),
                )
            )
        self._redate_moves(moves)
        return {}

    def _after_validation(self):
        self.filtered("needs_review")._schedule_review()
        for count in self:
            self.env["consignment.count.scheduler"]._close_count_due_activities(
                count.agreement_id, count
            )

    def _check_lines_complete(self):
        self.ensure_one()
        if self.agreement_id.state not in ("active", "terminating"):
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s is not running: its counts cannot be validated.",
                    agreement=self.agreement_id.name,
                )
            )
        uncounted = self.line_ids.filtered(lambda line: not line.is_counted)
        if uncounted:
            raise UserError(
                self.env._(
                    "%(count)s has lines not counted yet: %(products)s. Enter their counted "
                    'quantity (zero if nothing was found), or use "Expected as Counted".',
                    count=self.name,
                    products=", ".join(uncounted.mapped("display_name")[:10]),
                )
            )
        no_reason = self.line_ids.filtered(
            lambda line: not line.product_id.uom_id.is_zero(line.variance_qty) and not line.reason
        )
        if no_reason:
            raise UserError(
                self.env._(
                    "Give a reason for each difference before validating: %(products)s.",
                    products=", ".join(no_reason.mapped("display_name")[:10]),
                )
            )
        keys = [(line.product_id, line.lot_id) for line in self.line_ids]
        if len(keys) != len(set(keys)):
            raise UserError(
                self.env._("A product and lot may appear only once in a count; merge the lines.")
            )
        for line in self.line_ids:
            tracking = line.product_id.tracking
            if tracking != "none" and not line.lot_id and line.variance_qty > 0:
                raise UserError(
                    self.env._(
                        "%(product)s is tracked by lots: give the lot of the goods found.",
                        product=line.product_id.display_name,
                    )
                )
            if tracking == "serial" and line.lot_id and line.counted_qty not in (0.0, 1.0):
                raise UserError(
                    self.env._(
                        "%(product)s %(lot)s is a serial number: count it as 0 or 1.",
                        product=line.product_id.display_name,
                        lot=line.lot_id.name,
                    )
                )

    def _get_variance_locations(self, line):
        """(source, destination) of the move posting ``line``'s variance."""
        self.ensure_one()
        location = self.agreement_id.location_id
        product = line.product_id.with_company(self.company_id)
        adjustment = product.property_stock_inventory
        if not adjustment:
            raise UserError(
                self.env._(
                    "%(product)s has no inventory adjustment location in %(company)s.",
                    product=product.display_name,
                    company=self.company_id.name,
                )
            )
        if line.variance_qty > 0:
            return adjustment, location
        if self.consignment_type == "customer":
            # The customer pays for what it cannot show: the goods went to the customer, and
            # the ledger books them as its consumption whoever bears damage.
            customer = self.agreement_id.partner_id.with_company(
                self.company_id
            ).property_stock_customer
            return location, customer
        # Vendor goods missing: a consumption we pay for when we bear the loss
        # (damage_bearer 'holder'), otherwise a loss of the vendor. The ledger capture decides
        # from the inventory location's usage and the agreement.
        return location, adjustment

    def _prepare_variance_moves(self):
        """Stock move values of the count's differences, built by Odoo's own inventory
        adjustment (``stock.quant._get_inventory_move_values``) on an unsaved quant of the
        line's product, lot and owner, so that they are moves of an inventory adjustment."""
        self.ensure_one()
        values = []
        owner = (
            self.agreement_id.partner_id.commercial_partner_id
            if self.consignment_type == "vendor"
            else self.env["res.partner"]
        )
        Quant = self.env["stock.quant"].sudo().with_context(inventory_name=self.name)
        for line in self.line_ids:
            uom = line.product_id.uom_id
            if uom.is_zero(line.variance_qty):
                continue
            source, destination = self._get_variance_locations(line)
            quant = Quant.new(
                {
                    "product_id": line.product_id.id,
                    "lot_id": line.lot_id.id,
                    "owner_id": owner.id,
                    "location_id": self.agreement_id.location_id.id,
                    "company_id": self.company_id.id,
                }
            )
            move_values = quant._get_inventory_move_values(
                abs(line.variance_qty), source, destination
            )
            move_values.update({"origin": self.name, "consignment_count_id": self.id})
            values.append(move_values)
        return values

    def _schedule_review(self):
        for count in self:
            if count.review_done:
                continue
            count.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Review the surplus found by the count"),
                note=self.env._(
                    "The customer holds more goods than expected. The surplus was added back to "
                    "the consignment stock: find where it came from."
                ),
                user_id=(count.agreement_id.user_id or self.env.user).id,
            )

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.stock_move_action")
        action["domain"] = [("consignment_count_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_import(self):
        self.ensure_one()
        self._check_open()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Counted Quantities"),
            "res_model": "consignment.count.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_count_id": self.id},
        }
