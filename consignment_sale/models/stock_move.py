from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _get_goods_at_customers_sites(self):
        """(source, destination): the customer's site valued on its own account (Goods at
        Customers) that holds each side of the move, the side itself or the site it is a
        sub-location of, else an empty recordset."""
        self.ensure_one()
        roots = (self.location_id | self.location_dest_id)._get_consignment_root()

        def site(location):
            root = roots[location]
            if root.consignment_type == "customer" and root.valuation_account_id:
                return root
            return location.browse()

        return site(self.location_id), site(self.location_dest_id)

    def _get_goods_at_customers_value(self):
        """The value the move carries to or from the customer's site. Odoo values the moves
        that enter or leave our stock; a fill-up or a pick-up stays in our stock (both
        locations are ours), so it is valued here the way Odoo values an outgoing move of the
        product: its lot's or its own cost."""
        self.ensure_one()
        if self.is_in or self.is_out:
            return self._get_aml_value()
        company = self.company_id
        product = self.product_id.with_company(company)
        value = 0.0
        for line in self.move_line_ids:
            if not line.picked or line._should_exclude_for_valuation():
                continue
            if line.owner_id and line.owner_id != company.partner_id:
                continue
            if product.lot_valuated and line.lot_id:
                unit_cost = line.lot_id.with_company(company).standard_price
            else:
                unit_cost = product.standard_price
            value += unit_cost * line.quantity_product_uom
        return company.currency_id.round(value)

    def _should_create_account_move(self):
        source_site, destination_site = self._get_goods_at_customers_sites()
        if not (source_site or destination_site):
            return super()._should_create_account_move()
        if source_site == destination_site:
            # Within one customer's site the goods stay at the customer.
            return False
        # Odoo books a move between a valued location and one with its own account; a
        # customer's site is both (valued, and on Goods at Customers), so its moves are booked
        # here, in perpetual valuation only, as Odoo's are.
        return bool(
            self.product_id.is_storable
            and self.product_id.valuation == "real_time"
            and not self.company_id.currency_id.is_zero(self._get_goods_at_customers_value())
        )

    def _get_account_move_line_vals(self):
        source_site, destination_site = self._get_goods_at_customers_sites()
        if not (source_site or destination_site):
            return super()._get_account_move_line_vals()
        stock_account = self.product_id._get_product_accounts()["stock_valuation"]

        def side(location, site):
            """(account, partner) of one side: the site's account with its customer; our
            stock's account for another of our locations, or for a location outside the
            company without an account of its own (Odoo books the customer's goods leaving
            our stock at invoicing, from there)."""
            if site:
                return site.valuation_account_id, site.consignment_partner_id
            if location._should_be_valued():
                return stock_account, location.browse()
            return location.valuation_account_id or stock_account, location.browse()

        credit_account, credit_partner = side(self.location_id, source_site)
        debit_account, debit_partner = side(self.location_dest_id, destination_site)
        partner = (destination_site or source_site).consignment_partner_id
        value = self._get_goods_at_customers_value()
        name = f"{self.reference} - {self.product_id.name}"
        return [
            {
                "account_id": credit_account.id,
                "name": name,
                "debit": 0,
                "credit": value,
                "product_id": self.product_id.id,
                "partner_id": (credit_partner or partner).id,
            },
            {
                "account_id": debit_account.id,
                "name": name,
                "debit": value,
                "credit": 0,
                "product_id": self.product_id.id,
                "partner_id": (debit_partner or partner).id,
            },
        ]
