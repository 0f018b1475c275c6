from odoo import fields, models


class ConsignmentAgreement(models.Model):
    _inherit = "consignment.agreement"

    qty_tolerance_pct = fields.Float(
        string="Quantity Tolerance (%)",
        digits=(16, 2),
        default=0.0,
        tracking=True,
        help="Vendor consignment: a bill whose quantity of a product differs from the "
        "consumption ledger by more than this share cannot be posted until a consignment "
        "manager accepts the difference.",
    )
    price_tolerance_pct = fields.Float(
        string="Price Tolerance (%)",
        digits=(16, 2),
        default=0.0,
        tracking=True,
        help="Vendor consignment: a bill whose unit price of a product differs from the "
        "consumption ledger by more than this share cannot be posted until a consignment "
        "manager accepts the difference.",
    )
    purchase_order_ids = fields.One2many(
        "purchase.order",
        "consignment_agreement_id",
        string="Consignment Purchase Orders",
        help="Purchase orders that replenish the consignment location with the vendor's goods.",
    )
    purchase_order_count = fields.Integer(compute="_compute_purchase_order_count")

    _tolerances_positive = models.Constraint(
        "CHECK(qty_tolerance_pct >= 0 AND price_tolerance_pct >= 0)",
        "Billing tolerances cannot be negative.",
    )

    def _compute_purchase_order_count(self):
        # Readers of the agreement without purchase rights get the count, not an access error.
        self._set_linked_count(
            "purchase_order_count", self.env["purchase.order"].sudo(), "consignment_agreement_id"
        )

    def action_view_purchase_orders(self):
        return self._action_open_linked(
            "purchase.purchase_rfq",
            "consignment_agreement_id",
            {
                "default_partner_id": self.partner_id.id,
                "default_is_consignment": True,
                "default_consignment_agreement_id": self.id,
                "default_company_id": self.company_id.id,
            },
        )

    # ------------------------------------------------------------------
    # Ending an agreement bills everything consumed
    # ------------------------------------------------------------------
    def _termination_started(self):
        # Final bill on the termination date: everything consumed so far. What is consumed
        # while the remaining stock is counted, returned or taken over is billed when the
        # agreement is closed. Billing by hand is for consignment managers; a buyer who may
        # terminate gets the final bill.
        result = super()._termination_started()
        self.sudo()._consignment_bill_everything()
        return result

    def action_close(self):
        self.env["consignment.role"]._check("close", self)
        self.sudo().filtered(
            lambda a: a.state in ("active", "terminating")
        )._consignment_bill_everything()
        return super().action_close()

    def _consignment_bill_everything(self):
        vendor = self.filtered(lambda agreement: agreement.consignment_type == "vendor")
        if not vendor:
            return []
        return vendor.action_create_invoices(period_end=fields.Date.context_today(self))

    # ------------------------------------------------------------------
    # Replenishment: buy from the vendor into the consignment location
    # ------------------------------------------------------------------
    def _get_replenishment_route(self):
        if self.consignment_type != "vendor":
            return super()._get_replenishment_route()
        self.ensure_one()
        warehouse = self.location_id.warehouse_id or self.warehouse_id
        route = warehouse.buy_pull_id.route_id if warehouse else self.env["stock.route"]
        return (
            route
            or self.env.ref("purchase_stock.route_warehouse0_buy", raise_if_not_found=False)
            or self.env["stock.route"]
        )

    def _sync_orderpoints(self):
        result = super()._sync_orderpoints()
        for agreement in self.filtered(
            lambda agreement: agreement.consignment_type == "vendor" and agreement.state == "active"
        ):
            orderpoints = agreement.sudo().orderpoint_ids.filtered("active")
            if not orderpoints:
                continue
            route = agreement._get_replenishment_route()
            for orderpoint in orderpoints:
                supplier = agreement._get_consignment_supplierinfo(orderpoint.product_id)
                values = {}
                if route and orderpoint.route_id != route:
                    values["route_id"] = route.id
                if orderpoint.supplier_id != supplier:
                    values["supplier_id"] = supplier.id
                if values:
                    orderpoint.write(values)
        return result

    def _get_consignment_supplierinfo(self, product):
        """The vendor price list entry that the agreement's reorder rule buys with: the
        vendor, the agreement's currency and current price."""
        self.ensure_one()
        SupplierInfo = self.env["product.supplierinfo"].sudo()
        vendor = self.partner_id.commercial_partner_id
        price = self._get_price(product, fields.Date.context_today(self))
        supplier = SupplierInfo.search(
            [
                ("partner_id", "=", vendor.id),
                ("product_tmpl_id", "=", product.product_tmpl_id.id),
                ("product_id", "in", (product.id, False)),
                ("company_id", "in", (self.company_id.id, False)),
                ("currency_id", "=", self.currency_id.id),
            ],
            order="product_id, min_qty",
            limit=1,
        )
        values = {"price": price}
        if not supplier:
            return SupplierInfo.create(
                {
                    **values,
                    "partner_id": vendor.id,
                    "product_tmpl_id": product.product_tmpl_id.id,
                    "product_id": product.id,
                    "company_id": self.company_id.id,
                    "currency_id": self.currency_id.id,
                    "product_uom_id": product.uom_id.id,
                    "min_qty": 0.0,
                }
            )
        if self.currency_id.compare_amounts(supplier.price, price) != 0:
            supplier.write(values)
        return supplier
