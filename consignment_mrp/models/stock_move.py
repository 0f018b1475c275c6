from odoo import api, fields, models
from odoo.exceptions import AccessError


class StockMove(models.Model):
    _inherit = "stock.move"

    consignment_value = fields.Monetary(
        string="Consigned Value",
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
        help="Part of the move's value that is a vendor's consigned goods, bought at the "
        "agreement price when consumed (included in Value).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("consignment_value") for vals in vals_list):
            self._consignment_check_value_write()
        return super().create(vals_list)

    def write(self, vals):
        if "consignment_value" in vals:
            self._consignment_check_value_write()
        return super().write(vals)

    def _consignment_check_value_write(self):
        """The consigned value is taken off Odoo's stock entry and carried into the finished
        product's cost: set by hand it would change both, so only the consumption capture
        (running as superuser) sets it."""
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "The consigned value of a stock move is set when the move consumes a "
                    "vendor's consigned goods at the agreement price; it cannot be written by "
                    "hand."
                )
            )

    def _action_done(self, cancel_backorder=False):
        self._consignment_unbuild_take_ownership()
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        # The ledger is written by now (consignment_stock): the consigned goods are ours at the
        # agreement price, and the manufacturing order's cost (_cal_price) adds up move values.
        moves._consignment_add_consumed_value()
        return moves

    def _consignment_carries_value(self):
        """Whether the consigned goods this move consumes carry their agreement price on to
        what is made of them (a manufacturing order's component), rather than being an
        expense of their own."""
        self.ensure_one()
        # A component scrapped during production (also linked to the order) is a loss, not
        # part of the product's cost, as for our own components.
        return bool(self.raw_material_production_id) and self.location_dest_id.usage == "production"

    def _consignment_get_ledger(self):
        """The vendor ledger records that these moves' own move lines wrote."""
        return (
            self.env["consignment.consumption"]
            .sudo()
            .search(
                [
                    ("move_line_id", "in", self.move_line_ids.ids),
                    ("consignment_type", "=", "vendor"),
                    ("reversed_consumption_id", "=", False),
                    ("state", "!=", "cancelled"),
                ]
            )
        )

    def _consignment_add_consumed_value(self):
        moves = self.filtered(
            lambda move: (
                move.state == "done"
                and not move.consignment_value
                and move._consignment_carries_value()
            )
        )
        if not moves:
            return
        value_by_move = {}
        for record in moves._consignment_get_ledger():
            move = record.move_line_id.move_id
            company = record.company_id
            value_by_move[move] = value_by_move.get(move, 0.0) + record.currency_id._convert(
                record.amount, company.currency_id, company, fields.Date.to_date(record.date)
            )
        for move, value in value_by_move.items():
            value = move.company_currency_id.round(value)
            move.sudo().write({"value": move.value + value, "consignment_value": value})

    def _get_aml_value(self):
        # Odoo's own stock entry moves our stock's value only: the consigned part is booked
        # against the consignment liability by the consumption entry.
        return super()._get_aml_value() - self.consignment_value

    # ------------------------------------------------------------------
    # Unbuild: components that were consigned come back as our goods
    # ------------------------------------------------------------------
    def _consignment_unbuild_take_ownership(self):
        """Unbuilding copies the owner of the components' move lines; consigned components were
        bought when consumed, so they come back as ours (without owner), and the ledger keeps
        them consumed."""
        moves = self.filtered(
            lambda move: (
                move.unbuild_id
                and move.origin_returned_move_id.consignment_value
                and move.state not in ("done", "cancel")
            )
        )
        if not moves:
            return
        vendors = moves.origin_returned_move_id._consignment_get_ledger().partner_id
        moves.move_line_ids.filtered(
            lambda ml: ml.owner_id and ml.owner_id.commercial_partner_id in vendors
        ).write({"owner_id": False})

    def _get_value_from_returns(self, quantity, at_date=None):
        origin = self.origin_returned_move_id
        if not (self.unbuild_id and origin.consignment_value):
            return super()._get_value_from_returns(quantity, at_date)
        # At the cost they entered production: own and consigned parts together.
        origin_quantity = origin.product_uom._compute_quantity(
            origin.quantity, origin.product_id.uom_id
        )
        value = origin.value * quantity / origin_quantity if origin_quantity else 0.0
        return {
            "value": value,
            "quantity": quantity,
            "description": self.env._(
                "%(value)s for %(quantity)s %(unit)s at the cost they entered %(reference)s",
                value=self.company_currency_id.format(value),
                quantity=quantity,
                unit=self.product_id.uom_id.name,
                reference=origin.reference,
            ),
        }
