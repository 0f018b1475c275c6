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
