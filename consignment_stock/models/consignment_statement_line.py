from odoo import fields, models


class ConsignmentStatementLine(models.TransientModel):
    _name = "consignment.statement.line"
    _description = "Consignment Statement Line"
    _order = "statement_id, product_id"

    statement_id = fields.Many2one(
        "consignment.statement", required=True, ondelete="cascade", index=True
    )
    agreement_id = fields.Many2one(
        "consignment.agreement", readonly=True, help="Agreement the statement is for."
    )
    product_id = fields.Many2one(
        "product.product", readonly=True, help="Consigned product this line accounts for."
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    opening_qty = fields.Float(
        string="Opening",
        digits="Product Unit",
        readonly=True,
        aggregator="sum",
        help="Quantity at the consignment location at the start of the period.",
    )
    received_qty = fields.Float(
        string="Received",
        digits="Product Unit",
        readonly=True,
        aggregator="sum",
        help="Quantity that arrived at the consignment location during the period.",
    )
    consumed_qty = fields.Float(
        string="Consumed",
        digits="Product Unit",
        readonly=True,
        aggregator="sum",
        help="Quantity sold or used during the period, as recorded in the consumption ledger "
        "(count differences not included).",
    )
    returned_qty = fields.Float(
        string="Returned",
        digits="Product Unit",
        readonly=True,
        aggregator="sum",
        help="Quantity sent back from the consignment location to the owner during the period.",
    )
    adjusted_qty = fields.Float(
        string="Adjusted",
        digits="Product Unit",
        readonly=True,
        aggregator="sum",
        help="Other stock movements into (positive) or out of (negative) the consignment "
        "location during the period.",
    )
    expected_qty = fields.Float(
        string="Expected Closing",
        digits="Product Unit",
        readonly=True,
        aggregator="sum",
        help="Opening + received - consumed - returned + adjusted.",
    )
    is_counted = fields.Boolean(
        string="Counted in Period",
        readonly=True,
        help="A count was validated during the period, so the counted quantity is known.",
    )
    counted_qty = fields.Float(
        string="Counted",
        digits="Product Unit",
        readonly=True,
        aggregator="sum",
        help="Quantity found by the last count validated in the period.",
    )
    variance_qty = fields.Float(
        string="Variance",
        digits="Product Unit",
        readonly=True,
        aggregator="sum",
        help="Posted by the period's count: counted minus expected.",
    )
