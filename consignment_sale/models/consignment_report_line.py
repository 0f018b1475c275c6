from odoo import api, fields, models
from odoo.exceptions import UserError


class ConsignmentReportLine(models.Model):
    _name = "consignment.report.line"
    _description = "Consignment Consumption Report Line"
    _inherit = ["consignment.number.mixin"]
    _number_minimums = {"quantity": (0, False), "remaining_qty": (0, False)}
    _order = "report_id, product_id, lot_id, id"
    _check_company_auto = True

    report_id = fields.Many2one("consignment.report", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        related="report_id.company_id", store=True, index=True, precompute=True
    )
    report_type = fields.Selection(related="report_id.report_type")
    state = fields.Selection(related="report_id.state", string="Report Status")
    currency_id = fields.Many2one(related="report_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_storable', '=', True)]",
        help="Product the customer reports on.",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    tracking = fields.Selection(related="product_id.tracking")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        index="btree_not_null",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
        help="Empty for a tracked product: the oldest lots at the location are consumed first.",
    )
    quantity = fields.Float(
        string="Sold or Used",
        digits="Product Unit",
        help="Quantity the customer sold or used, in the product's unit. For a remaining-"
        "quantities report, set on validation: what the location held minus what remains.",
    )
    remaining_qty = fields.Float(
        string="Remaining",
        digits="Product Unit",
        help="Remaining-quantities reports: what the customer still holds.",
    )
    expected_qty = fields.Float(
        string="At Location",
        digits="Product Unit",
        compute="_compute_expected_qty",
        help="Quantity the consignment location holds now.",
    )
    price_unit = fields.Monetary(
        string="Agreed Price",
        compute="_compute_amount",
        currency_field="currency_id",
        help="Agreement price per unit valid on the consumption date.",
    )
    amount = fields.Monetary(
        string="Value",
        compute="_compute_amount",
        currency_field="currency_id",
        help="Sold or used quantity times the agreed price.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.su:
            lines.report_id._check_open()
        return lines

    def write(self, vals):
        if not self.env.su:
            self.report_id._check_open()
        result = super().write(vals)
        if not self.env.su and "report_id" in vals:
            self.report_id._check_open()
        return result

    def unlink(self):
        if not self.env.su:
            self.report_id._check_open()
        return super().unlink()

    @api.depends("product_id", "lot_id", "report_id.agreement_id")
    def _compute_expected_qty(self):
        for report in self.report_id:
            stock = report._get_stock_quantities()
            for line in self.filtered(lambda line, report=report: line.report_id == report):
                line.expected_qty = sum(
                    quantity
                    for (product, lot), quantity in stock.items()
                    if product == line.product_id and (not line.lot_id or lot == line.lot_id)
                )
        for line in self.filtered(lambda line: not line.report_id):
            line.expected_qty = 0.0

    @api.depends(
        "product_id",
        "quantity",
        "remaining_qty",
        "expected_qty",
        "report_id.date",
        "report_id.agreement_id",
        "report_id.report_type",
        "report_id.state",
    )
    def _compute_amount(self):
        for line in self:
            quantity = line.quantity
            if line.report_id.report_type == "remaining" and line.report_id.state != "validated":
                quantity = max(line.expected_qty - line.remaining_qty, 0.0)
            agreement = line.report_id.agreement_id
            price = (
                agreement._get_price(line.product_id, line.report_id.date)
                if agreement and line.product_id and line.report_id.date
                else 0.0
            )
            line.price_unit = price
            line.amount = (line.currency_id or self.env.company.currency_id).round(price * quantity)

    def _check_lines(self):
        keys = set()
        for line in self:
            key = (line.report_id.id, line.product_id.id, line.lot_id.id)
            if key in keys:
                raise UserError(
                    self.env._(
                        "%(product)s%(lot)s appears twice in %(report)s: merge the lines.",
                        product=line.product_id.display_name,
                        lot=f" ({line.lot_id.name})" if line.lot_id else "",
                        report=line.report_id.name,
                    )
                )
            keys.add(key)
            if line.quantity < 0 or line.remaining_qty < 0:
                raise UserError(
                    self.env._(
                        "The quantities of %(product)s must be zero or more.",
                        product=line.product_id.display_name,
                    )
                )
            if line.lot_id and line.lot_id.product_id != line.product_id:
                raise UserError(
                    self.env._(
                        "Lot %(lot)s is not a lot of %(product)s.",
                        lot=line.lot_id.name,
                        product=line.product_id.display_name,
                    )
                )

    def _get_consumed_quantity(self, stock):
        """What the line consumes, in the product's unit. ``stock``: {(product, lot):
        quantity} at the location. A remaining-quantities line gets its sold quantity set."""
        self.ensure_one()
        report = self.report_id
        uom = self.product_id.uom_id
        if report.report_type == "sold":
            return self.product_uom_id._compute_quantity(self.quantity, uom)
        remaining = self.product_uom_id._compute_quantity(self.remaining_qty, uom)
        expected = sum(
            qty
            for (product, lot), qty in stock.items()
            if product == self.product_id and (not self.lot_id or lot == self.lot_id)
        )
        if uom.compare(remaining, expected) > 0:
            raise UserError(
                self.env._(
                    "%(report)s: %(product)s%(lot)s has %(remaining)s %(unit)s remaining, "
                    "but only %(expected)s %(unit)s are expected at %(location)s. Count "
                    "the stock again, or record the surplus with a consignment count.",
                    report=report.name,
                    product=self.product_id.display_name,
                    lot=f" ({self.lot_id.name})" if self.lot_id else "",
                    remaining=remaining,
                    expected=expected,
                    unit=uom.name,
                    location=report.location_id.display_name,
                )
            )
        quantity = expected - remaining
        self.quantity = self.product_uom_id.round(quantity)
        return quantity
