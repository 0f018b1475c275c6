from odoo import Command, models


class ConsignmentDemo(models.AbstractModel):
    _inherit = "consignment.demo"

    def _demo_receive(self, agreement, quantities, moment):
        """The vendor's goods arrive on a consignment purchase order of that day: its lines
        show them received, consumed and billed."""
        if agreement.consignment_type != "vendor":
            return super()._demo_receive(agreement, quantities, moment)
        order = self.env["purchase.order"].create(
            {
                "partner_id": agreement.partner_id.id,
                "consignment_agreement_id": agreement.id,
                "date_order": moment,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_qty": quantity, "date_planned": moment}
                    )
                    for product, quantity in quantities.items()
                ],
            }
        )
        order.button_confirm()
        order.date_approve = moment
        return self._demo_validate(order.picking_ids, moment)
