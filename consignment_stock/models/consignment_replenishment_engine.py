from odoo import api, fields, models

from .consignment_tools import REPLENISHMENT_DELTA


class ConsignmentReplenishmentEngine(models.AbstractModel):
    """Refilling consignment locations: reorder rules on each agreement's location mirror
    the minimum and maximum of its lines, and run by hand or when the agreement's
    replenishment frequency says so.

    Where the goods come from is the agreement's ``_get_replenishment_route``: a fill-up
    from our warehouse for a customer's site (here), a purchase from the vendor for a
    vendor's location (vendor add-on).
    """

    _name = "consignment.replenishment.engine"
    _description = "Consignment Replenishment Engine"

    def _get_orderpoint_lines(self, agreement):
        """{product: agreement line} that a reorder rule mirrors: lines with a maximum of a
        running agreement, the latest price version of each product."""
        agreement.ensure_one()
        wanted = {}
        if agreement.state == "active" and agreement.location_id:
            for line in agreement.line_ids.sorted(
                lambda line: line.date_from or fields.Date.to_date("1900-01-01")
            ):
                if line.max_qty > 0:
                    wanted[line.product_id] = line
        return wanted

    def _get_fill_up_route(self, agreement):
        """The route that fills up a customer's location from the agreement's warehouse
        (none for other agreements)."""
        agreement.ensure_one()
        if agreement.consignment_type != "customer" or not agreement.location_id:
            return self.env["stock.route"]
        warehouse = agreement.warehouse_id or agreement.location_id.warehouse_id
        if not warehouse:
            return self.env["stock.route"]
        parent = agreement.location_id.location_id
        # One route serves all the customers' locations under a common view location.
        destination = (
            parent
            if parent.usage == "view" and parent != warehouse.view_location_id
            else agreement.location_id
        )
        return warehouse._get_consignment_fill_up_route(destination)

    def _sync_orderpoints(self, agreements):
        """Mirror the agreement lines' minimum and maximum as reorder rules on the
        agreements' locations: rules exist for running agreements only, and a line's latest
        price version carries the quantities. One search for all the agreements' rules."""
        Orderpoint = self.env["stock.warehouse.orderpoint"].sudo().with_context(active_test=False)
        existing = Orderpoint.search([("consignment_agreement_id", "in", agreements.ids)])
        existing_by_agreement = existing.grouped("consignment_agreement_id")
        to_create = []
        leftovers = Orderpoint.browse()
        for agreement in agreements:
            wanted = self._get_orderpoint_lines(agreement)
            by_product = {
                orderpoint.product_id: orderpoint
                for orderpoint in existing_by_agreement.get(agreement, Orderpoint.browse())
            }
            route = agreement._get_replenishment_route() if wanted else self.env["stock.route"]
            for product, line in wanted.items():
                values = {
                    "product_min_qty": line._to_product_uom_qty(line.min_qty),
                    "product_max_qty": line._to_product_uom_qty(line.max_qty),
                    "route_id": route.id,
                    "active": True,
                }
                orderpoint = by_product.pop(product, None)
                if orderpoint:
                    orderpoint.write(values)
                else:
                    to_create.append({**values, **self._get_new_orderpoint_values(line)})
            leftovers |= Orderpoint.browse([orderpoint.id for orderpoint in by_product.values()])
        if to_create:
            Orderpoint.create(to_create)
        if leftovers:
            leftovers.write({"active": False})
        return True

    def _get_new_orderpoint_values(self, line):
        """What ties a new reorder rule to the agreement line it mirrors and to its
        location."""
        agreement = line.agreement_id
        return {
            "product_id": line.product_id.id,
            "location_id": agreement.location_id.id,
            "warehouse_id": agreement.location_id.warehouse_id.id or agreement.warehouse_id.id,
            "company_id": agreement.company_id.id,
            "consignment_agreement_id": agreement.id,
            "trigger": "manual",
        }

    def _run_orderpoints(self, agreements):
        """Run the agreements' active reorder rules now (the caller checked the role)."""
        orderpoints = agreements.orderpoint_ids.filtered("active")
        if orderpoints:
            orderpoints.sudo()._procure_orderpoint_confirm(
                company_id=agreements.company_id[:1] if len(agreements.company_id) == 1 else None
            )
        return True

    @api.model
    def _replenish_due_agreements(self):
        """Scheduled replenishment: run the reorder rules of each active agreement whose
        replenishment date has come; its next date moves one frequency on from today."""
        today = fields.Date.context_today(self)
        agreements = self.env["consignment.agreement"].search(
            [
                ("state", "=", "active"),
                ("replenishment_frequency", "!=", "manual"),
                ("next_replenishment_date", "<=", today),
            ]
        )
        for agreement in agreements:
            agreement.action_replenish()
            agreement.next_replenishment_date = (
                today + REPLENISHMENT_DELTA[agreement.replenishment_frequency]
            )
