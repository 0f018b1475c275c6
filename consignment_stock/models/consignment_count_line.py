from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

COUNT_REASONS = [
    ("damage", "Damage"),
    ("theft", "Theft"),
    ("unrecorded_use", "Unrecorded use"),
    ("counting_error", "Counting error"),
    ("unrecorded_receipt", "Unrecorded receipt"),
]


class ConsignmentCountLine(models.Model):
    _name = "consignment.count.line"
    _description = "Consignment Count Line"
    _inherit = ["consignment.workflow.mixin", "consignment.number.mixin"]
    _number_minimums = {"counted_qty": (0, False)}
    # What the system expects is computed, never typed: a lower expectation would hide a loss.
    _workflow_fields = ("expected_qty",)
    _order = "count_id, product_id, lot_id, id"
    _check_company_auto = True

    count_id = fields.Many2one("consignment.count", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        related="count_id.company_id", store=True, index=True, precompute=True
    )
    state = fields.Selection(related="count_id.state", string="Count Status")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_storable', '=', True)]",
        help="Product counted at the consignment location.",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    tracking = fields.Selection(related="product_id.tracking")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        index="btree_not_null",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
        help="Lot or serial number counted, for products tracked by lot or serial number.",
    )
    expected_qty = fields.Float(
        digits="Product Unit",
        readonly=True,
        help="Quantity the system holds at the consignment location at the end of the count "
        "date, in the product's unit.",
    )
    counted_qty = fields.Float(digits="Product Unit", help="Quantity found, in the product's unit.")
    is_counted = fields.Boolean(
        string="Counted",
        help="Set once a counted quantity was entered, so that a line not counted yet is not "
        "taken for zero.",
    )
    variance_qty = fields.Float(
        compute="_compute_variance_qty",
        store=True,
        digits="Product Unit",
        string="Variance",
        help="Counted minus expected: negative when goods are missing.",
    )
    reason = fields.Selection(
        COUNT_REASONS, help="Why the counted quantity differs from the expected one."
    )
    note = fields.Char(help="Remark on this line, for example what was found damaged.")

    _counted_not_negative = models.Constraint(
        "CHECK(counted_qty >= 0)", "A counted quantity cannot be negative."
    )

    @api.depends("expected_qty", "counted_qty", "is_counted")
    def _compute_variance_qty(self):
        for line in self:
            line.variance_qty = line.counted_qty - line.expected_qty if line.is_counted else 0.0

    @api.depends("product_id", "lot_id")
    def _compute_display_name(self):
        for line in self:
            name = line.product_id.display_name or ""
            line.display_name = f"{name} ({line.lot_id.name})" if line.lot_id else name

    @api.constrains("product_id", "lot_id")
    def _check_lot_product(self):
        for line in self:
            if line.lot_id and line.lot_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s belongs to %(other)s, not to %(product)s.",
                        lot=line.lot_id.name,
                        other=line.lot_id.product_id.display_name,
                        product=line.product_id.display_name,
                    )
                )

    @api.onchange("counted_qty")
    def _onchange_counted_qty(self):
        self.is_counted = True

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "counted_qty" in vals and "is_counted" not in vals:
                vals["is_counted"] = True
        lines = super().create(vals_list)
        if self.env.su:
            lines.count_id._check_open()
        else:
            lines.count_id._check_lines_editable()
        return lines

    def write(self, vals):
        if "counted_qty" in vals and "is_counted" not in vals:
            vals = dict(vals, is_counted=True)
        if {"counted_qty", "is_counted", "reason", "product_id", "lot_id", "expected_qty"} & set(
            vals
        ):
            if self.env.su:
                self.count_id._check_open()
            else:
                self.count_id._check_lines_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        if any(line.count_id.state == "validated" for line in self):
            raise UserError(self.env._("Lines of a validated count cannot be deleted."))
