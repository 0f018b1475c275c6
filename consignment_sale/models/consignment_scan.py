from odoo import fields, models


class ConsignmentScan(models.Model):
    _inherit = "consignment.scan"

    report_line_id = fields.Many2one(
        "consignment.report.line",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The consumption report line the scan added to.",
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Transfer",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The fill-up or pick-up the scan was made on.",
    )
    move_line_id = fields.Many2one(
        "stock.move.line",
        string="Operation",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The transfer's operation line the scan set.",
    )
