import pytz

from odoo import Command, models


class ConsignmentDemo(models.AbstractModel):
    _inherit = "consignment.demo"

    def _demo_consume(self, agreement, quantities, moment):
        """What a customer sold reaches us as its consumption report: validated, it moves the
        goods to the customer on the report's day and the ledger records them."""
        if agreement.consignment_type != "customer":
            return super()._demo_consume(agreement, quantities, moment)
        day = pytz.utc.localize(moment).astimezone(agreement._get_day_tz()).date()
        report = self.env["consignment.report"].create(
            {
                "agreement_id": agreement.id,
                "date": day,
                "report_type": "sold",
                "line_ids": [
                    Command.create({"product_id": product.id, "quantity": quantity})
                    for product, quantity in quantities.items()
                ],
            }
        )
        report.action_validate()
        return report
