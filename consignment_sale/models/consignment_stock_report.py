from odoo import fields, models
from odoo.tools import SQL


class ConsignmentStockReport(models.Model):
    _inherit = "consignment.stock.report"

    is_slow_mover = fields.Boolean(
        string="Slow Mover",
        readonly=True,
        help="Unsold at the customer's site for longer than the agreement's slow mover days.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT report.*,
                   COALESCE(
                       agreement.consignment_type = 'customer'
                       AND agreement.slow_mover_days > 0
                       AND report.days_on_location > agreement.slow_mover_days,
                       FALSE
                   ) AS is_slow_mover
              FROM (%s) report
         LEFT JOIN consignment_agreement agreement ON agreement.id = report.agreement_id
            """,
            super()._table_query,
        )
