from odoo import fields, models, tools

from .stock_location import CONSIGNMENT_TYPES


class ConsignmentStockReport(models.Model):
    """Stock at consignment locations, valued at the running agreement's price of today,
    with its age. A query over the quants (no stored copy to keep in sync): one row per
    quant, read in one query whatever the number of rows, so it can be grouped and pivoted."""

    _name = "consignment.stock.report"
    _description = "Consignment Stock Analysis"
    _auto = False
    _order = "partner_id, product_id, location_id"
    _rec_name = "product_id"

    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        readonly=True,
        help="Partner of the consignment location: the vendor whose goods we hold, or the "
        "customer who holds our goods.",
    )
    consignment_type = fields.Selection(
        CONSIGNMENT_TYPES,
        string="Type",
        readonly=True,
        help="Vendor: the vendor's goods in our warehouse. Customer: our goods at the "
        "customer's site.",
    )
    consignment_location_id = fields.Many2one(
        "stock.location",
        readonly=True,
        help="The consignment location that holds the stock, including its sublocations.",
    )
    location_id = fields.Many2one(
        "stock.location",
        readonly=True,
        help="The exact location of the stock: the consignment location or one of its "
        "sublocations.",
    )
    agreement_id = fields.Many2one(
        "consignment.agreement",
        readonly=True,
        help="The running agreement of the consignment location, whose price values the stock.",
    )
    product_id = fields.Many2one("product.product", readonly=True, help="The consigned product.")
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product Template",
        readonly=True,
        help="The product without its variant, to group variants together.",
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        readonly=True,
        help="Category of the product.",
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        readonly=True,
        help="Lot or serial number of the stock.",
    )
    owner_id = fields.Many2one(
        "res.partner",
        readonly=True,
        help="Owner of the goods: the vendor for vendor consignment; empty when the goods are "
        "ours.",
    )
    product_uom_id = fields.Many2one(
        "uom.uom", string="Unit", readonly=True, help="Unit of the quantity."
    )
    quantity = fields.Float(
        digits="Product Unit", readonly=True, help="Quantity on hand, in the product's unit."
    )
    price_unit = fields.Monetary(
        string="Agreement Price",
        currency_field="currency_id",
        readonly=True,
        aggregator="avg",
        help="Price per unit valid today in the running agreement.",
    )
    value = fields.Monetary(
        string="Value at Agreement Price",
        currency_field="currency_id",
        readonly=True,
        help="Quantity times the agreement price.",
    )
    currency_id = fields.Many2one("res.currency", readonly=True)
    in_date = fields.Datetime(
        string="Incoming Date",
        readonly=True,
        help="When the goods arrived at their location.",
    )
    days_on_location = fields.Integer(
        readonly=True,
        aggregator="avg",
        help="Days since the goods arrived at their location.",
    )

    @property
    def _table_query(self):
        return tools.SQL(
            """
            SELECT quant.id AS id,
                   quant.company_id AS company_id,
                   root.consignment_partner_id AS partner_id,
                   root.consignment_type AS consignment_type,
                   root.id AS consignment_location_id,
                   quant.location_id AS location_id,
                   agreement.id AS agreement_id,
                   quant.product_id AS product_id,
                   template.id AS product_tmpl_id,
                   template.categ_id AS categ_id,
                   quant.lot_id AS lot_id,
                   quant.owner_id AS owner_id,
                   template.uom_id AS product_uom_id,
                   quant.quantity AS quantity,
                   price.price_unit AS price_unit,
                   quant.quantity * COALESCE(price.price_unit, 0) AS value,
                   COALESCE(agreement.currency_id, company.currency_id) AS currency_id,
                   quant.in_date AS in_date,
                   (CURRENT_DATE - quant.in_date::date) AS days_on_location
              FROM stock_quant quant
              JOIN stock_location location ON location.id = quant.location_id
              JOIN product_product product ON product.id = quant.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
              JOIN res_company company ON company.id = quant.company_id
              JOIN LATERAL (
                    -- the innermost consignment location holding the quant
                    SELECT consignment.id, consignment.consignment_type,
                           consignment.consignment_partner_id
                      FROM stock_location consignment
                     WHERE consignment.consignment_type IS NOT NULL
                       AND location.parent_path LIKE consignment.parent_path || '%%'
                  ORDER BY length(consignment.parent_path) DESC
                     LIMIT 1
                   ) root ON TRUE
         LEFT JOIN LATERAL (
                    SELECT running.id, running.currency_id
                      FROM consignment_agreement running
                     WHERE running.location_id = root.id
                       AND running.state IN ('active', 'terminating')
                  ORDER BY running.date_start DESC, running.id DESC
                     LIMIT 1
                   ) agreement ON TRUE
         LEFT JOIN LATERAL (
                    -- today's price, per unit of the product's own unit of measure
                    SELECT line.price_unit * product_uom.factor / line_uom.factor AS price_unit
                      FROM consignment_agreement_line line
                      JOIN uom_uom product_uom ON product_uom.id = template.uom_id
                      JOIN uom_uom line_uom
                        ON line_uom.id = COALESCE(line.product_uom_id, template.uom_id)
                     WHERE line.agreement_id = agreement.id
                       AND line.product_id = quant.product_id
                       AND (line.date_from IS NULL OR line.date_from <= CURRENT_DATE)
                       AND (line.date_to IS NULL OR line.date_to >= CURRENT_DATE)
                  ORDER BY COALESCE(line.date_from, DATE '1900-01-01') DESC
                     LIMIT 1
                   ) price ON TRUE
             WHERE location.usage = 'internal'
               AND quant.quantity != 0
            """,
            to_flush=self._get_fields_to_flush(),
        )

    def _get_fields_to_flush(self):
        """The stored fields the query reads: pending changes to them are written first."""
        columns = {
            "stock.quant": [
                "company_id",
                "location_id",
                "product_id",
                "lot_id",
                "owner_id",
                "quantity",
                "in_date",
            ],
            "stock.location": [
                "consignment_type",
                "consignment_partner_id",
                "parent_path",
                "usage",
            ],
            "consignment.agreement": ["location_id", "state", "date_start", "currency_id"],
            "consignment.agreement.line": [
                "agreement_id",
                "product_id",
                "product_uom_id",
                "price_unit",
                "date_from",
                "date_to",
            ],
        }
        return [self.env[model]._fields[name] for model, names in columns.items() for name in names]
