from odoo import api, fields, models
from odoo.tools import float_compare, float_is_zero

from .consignment_consumption import QUANTITY_DIGITS
from .stock_quant import RESERVATION_OWNER_KEY


class StockMove(models.Model):
    _inherit = "stock.move"

    # The count's variance moves are told apart from ordinary adjustments by this mark: the
    # statement reports them once, as the variance, and never again as consumed or adjusted.
    consignment_count_id = fields.Many2one(
        "consignment.count",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The consignment count whose difference this move posts.",
    )

    def _action_done(self, cancel_backorder=False):
        # Owners first: the first in, first out split and the capture read them.
        self._consignment_take_vendor_ownership()
        self._consignment_split_by_fifo_layer()
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        self.env["consignment.consumption"]._capture_move_lines(moves.move_line_ids)
        return moves

    def _consignment_take_vendor_ownership(self):
        """A vendor's consignment location holds only that vendor's goods (our own goods are
        refused there, see stock.move.line): move lines that leave it without owner (a
        quantity typed beyond what was reserved, or taken by hand when the agreement reserves
        nothing by itself) take the vendor as owner. They leave the vendor's stock and enter
        the ledger, instead of driving a quant without owner below zero there."""
        move_lines = self.filtered(
            lambda move: move.state not in ("done", "cancel") and move.picked
        ).move_line_ids.filtered(lambda ml: ml.picked and not ml.owner_id and ml.quantity > 0)
        if not move_lines:
            return
        roots = move_lines.location_id._get_consignment_root()
        for move_line in move_lines:
            root = roots[move_line.location_id]
            if root.consignment_type == "vendor":
                move_line.owner_id = root.consignment_partner_id.commercial_partner_id

    @api.depends("origin")
    def _compute_reference(self):
        result = super()._compute_reference()
        # Take-overs from consignment have no transfer: they are known by their agreement.
        for move in self:
            if not move.reference and (
                move.location_id.consignment_ownership_transfer
                or move.location_dest_id.consignment_ownership_transfer
            ):
                move.reference = move.origin
        return result

    # ------------------------------------------------------------------
    # Reservation
    # ------------------------------------------------------------------
    def _update_reserved_quantity_vals(
        self, need, location_id, lot_id=None, package_id=None, owner_id=None, strict=True
    ):
        if not strict and not owner_id:
            self = self._consignment_with_reservation_owner()
        return super()._update_reserved_quantity_vals(
            need, location_id, lot_id, package_id, owner_id, strict
        )

    def _set_quantity_done_prepare_vals(self, qty):
        # Setting a move's quantity without reserving first (the point of sale, a quantity
        # typed on a transfer) takes quants too: the same reservation policy must decide whose.
        return super(
            StockMove, self._consignment_with_reservation_owner()
        )._set_quantity_done_prepare_vals(qty)

    def _consignment_with_reservation_owner(self):
        """This move, telling the quants which owner the operation asks for, so that the
        reservation policy of consignment agreements applies (see stock.quant._gather)."""
        requested_owner = self.restrict_partner_id or self.picking_id.owner_id
        return self.with_context(
            **{RESERVATION_OWNER_KEY: requested_owner.commercial_partner_id.id or False}
        )

    # ------------------------------------------------------------------
    # Chained moves keep the owner
    # ------------------------------------------------------------------
    def _prepare_procurement_values(self):
        values = super()._prepare_procurement_values()
        if self.restrict_partner_id:
            values["restrict_partner_id"] = self.restrict_partner_id.id
        return values

    # ------------------------------------------------------------------
    # Valuation of goods taken into own stock
    # ------------------------------------------------------------------
    def _get_value_from_quotation(self, quantity, at_date=None):
        # Goods taken over from a vendor's consignment enter our books at the agreement price,
        # which the take-over stores on the move, as a purchase order line would for a receipt.
        if not self.location_id.consignment_ownership_transfer or not self.price_unit:
            return super()._get_value_from_quotation(quantity, at_date)
        value = self.price_unit * quantity
        return {
            "value": value,
            "quantity": quantity,
            "description": self.env._(
                "%(value)s for %(quantity)s %(unit)s taken over from consignment at the "
                "agreement price",
                value=self.company_currency_id.format(value),
                quantity=quantity,
                unit=self.product_id.uom_id.name,
            ),
        }

    # ------------------------------------------------------------------
    # FIFO pricing: one move line per price layer
    # ------------------------------------------------------------------
    def _consignment_split_by_fifo_layer(self):
        """Split the move lines that consume vendor goods priced first in, first out, so that
        each one sits in a single receipt price layer.

        The ledger holds one record per move line and prices it by the layers it uses up; a
        move line spanning two layers becomes two move lines, each billable at its own price.
        Lines are used up in the order the ledger reads them (by id), and new lines come after
        all existing ones, so the split mirrors exactly what the ledger will see.
        """
        Consumption = self.env["consignment.consumption"]
        new_quantities = {}
        new_lines_values = []
        for (agreement, product), lines in self._consignment_get_fifo_move_lines().items():
            layers = self._consignment_merge_equal_layers(
                Consumption._get_fifo_layers(agreement, product)
            )
            for line, piece, is_line in self._consignment_cut_into_layers(layers, lines):
                if is_line:
                    if piece != line.quantity:
                        new_quantities[line] = piece
                else:
                    # Created in the order they are read, so their ids keep that order.
                    new_lines_values.append(line.copy_data({"quantity": piece, "picked": True})[0])
        if not new_lines_values:
            return
        for line, quantity in new_quantities.items():
            line.quantity = quantity
        self.env["stock.move.line"].create(new_lines_values)

    @staticmethod
    def _consignment_is_fifo_vendor(agreement):
        return agreement.consignment_type == "vendor" and agreement.pricing_mode == "fifo"

    def _consignment_get_fifo_move_lines(self):
        """The picked move lines of these moves that consume vendor goods priced first in,
        first out, by (agreement, product). Lines in another unit than the product's are left
        out: the ledger's layers are in the product's unit."""
        move_lines = self.filtered(
            lambda move: move.state not in ("done", "cancel") and move.picked
        ).move_line_ids.filtered(lambda ml: ml.picked and ml.quantity > 0)
        if not move_lines:
            return {}
        Consumption = self.env["consignment.consumption"]
        agreements = Consumption._get_running_agreements(move_lines.company_id)
        if not agreements.filtered(self._consignment_is_fifo_vendor):
            return {}
        consumed, _returned = Consumption._classify_move_lines(move_lines, agreements)
        groups = {}
        for move_line, agreement in consumed:
            if (
                self._consignment_is_fifo_vendor(agreement)
                and move_line.product_uom_id == move_line.product_id.uom_id
            ):
                groups.setdefault((agreement, move_line.product_id), []).append(move_line)
        return groups

    @api.model
    def _consignment_cut_into_layers(self, layers, lines):
        """Cut ``lines`` (move lines of one product) into pieces that each use up a single
        price layer of ``layers`` (changed in place), in the order the ledger reads them.

        :returns: list of (move line, quantity, whether the piece stays on the line itself or
            is split off it)"""
        Consumption = self.env["consignment.consumption"]
        pieces = []
        queue = [(line, line.quantity, True) for line in sorted(lines, key=lambda ml: ml.id)]
        while queue:
            line, quantity, is_line = queue.pop(0)
            layer = next(
                (
                    layer
                    for layer in layers
                    if not float_is_zero(layer[0], precision_digits=QUANTITY_DIGITS)
                ),
                None,
            )
            if (
                layer is None
                or float_compare(quantity, layer[0], precision_digits=QUANTITY_DIGITS) <= 0
            ):
                Consumption._take_from_layers(layers, quantity)
                piece = quantity
            else:
                piece = layer[0]
                layer[0] = 0.0
                # The rest is read after every line existing by then: queue it at the end.
                queue.append((line, quantity - piece, False))
            pieces.append((line, piece, is_line))
        return pieces

    @staticmethod
    def _consignment_merge_equal_layers(layers):
        merged = []
        for quantity, price in layers:
            if merged and merged[-1][1] == price:
                merged[-1][0] += quantity
            else:
                merged.append([quantity, price])
        return merged
