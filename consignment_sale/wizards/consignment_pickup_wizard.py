import math
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


def _goods_label(product, lot):
    """The product, and its lot if any, as the messages name them."""
    return f"{product.display_name} ({lot.name})" if lot else product.display_name


class ConsignmentPickupWizard(models.TransientModel):
    """Choose the products, lots and quantities to bring back from a customer's site.

    The pick-up transfer it creates is reserved on exactly the chosen lots and quantities:
    validating it as it stands brings them back, with nothing to edit and no backorder.
    """

    _name = "consignment.pickup.wizard"
    _description = "Pick Up Consigned Goods"

    agreement_id = fields.Many2one(
        "consignment.agreement",
        required=True,
        ondelete="cascade",
        domain="[('consignment_type', '=', 'customer'), ('state', 'in', ('active', 'terminating'))]",
        help="Customer agreement whose goods are brought back from the customer's site.",
    )
    company_id = fields.Many2one(related="agreement_id.company_id")
    location_id = fields.Many2one(
        related="agreement_id.location_id",
        string="From",
        help="The customer's consignment location the goods are picked up from.",
    )
    line_ids = fields.One2many(
        "consignment.pickup.wizard.line",
        "wizard_id",
        string="Goods",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        help="One line per product and lot standing at the customer's site, with all of it to "
        "pick up. Lower a quantity or remove a line to leave goods at the site.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        # Refused at once, not when the lines are first read.
        for wizard in wizards:
            wizard.agreement_id._check_pickup()
        return wizards

    @api.depends("agreement_id")
    def _compute_line_ids(self):
        for wizard in self:
            wizard.line_ids = [Command.clear()] + [
                Command.create({"product_id": product.id, "lot_id": lot.id, "quantity": available})
                for (product, lot), (available, _quants) in wizard._get_pickup_stock().items()
            ]

    def _get_pickup_stock(self):
        """{(product, lot): [quantity free to pick up, quants]} at the customer's site, in
        the product's unit, sorted by product and lot. Read as superuser once the user's
        right to pick up from the agreement is checked."""
        self.ensure_one()
        if not self.agreement_id:
            return {}
        self.agreement_id._check_pickup()
        stock = defaultdict(lambda: [0.0, self.env["stock.quant"].sudo()])
        for quant in self.agreement_id._get_pickup_quants():
            entry = stock[quant.product_id, quant.lot_id]
            entry[0] += quant.quantity - quant.reserved_quantity
            entry[1] |= quant
        return dict(
            sorted(
                stock.items(),
                key=lambda item: (item[0][0].display_name, item[0][1].name or ""),
            )
        )

    def action_create_pickup(self):
        """Create the pick-up transfer of the lines and return its form. Every line is checked
        against what stands at the site now; nothing is created while one is wrong."""
        self.ensure_one()
        agreement = self.agreement_id
        # Checks the user's role on the agreement before anything is read.
        stock = self._get_pickup_stock()
        quantities = self._get_pickup_quantities(stock)
        picking = self._create_pickup_picking(quantities, stock)
        # Warehouse staff read agreements only: the chatter is written once the role passed.
        agreement.sudo().message_post(
            body=self.env._("Pick-up %(picking)s created.", picking=picking.name),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _get_pickup_quantities(self, stock):
        """{(product, lot): quantity} of the lines, lines of the same product and lot added up.

        :raises ValidationError: naming every product and lot whose quantity is not above
            zero or more than is free to pick up at the site.
        """
        location = self.location_id.display_name
        errors = []
        quantities = defaultdict(float)
        for line in self.line_ids:
            if (
                not math.isfinite(line.quantity)
                or line.product_id.uom_id.compare(line.quantity, 0.0) <= 0
            ):
                errors.append(
                    self.env._(
                        "%(product)s: enter a quantity above zero to pick up, or remove the line.",
                        product=_goods_label(line.product_id, line.lot_id),
                    )
                )
                continue
            quantities[line.product_id, line.lot_id] += line.quantity
        for (product, lot), quantity in quantities.items():
            available = stock.get((product, lot), [0.0])[0]
            uom = product.uom_id
            # Plain comparison first: a huge number must not reach the unit's rounding.
            if quantity > available + uom.rounding or uom.compare(quantity, available) > 0:
                errors.append(
                    self.env._(
                        "%(product)s: %(quantity)s %(unit)s to pick up, but only %(available)s "
                        "%(unit)s stand at %(location)s free of other transfers.",
                        product=_goods_label(product, lot),
                        quantity=quantity,
                        available=uom.round(available),
                        unit=uom.name,
                        location=location,
                    )
                )
        if errors:
            raise ValidationError("\n".join(dict.fromkeys(errors)))
        if not quantities:
            raise UserError(
                self.env._(
                    "Nothing to pick up: keep at least one line with the quantity to bring "
                    "back from %(location)s.",
                    location=location,
                )
            )
        return quantities

    def _create_pickup_picking(self, quantities, stock):
        """The confirmed transfer from the customer's site to the warehouse's stock, one move
        per product, reserved on the quants of the chosen lots (created as superuser: the
        caller's role has been checked)."""
        agreement = self.agreement_id.sudo()
        warehouse = agreement.warehouse_id or agreement.location_id.warehouse_id
        if not warehouse.int_type_id:
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s has no warehouse with internal transfers to bring "
                    "the goods back to: set its Warehouse.",
                    agreement=agreement.display_name,
                )
            )
        by_product = defaultdict(float)
        for (product, _lot), quantity in quantities.items():
            by_product[product] += quantity
        common = {
            "location_id": agreement.location_id.id,
            "location_dest_id": warehouse.lot_stock_id.id,
            "company_id": agreement.company_id.id,
        }
        picking = (
            self.env["stock.picking"]
            .sudo()
            .with_company(agreement.company_id)
            .create(
                {
                    **common,
                    "picking_type_id": warehouse.int_type_id.id,
                    "partner_id": agreement.partner_id.id,
                    "origin": self.env._("Pick-up %(agreement)s", agreement=agreement.name),
                    "move_ids": [
                        Command.create(
                            {
                                **common,
                                "product_id": product.id,
                                "product_uom": product.uom_id.id,
                                "product_uom_qty": quantity,
                            }
                        )
                        for product, quantity in by_product.items()
                    ],
                }
            )
        )
        picking.action_confirm()
        # Confirming may reserve any lot of the products: reserve the chosen ones instead.
        picking.do_unreserve()
        self._reserve_chosen_quants(picking, quantities, stock)
        return picking

    def _reserve_chosen_quants(self, picking, quantities, stock):
        """Reserve the picking's moves on the quants of the chosen products and lots."""
        moves = {move.product_id: move for move in picking.move_ids}
        line_values = []
        for (product, lot), quantity in quantities.items():
            remaining = quantity
            for quant in stock[product, lot][1]:
                taken = min(quant.quantity - quant.reserved_quantity, remaining)
                if product.uom_id.compare(taken, 0.0) <= 0:
                    continue
                line_values.append(
                    moves[product]._prepare_move_line_vals(quantity=taken, reserved_quant=quant)
                )
                remaining -= taken
        self.env["stock.move.line"].sudo().create(line_values)


class ConsignmentPickupWizardLine(models.TransientModel):
    _name = "consignment.pickup.wizard.line"
    _description = "Consigned Goods to Pick Up"
    _check_company_auto = True

    wizard_id = fields.Many2one("consignment.pickup.wizard", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="wizard_id.company_id")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        help="Product standing at the customer's site.",
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
        help="Lot or serial number of the goods.",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    available_qty = fields.Float(
        string="At Customer",
        digits="Product Unit",
        compute="_compute_available_qty",
        help="Quantity of this product and lot at the customer's site that no other transfer "
        "has reserved.",
    )
    quantity = fields.Float(
        string="To Pick Up",
        digits="Product Unit",
        help="Quantity to bring back to the warehouse; the rest stays at the customer's site.",
    )

    @api.depends("wizard_id.agreement_id", "product_id", "lot_id")
    def _compute_available_qty(self):
        stocks = {}
        for line in self:
            wizard = line.wizard_id
            if wizard not in stocks:
                stocks[wizard] = wizard._get_pickup_stock() if wizard else {}
            line.available_qty = stocks[wizard].get((line.product_id, line.lot_id), [0.0])[0]
