import math
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError


class ConsignmentAgreement(models.Model):
    _inherit = "consignment.agreement"

    slow_mover_days = fields.Integer(
        string="Slow Movers After (Days)",
        default=90,
        help="Goods standing at the customer's site unsold for longer than this are shown as "
        "slow movers. Zero: no slow movers.",
    )
    sale_order_ids = fields.One2many(
        "sale.order",
        "consignment_agreement_id",
        string="Consignment Orders",
        help="Sales orders that send goods to the customer's consignment location.",
    )
    sale_order_count = fields.Integer(compute="_compute_sale_counts")
    report_ids = fields.One2many(
        "consignment.report",
        "agreement_id",
        string="Consumption Reports",
        help="Reports of what the customer sold or used from the consignment stock.",
    )
    report_count = fields.Integer(compute="_compute_sale_counts")
    # Portal customers read their own agreements: never our internal notes on them.
    note = fields.Html(groups="base.group_user")

    _slow_mover_days_positive = models.Constraint(
        "CHECK(slow_mover_days >= 0)", "The slow mover days cannot be negative."
    )

    @api.depends("sale_order_ids", "report_ids")
    def _compute_sale_counts(self):
        # Buyers open vendor agreements too: they count only what they may read.
        self.sale_order_count = self.report_count = 0
        if self.env["sale.order"].has_access("read"):
            self._set_linked_count(
                "sale_order_count", self.env["sale.order"], "consignment_agreement_id"
            )
        if self.env["consignment.report"].has_access("read"):
            self._set_linked_count("report_count", self.env["consignment.report"])

    # ------------------------------------------------------------------
    # Order lines of the goods at the customer's site
    # ------------------------------------------------------------------
    def _get_consignment_sale_line_pool(self, products):
        """{product: [[sale order line, quantity at the customer in the product's unit]]},
        oldest order line first: what consumption of each product is attributed to."""
        self.ensure_one()
        pool = defaultdict(list)
        if not products:
            return pool
        lines = (
            self.env["sale.order.line"]
            .sudo()
            .search(
                [
                    ("order_id.consignment_agreement_id", "=", self.id),
                    ("product_id", "in", products.ids),
                    ("state", "=", "sale"),
                ],
                order="id",
            )
        )
        for line in lines:
            quantity = line._get_consignment_quantities(line.product_id.uom_id)["at_customer"]
            if line.product_id.uom_id.compare(quantity, 0.0) > 0:
                pool[line.product_id].append([line, quantity])
        return pool

    @api.model
    def _take_from_sale_line_pool(self, entries, quantity, uom):
        """Split ``quantity`` over the order lines of ``entries`` (used up in place), oldest
        first: [(sale order line, quantity)]. What no order line covers (goods filled up by
        the reorder rules) comes last, with an empty order line."""
        chunks = []
        remaining = quantity
        for entry in entries:
            if uom.compare(remaining, 0.0) <= 0:
                break
            used = min(entry[1], remaining)
            if uom.compare(used, 0.0) > 0:
                chunks.append((entry[0], used))
                entry[1] -= used
                remaining -= used
        if uom.compare(remaining, 0.0) > 0:
            chunks.append((self.env["sale.order.line"], remaining))
        return chunks

    # ------------------------------------------------------------------
    # Periodic invoices: linked to the order lines, refunds for returns
    # ------------------------------------------------------------------
    # ------------------------------------------------------------------
    # Pick-up: unsold goods back to the warehouse
    # ------------------------------------------------------------------
    def action_pickup(self):
        """Bring unsold goods back from the customer's site: no invoice, no consumption.

        The agreement's Pick Up button (context key ``consignment_pickup_dialog``) opens the
        dialog that chooses the products, lots and quantities. Called without it (over RPC),
        it picks up everything free at the site and returns the transfer's form action.
        """
        self.ensure_one()
        self._check_pickup()
        if not self._get_pickup_quants():
            raise UserError(
                self.env._(
                    "Nothing stands at %(location)s free of other transfers: there is nothing "
                    "to pick up.",
                    location=self.location_id.display_name or self.partner_id.display_name,
                )
            )
        if self.env.context.get("consignment_pickup_dialog"):
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Pick Up"),
                "res_model": "consignment.pickup.wizard",
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "new",
                "context": {"default_agreement_id": self.id},
            }
        wizard = self.env["consignment.pickup.wizard"].create({"agreement_id": self.id})
        return wizard.action_create_pickup()

    def _check_pickup(self):
        """Refuse a pick-up unless this is a running customer agreement and the user has the
        pick-up role (which also refuses another company's agreement)."""
        self.ensure_one()
        if self.consignment_type != "customer":
            raise UserError(self.env._("Only goods at a customer's site can be picked up."))
        self.env["consignment.role"]._check("pickup", self)
        if self.state not in ("active", "terminating"):
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s is not running: goods are picked up under an "
                    "active or terminating agreement only.",
                    agreement=self.display_name,
                )
            )

    def _get_pickup_quants(self):
        """Quants at the customer's site with a quantity no transfer has reserved (read with
        sudo: the caller's role is checked by the pick-up actions)."""
        self.ensure_one()
        return (
            self.sudo()
            ._get_consignment_quants()
            .filtered(
                lambda quant: (
                    quant.product_id.uom_id.compare(quant.quantity - quant.reserved_quantity, 0.0)
                    > 0
                )
            )
        )

    # ------------------------------------------------------------------
    # Portal: what the customer may report
    # ------------------------------------------------------------------
    def _get_consignment_stock_by_lot(self):
        """{(product, lot): quantity in the product's unit} standing at the customer's
        site (read with sudo: portal customers and salespeople read no quants)."""
        self.ensure_one()
        quantities = defaultdict(float)
        for quant in self.sudo()._get_consignment_quants():
            if quant.quantity > 0:
                quantities[quant.product_id, quant.lot_id] += quant.quantity
        return quantities

    def _check_portal_quantities(self, report_type, quantities):
        """[(product, lot, quantity)] to report, from what a customer entered in the portal:
        ``quantities`` {(product id, lot id or False): quantity}, sold or remaining after
        ``report_type``.

        Only goods standing at the customer's site are accepted, and the messages name
        nothing else (nor our internal references): ids of other customers' or companies'
        goods are refused unnamed.
        :raises UserError: listing every quantity to correct; nothing is written.
        """
        self.ensure_one()
        stock = self._get_portal_stock()
        errors, result = [], []
        for key, quantity in quantities.items():
            if key not in stock:
                errors.append(
                    self.env._(
                        "Some quantities are for goods that are not at your site. Reload the "
                        "page and enter your report again."
                    )
                )
                continue
            product, lot, available = stock[key]
            error = self._get_portal_quantity_error(report_type, product, lot, quantity, available)
            if error:
                errors.append(error)
            elif report_type == "remaining" or not product.uom_id.is_zero(quantity):
                result.append((product, lot, quantity))
        if errors:
            raise UserError("\n".join(dict.fromkeys(errors)))
        if not result:
            raise UserError(self.env._("Enter the quantity of at least one product."))
        return result

    def _get_portal_stock(self):
        """{(product id, lot id or False): (product, lot, quantity)} at the customer's site,
        the products named without our internal references."""
        return {
            (product.id, lot.id or False): (
                product.with_context(display_default_code=False),
                lot,
                quantity,
            )
            for (product, lot), quantity in self._get_consignment_stock_by_lot().items()
        }

    def _get_portal_quantity_error(self, report_type, product, lot, quantity, available):
        """The message refusing ``quantity`` of ``product`` and ``lot`` entered in the portal
        when ``available`` stands at the site, or None when it is right."""
        label = f"{product.display_name} ({lot.name})" if lot else product.display_name
        uom = product.uom_id
        if not isinstance(quantity, (int, float)) or not math.isfinite(quantity) or quantity < 0:
            return self.env._("%(product)s: enter a quantity of zero or more.", product=label)
        # Plain comparison first: a huge number must not reach the unit's rounding.
        if quantity <= available + uom.rounding and uom.compare(quantity, available) <= 0:
            return None
        values = {
            "product": label,
            "reported": quantity,
            "available": uom.round(available),
            "unit": uom.name,
        }
        if report_type == "sold":
            return self.env._(
                "%(product)s: %(reported)s %(unit)s reported sold or used, but "
                "%(available)s %(unit)s stand at your site.",
                **values,
            )
        return self.env._(
            "%(product)s: %(reported)s %(unit)s reported remaining, but only "
            "%(available)s %(unit)s stand at your site. Count again, or tell us "
            "about the surplus.",
            **values,
        )

    # ------------------------------------------------------------------
    # Smart buttons
    # ------------------------------------------------------------------
    def action_view_sale_orders(self):
        return self._action_open_linked(
            "sale.action_orders",
            "consignment_agreement_id",
            {"default_partner_id": self.partner_id.id, "default_consignment_agreement_id": self.id},
        )

    def action_view_reports(self):
        return self._action_open_linked("consignment_sale.consignment_report_action")

    def action_view_customer_overview(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consignment_sale.consignment_customer_stock_action"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        return action

    def action_view_consumption_by_period(self):
        self.ensure_one()
        action = self.action_view_consumption()
        action.update(
            {
                "view_mode": "pivot,graph,list,form",
                "views": [(False, "pivot"), (False, "graph"), (False, "list"), (False, "form")],
                "context": {
                    "pivot_row_groupby": ["date:month"],
                    "pivot_column_groupby": ["product_id"],
                },
            }
        )
        return action
