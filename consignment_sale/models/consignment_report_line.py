from odoo import api, fields, models
from odoo.exceptions import UserError


class ConsignmentReportLine(models.Model):
    _name = "consignment.report.line"
    _description = "Consignment Consumption Report Line"
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
