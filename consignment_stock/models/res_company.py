from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    consignment_capital_rate = fields.Float(
        string="Consignment Cost of Capital (%)",
        default=8.0,
        help="Yearly interest rate at which the company values money tied up in stock. The "
        "consignment dashboard uses it for the cash benefit of holding a vendor's goods "
        "instead of buying them.",
    )
