from odoo import fields, models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    # Statements and counts read the move lines of a period at a location; without an index
    # on the date every statement would read the whole history twice.
    date = fields.Datetime(index=True)
