from collections import defaultdict

from odoo import fields, models
from odoo.tools import float_compare

from odoo.addons.consignment_stock.models.consignment_consumption import QUANTITY_DIGITS

from .consignment_memo_engine import _path_ids


class ConsignmentMemoEngine(models.AbstractModel):
    """The memo of the agreements priced first in, first out follows their receipt layers
    (see ``consignment.consumption._get_fifo_layers``): the goods leave at the price of the
    layer they came from, as the ledger and the bills price them, and the goods held are worth
    their layers, so that a new price version alone revalues nothing."""

    _inherit = "consignment.memo.engine"

    def _get_memo_fifo(self, agreements, flows, move_lines, owners):
        """{agreement id: (layers, prices)} for the agreements of ``agreements`` priced first
        in, first out: ``layers`` ({product: [[quantity, unit price]]}, oldest first) their
        receipt layers still in stock once ``flows`` ({agreement: flows}, see
        ``_get_memo_flows``) are done, ``prices`` ({move line id: unit price}) the price of
        the layers each leaving move line of ``flows`` took its goods from. ``move_lines``:
        all the move lines of ``flows``, done; ``owners``: see ``_get_memo_owners``. As many
        queries whatever the number of agreements and of move lines."""
        agreements = agreements.filtered(
            lambda agreement: agreement.pricing_mode == "fifo" and agreement.location_id
        )
        if not agreements:
            return {}
        receipts, outgoing = self._get_memo_fifo_quantities(agreements, move_lines, owners)
        leaving = {
            agreement.id: [ml for ml, sign in flows.get(agreement, ()) if sign < 0]
            for agreement in agreements
        }
        ledger_prices = self._get_memo_ledger_prices(agreements, leaving)
        Consumption = self.env["consignment.consumption"]
        result = {}
        for agreement in agreements:
            lines_by_product = agreement.line_ids.grouped("product_id")
            agreement_leaving = defaultdict(list)
            for move_line in leaving[agreement.id]:
                agreement_leaving[move_line.product_id].append(move_line)
            layers_by_product, prices = {}, {}
            for product in set(receipts[agreement.id]) | set(agreement_leaving):
                lines = lines_by_product.get(product, agreement.line_ids.browse())
                layers = [
                    [quantity, agreement._get_price(product, day, lines=lines)]
                    for day, quantity in sorted(receipts[agreement.id][product].items())
                ]
                # The goods that left before this batch used up the oldest layers.
                Consumption._take_from_layers(layers, outgoing[agreement.id][product])
                # The ledger priced its move lines of the batch after the others had left.
                for move_line in sorted(
                    agreement_leaving[product],
                    key=lambda ml: (ml.id in ledger_prices, ml.date, ml.id),
                ):
                    quantity = move_line.quantity_product_uom
                    amount = 0.0
                    for used, price in Consumption._take_from_layers(layers, quantity):
                        if price is None:
                            # More leaves than was received here: the ledger prices it by date.
                            price = agreement._get_price(
                                product, fields.Date.to_date(move_line.date), lines=lines
                            )
                        amount += used * price
                    prices[move_line.id] = ledger_prices.get(
                        move_line.id, amount / quantity if quantity else 0.0
                    )
                layers_by_product[product] = [layer for layer in layers if layer[0] > 0]
            result[agreement.id] = (layers_by_product, prices)
        return result

    def _get_memo_fifo_quantities(self, agreements, move_lines, owners):
        """({agreement id: {product: {day: quantity}}}, {agreement id: {product: quantity}}):
        the goods of each agreement's vendor received at its location (from outside it) per
        day, and those that left it before ``move_lines``, in two queries for all."""
        MoveLine = self.env["stock.move.line"].sudo()
        locations = agreements.location_id
        by_location = defaultdict(list)
        for agreement in agreements:
            by_location[agreement.location_id.id].append(agreement)
        common = [("state", "=", "done"), ("owner_id", "in", list(owners))]
        groupby = ["location_id", "location_dest_id", "owner_id", "product_id"]

        def crossing(source, destination, owner):
            """The agreements whose location ``destination`` is in and ``source`` is not."""
            outside = _path_ids(source.parent_path)
            for location_id in _path_ids(destination.parent_path) - outside:
                for agreement in by_location.get(location_id, ()):
                    if agreement.partner_id.commercial_partner_id.id in owners[owner.id]:
                        yield agreement

        receipts = defaultdict(lambda: defaultdict(lambda: defaultdict(float)))
        for source, destination, owner, product, day, quantity in MoveLine._read_group(
            common + [("location_dest_id", "child_of", locations.ids)],
            [*groupby, "date:day"],
            ["quantity_product_uom:sum"],
        ):
            for agreement in crossing(source, destination, owner):
                receipts[agreement.id][product][fields.Date.to_date(day)] += quantity
        outgoing = defaultdict(lambda: defaultdict(float))
        for source, destination, owner, product, quantity in MoveLine._read_group(
            common + [("location_id", "child_of", locations.ids), ("id", "not in", move_lines.ids)],
            groupby,
            ["quantity_product_uom:sum"],
        ):
            for agreement in crossing(destination, source, owner):
                outgoing[agreement.id][product] += quantity
        return receipts, outgoing

    def _get_memo_ledger_prices(self, agreements, leaving):
        """{move line id: unit price} of the ledger records of the ``leaving`` move lines
        ({agreement id: move lines}) of their agreement: what the bills charge for them."""
        pairs = {
            (agreement_id, move_line.id)
            for agreement_id, move_lines in leaving.items()
            for move_line in move_lines
        }
        if not pairs:
            return {}
        records = (
            self.env["consignment.consumption"]
            .sudo()
            .search_fetch(
                [
                    ("agreement_id", "in", agreements.ids),
                    ("move_line_id", "in", [move_line_id for _a, move_line_id in pairs]),
                    ("quantity", ">", 0),
                ],
                ["agreement_id", "move_line_id", "price_unit"],
            )
        )
        return {
            record.move_line_id.id: record.price_unit
            for record in records
            if (record.agreement_id.id, record.move_line_id.id) in pairs
        }

    def _get_memo_fifo_held_amount(self, agreement, date, held, layers, lines_by_product):
        """The goods ``held`` ({product: quantity}) of a first in, first out ``agreement``
        at the prices of its ``layers`` (see ``_get_memo_fifo``): the newest layers hold what
        is at the location; what no layer covers is valued at the price valid on ``date``."""
        Consumption = self.env["consignment.consumption"]
        amount = 0.0
        for product in set(held) | set(layers):
            product_layers = [list(layer) for layer in layers.get(product, ())]
            quantity = held.get(product, 0.0)
            surplus = quantity - sum(layer[0] for layer in product_layers)
            if float_compare(surplus, 0.0, precision_digits=QUANTITY_DIGITS) < 0:
                # Fewer goods than layers: those gone were the oldest.
                Consumption._take_from_layers(product_layers, -surplus)
                surplus = 0.0
            amount += sum(left * price for left, price in product_layers)
            if surplus:
                amount += surplus * agreement._get_price(
                    product, date, lines=lines_by_product.get(product, agreement.line_ids.browse())
                )
        return amount
