from odoo import fields, models


class ConsignmentStatementLine(models.TransientModel):
    _name = "consignment.statement.line"
    _description = "Consignment Statement Line"
    _order = "statement_id, product_id"

    statement_id = fields.Many2one(
        "consignment.statement", required=True, ondelete="cascade", index=True
    )
    agreement_id = fields.Many2one("consignment.agreement", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    opening_qty = fields.Float(
        string="Opening", digits="Product Unit", readonly=True, aggregator="sum"
    )
    received_qty = fields.Float(
        string="Received", digits="Product Unit", readonly=True, aggregator="sum"
    )
    consumed_qty = fields.Float(
        string="Consumed", digits="Product Unit", readonly=True, aggregator="sum"
    )
    returned_qty = fields.Float(
        string="Returned", digits="Product Unit", readonly=True, aggregator="sum"
    )
    adjusted_qty = fields.Float(
        string="Adjusted", digits="Product Unit", readonly=True, aggregator="sum"
    )
    expected_qty = fields.Float(
        string="Expected Closing",
        digits="Product Unit",
        readonly=True,
        aggregator="sum",
        help="Opening + received - consumed - returned + adjusted.",
    )
    is_counted = fields.Boolean(string="Counted in Period", readonly=True)
    counted_qty = fields.Float(
        string="Counted", digits="Product Unit", readonly=True, aggregator="sum"
    )
    variance_qty = fields.Float(
        string="Variance",
        digits="Product Unit",
        readonly=True,
        aggregator="sum",
        help="Posted by the period's count: counted minus expected.",
    )
