from odoo import api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    is_consignment_receipt = fields.Boolean(
        string="Consignment Receipt",
        compute="_compute_is_consignment_receipt",
        store=True,
        help="The goods received stay the vendor's property in its consignment location: "
        "nothing is payable nor valued at receipt; what is consumed is billed periodically.",
    )

    @api.depends("move_ids.purchase_line_id.order_id.consignment_agreement_id")
    def _compute_consignment_agreement_id(self):
        """The receipts of a consignment purchase order (their backorders and returns too)
        belong to the order's vendor agreement."""
        result = super()._compute_consignment_agreement_id()
        for picking in self:
            agreement = picking.move_ids.purchase_line_id.order_id.consignment_agreement_id
            if agreement:
                picking.consignment_agreement_id = agreement[:1]
        return result

    @api.depends("consignment_agreement_id", "picking_type_code", "location_id.usage")
    def _compute_is_consignment_receipt(self):
        for picking in self:
            # Goods coming from the vendor: not a return of them to the vendor.
            picking.is_consignment_receipt = bool(
                picking.consignment_agreement_id
                and picking.consignment_agreement_id.consignment_type == "vendor"
                and picking.picking_type_code == "incoming"
                and picking.location_id.usage == "supplier"
            )

    def _consignment_check_receipts(self):
        for picking in self.filtered("is_consignment_receipt"):
            agreement = picking.consignment_agreement_id
            if agreement.state != "active":
                raise UserError(
                    self.env._(
                        "%(picking)s is a consignment receipt of agreement %(agreement)s, which is "
                        "%(state)s: it accepts no new consignment receipts. Cancel the receipt (or "
                        "the rest of it), or receive the goods with an ordinary purchase order.",
                        picking=picking.name,
                        agreement=agreement.name,
                        state=dict(agreement._fields["state"]._description_selection(self.env))[
                            agreement.state
                        ],
                    )
                )

    def _consignment_check_receipts_after_termination(self):
        # Notice given: the agreement still works until its termination date, and from that
        # day takes no new goods, even before the daily run marks it Terminating.
        for picking in self.filtered("is_consignment_receipt"):
            agreement = picking.consignment_agreement_id
            if agreement.state == "active" and agreement._is_past_termination_date():
                raise UserError(
                    self.env._(
                        "%(picking)s is a consignment receipt of agreement %(agreement)s, which "
                        "ends on %(date)s: from that day it accepts no new consignment receipts. "
                        "Cancel the receipt, or receive the goods with an ordinary purchase "
                        "order.",
                        picking=picking.name,
                        agreement=agreement.name,
                        date=fields.Date.to_string(agreement.termination_date),
                    )
                )

    def button_validate(self):
        self._consignment_check_receipts()
        self._consignment_check_receipts_after_termination()
        return super().button_validate()

    def _action_done(self):
        self._consignment_check_receipts()
        self._consignment_check_receipts_after_termination()
        return super()._action_done()
