from odoo import fields, models


class ConsignmentScan(models.Model):
    """One scan on a consignment document, accepted or refused: who scanned what, when, and
    what it did, so that a document filled by scanning can be checked line by line."""

    _name = "consignment.scan"
    _description = "Consignment Scan"
    _order = "date desc, id desc"
    _rec_name = "barcode"

    barcode = fields.Char(readonly=True, help="The code as the scanner sent it.")
    user_id = fields.Many2one(
        "res.users", string="Scanned By", readonly=True, index=True, help="Who scanned."
    )
    date = fields.Datetime(string="Scanned On", readonly=True, help="When the code was scanned.")
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    res_model = fields.Char(
        string="Document Model",
        readonly=True,
        index=True,
        help="Kind of document scanned into (a count or a consumption report).",
    )
    res_id = fields.Many2oneReference(
        string="Document",
        model_field="res_model",
        readonly=True,
        index=True,
        help="The document scanned into.",
    )
    count_line_id = fields.Many2one(
        "consignment.count.line",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The line the scan added to.",
    )
    product_id = fields.Many2one(
        "product.product", readonly=True, help="Product the code was read as, if any."
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        readonly=True,
        help="Lot or serial number the code carried, if any.",
    )
    quantity = fields.Float(
        digits="Product Unit", readonly=True, help="Quantity the scan added, in the product's unit."
    )
    counted_qty = fields.Float(
        string="Counted After",
        digits="Product Unit",
        readonly=True,
        help="The line's counted quantity once the scan was added.",
    )
    result = fields.Selection(
        [("ok", "Accepted"), ("error", "Refused")],
        readonly=True,
        help="Accepted: the quantity was added. Refused: nothing changed; the message says why.",
    )
    message = fields.Char(
        readonly=True, help="What the scan did, or why it was refused, as the scanner saw it."
    )
