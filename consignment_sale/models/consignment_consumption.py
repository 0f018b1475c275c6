from odoo import models


class ConsignmentConsumption(models.Model):
    _inherit = "consignment.consumption"

    def _on_consumption_created(self):
        result = super()._on_consumption_created()
        # Consumed goods returned after they were invoiced: credit them right away.
        to_credit = self.filtered(
            lambda record: (
                record.consignment_type == "customer"
                and record.quantity < 0
                and record.state == "to_invoice"
                and record.reversed_consumption_id.state == "invoiced"
            )
        )
        if to_credit and not self.env.context.get("consignment_defer_credit_notes"):
            self.env["consignment.billing.engine"]._create_consignment_credit_notes(
                to_credit.sudo()
            )
        return result
