from odoo import api, fields, models


class ConsignmentReferenceMixin(models.AbstractModel):
    """A reference given by the sequence ``_sequence_code`` when the record is saved; until
    then the record is titled "New". Agreements and consumption reports use it."""

    _name = "consignment.reference.mixin"
    _description = "Consignment Numbered Record"

    _sequence_code = None

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: self.env._("New"),
        help="Number of the record, given automatically when it is saved.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") in ("/", self.env._("New")):
                vals["name"] = self.env["ir.sequence"].next_by_code(self._sequence_code) or "/"
        return super().create(vals_list)
