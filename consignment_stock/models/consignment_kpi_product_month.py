from odoo import api, fields, models
from odoo.tools import SQL


class ConsignmentKpiProductMonth(models.Model):
    """Stock-out incidents and average stock value of one product of an agreement at its
    location over one month: the product side of ``consignment.kpi.month``, written with it
    by its refresh (as superuser), for the pivot and graph per month and product."""

    _name = "consignment.kpi.product.month"
    _inherit = ["consignment.kpi.fact.mixin"]
    _description = "Consignment Key Figures per Product and Month"
    _order = "month desc, agreement_id, product_id"
    _rec_name = "product_id"

    product_id = fields.Many2one(
        "product.product",
        required=True,
        readonly=True,
        ondelete="cascade",
        help="Product of the agreement at its location.",
    )
    stockout_incidents = fields.Integer(
        string="Stock-out Incidents",
        readonly=True,
        aggregator="sum",
        help="Times the product went from a positive quantity to zero at the agreement's "
        "location in the month, while the agreement was active.",
    )
    avg_stock_value = fields.Monetary(
        string="Average Stock Value",
        currency_field="currency_id",
        readonly=True,
        aggregator="sum",
        help="Average value of the product's consignment stock over the agreement's active "
        "days of the month, at the agreement price of the month's end, in the company's "
        "currency.",
    )

    _agreement_product_month_unique = models.Constraint(
        "UNIQUE(agreement_id, product_id, month)",
        "An agreement has one row of key figures per product and month.",
    )

    @api.model
    def _replace_months(self, rows, refreshed):
        """Replace the rows of the (agreement, month) pairs of ``refreshed`` by ``rows``
        (agreement, product, month, incidents, average stock value): one DELETE, one
        INSERT. The caller holds the agreements' refresh locks."""
        self.flush_model()
        if refreshed:
            self.env.execute_query(
                SQL(
                    """
                    DELETE FROM consignment_kpi_product_month fact
                     USING unnest(%s::int[], %s::date[]) AS gone(agreement_id, month)
                     WHERE fact.agreement_id = gone.agreement_id AND fact.month = gone.month
                    """,
                    [pair[0] for pair in refreshed],
                    [pair[1] for pair in refreshed],
                )
            )
        if rows:
            columns = list(zip(*rows, strict=True))
            self.env.execute_query(
                SQL(
                    """
                    INSERT INTO consignment_kpi_product_month
                           (agreement_id, product_id, month, company_id, partner_id,
                            consignment_type, currency_id, stockout_incidents,
                            avg_stock_value, create_uid, create_date, write_uid, write_date)
                    SELECT data.agreement_id, data.product_id, data.month,
                           agreement.company_id, agreement.partner_id,
                           agreement.consignment_type, company.currency_id, data.incidents,
                           data.value, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                           now() AT TIME ZONE 'UTC'
                      FROM unnest(%(agreements)s::int[], %(products)s::int[],
                                  %(months)s::date[], %(incidents)s::int[],
                                  %(values)s::float[])
                           AS data(agreement_id, product_id, month, incidents, value)
                      JOIN consignment_agreement agreement ON agreement.id = data.agreement_id
                      JOIN res_company company ON company.id = agreement.company_id
                    """,
                    uid=self.env.uid,
                    agreements=list(columns[0]),
                    products=list(columns[1]),
                    months=list(columns[2]),
                    incidents=[int(value) for value in columns[3]],
                    values=[float(value or 0.0) for value in columns[4]],
                )
            )
        self.invalidate_model()
