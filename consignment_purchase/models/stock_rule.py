from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _consignment_agreement_of(self, values):
        orderpoint = values.get("orderpoint_id")
        agreement = orderpoint.consignment_agreement_id if orderpoint else False
        if agreement and agreement.consignment_type == "vendor":
            return agreement
        return self.env["consignment.agreement"]

    def _prepare_purchase_order(self, company_id, origins, values):
        order_values = super()._prepare_purchase_order(company_id, origins, values)
        agreement = self._consignment_agreement_of(values[0])
        if agreement:
            # Replenishment of a vendor's consignment location: a consignment order.
            order_values.update(
                {
                    "is_consignment": True,
                    "consignment_agreement_id": agreement.id,
                    "currency_id": agreement.currency_id.id,
                    "payment_term_id": agreement.payment_term_id.id
                    or order_values.get("payment_term_id"),
                }
            )
        return order_values

    def _make_po_get_domain(self, company_id, values, partner):
        domain = super()._make_po_get_domain(company_id, values, partner)
        # Consignment and ordinary requests for quotation are never merged.
        agreement = self._consignment_agreement_of(values)
        return (*domain, ("consignment_agreement_id", "=", agreement.id or False))
