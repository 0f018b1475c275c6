from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Command

# Order of the lines in a memo entry.
MEMO_KINDS = (
    "received",
    "consumed",
    "consumption_returned",
    "scrapped",
    "returned",
    "count",
    "take_over",
    "other",
    "revaluation",
)


class ConsignmentMemoEngine(models.AbstractModel):
    """Memo (off-balance) accounting of the vendors' consigned stock.

    The vendors' goods at their consignment locations are carried at the agreement prices on
    two off-balance accounts of the company (memo inventory against memo supplier), with the
    vendor as partner. Every done move line of a vendor's goods that crosses the boundary of
    its agreement's location moves them: one posted entry per agreement and batch of moves,
    one pair of lines per kind of movement, whatever the number of move lines."""

    _name = "consignment.memo.engine"
    _description = "Consignment Memo Accounting Engine"

    @api.model
    def _book_move_lines(self, move_lines):
        """Post the memo entries of these done move lines; returns them."""
        Move = self.env["account.move"].sudo()
        # One prefetch set for the whole batch, whatever recordset the caller gives.
        move_lines = (
            self.env["stock.move.line"]
            .sudo()
            .browse(move_lines.ids)
            .filtered(lambda ml: ml.state == "done" and ml.quantity)
        )
        if not move_lines.company_id.filtered("consignment_memo_accounting"):
            return Move
        move_values = []
        for agreement, flows in self._get_memo_flows(move_lines).items():
            values = self._prepare_memo_entry_values(agreement, flows)
            if values:
                move_values.append(values)
        if not move_values:
            return Move
        moves = Move.create(move_values)
        moves._post()
        return moves

    @api.model
    def _get_memo_flows(self, move_lines):
        """{agreement: [(move line, +1 entering / -1 leaving its location)]}: the move lines
        of the vendor's goods that enter or leave the location of a running vendor agreement
        with memo accounting. A move line between two agreements' locations counts for
        both."""
        locations = move_lines.location_id | move_lines.location_dest_id
        roots = locations._get_consignment_root()
        vendor_roots = {root.id for root in roots.values() if root.consignment_type == "vendor"}
        if not vendor_roots:
            return {}
        agreements = (
            self.env["consignment.agreement"]
            .sudo()
            .search(
                [
                    ("consignment_type", "=", "vendor"),
                    ("state", "in", ("active", "terminating")),
                    ("location_id", "in", list(vendor_roots)),
                    ("company_id.consignment_memo_accounting", "=", True),
                ],
                order="id",
            )
        )
        by_location = {}
        for agreement in agreements:
            by_location.setdefault(agreement.location_id.id, agreement)
        flows = defaultdict(list)
        for move_line in move_lines:
            source = roots[move_line.location_id]
            destination = roots[move_line.location_dest_id]
            if source == destination:
                continue
            owner = move_line.owner_id.commercial_partner_id
            for root, sign in ((source, -1.0), (destination, 1.0)):
                agreement = by_location.get(root.id)
                if agreement and owner == agreement.partner_id.commercial_partner_id:
                    flows[agreement].append((move_line, sign))
        return flows

    @api.model
    def _get_memo_kind(self, move_line, sign):
        """What a move line does to the vendor's consigned stock, for the line labels."""
        if move_line.move_id.consignment_count_id:
            return "count"
        other = move_line.location_dest_id if sign < 0 else move_line.location_id
        if other.consignment_ownership_transfer:
            return "take_over" if sign < 0 else "other"
        if other.usage == "supplier":
            return "received" if sign > 0 else "returned"
        if other.usage in ("customer", "production"):
            return "consumed" if sign < 0 else "consumption_returned"
        if other.usage == "inventory" and sign < 0:
            return "scrapped"
        return "other"

    @api.model
    def _get_memo_kind_labels(self):
        return {
            "received": self.env._("Received"),
            "consumed": self.env._("Consumed"),
            "consumption_returned": self.env._("Consumption returned"),
            "scrapped": self.env._("Scrapped or lost"),
            "returned": self.env._("Returned to the vendor"),
            "count": self.env._("Count difference"),
            "take_over": self.env._("Taken into own stock"),
            "other": self.env._("Other movements"),
            "revaluation": self.env._("Revaluation at agreement prices"),
        }

    @api.model
    def _get_memo_date(self, flows):
        forced = self.env.context.get("consignment_memo_date") or self.env.context.get(
            "force_period_date"
        )
        if forced:
            return fields.Date.to_date(forced)
        return max(fields.Date.context_today(self, move_line.date) for move_line, _sign in flows)

    def _prepare_memo_entry_values(self, agreement, flows):
        """Values of the memo entry of ``flows`` (see ``_get_memo_flows``) of ``agreement``;
        empty when its company has no memo accounts or journal, or nothing to book.

        Each movement is valued at the agreement price valid on its day. A last line
        revalues the goods held to the prices valid on the entry's day (a price change, an
        exchange rate, rounding), so that after each entry the memo balance of the
        agreement is its stock times its prices."""
        company = agreement.company_id
        inventory, supplier = company._get_consignment_memo_accounts()
        journal = self.env["consignment.consumption"]._consignment_get_journal(company)
        if not inventory or not supplier or not journal:
            return {}
        date = self._get_memo_date(flows)
        lines_by_product = agreement.line_ids.grouped("product_id")
        # The prices are converted to each product's unit: read the units at once.
        agreement.line_ids.product_id.mapped("uom_id")
        totals = self._sum_memo_flows(agreement, flows, lines_by_product)
        totals[("revaluation", 1.0)] = self._get_memo_revaluation(
            agreement, inventory, date, totals, lines_by_product
        )
        vendor = agreement.partner_id.commercial_partner_id
        labels = self._get_memo_kind_labels()
        line_values = []
        # Goods in and goods out of one kind (a count's) stay on separate lines.
        for key in ((kind, sign) for kind in MEMO_KINDS for sign in (1.0, -1.0)):
            total = totals.get(key)
            if not total or (
                company.currency_id.is_zero(total["balance"])
                and agreement.currency_id.is_zero(total["amount"])
            ):
                continue
            name = labels[key[0]]
            products = sorted(total.get("products", ()), key=lambda product: product.id)
            if products:
                names = ", ".join(product.display_name for product in products[:3])
                name = f"{name}: {names}{', ...' if len(products) > 3 else ''}"
            for account, side in ((inventory, 1.0), (supplier, -1.0)):
                line_values.append(
                    Command.create(
                        {
                            "name": name,
                            "account_id": account.id,
                            "partner_id": vendor.id,
                            "currency_id": agreement.currency_id.id,
                            "balance": side * total["balance"],
                            "amount_currency": side * total["amount"],
                        }
                    )
                )
        if not line_values:
            return {}
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "company_id": company.id,
            "date": date,
            "ref": self._get_memo_ref(agreement, flows),
            "consignment_memo_agreement_id": agreement.id,
            "line_ids": line_values,
        }

    def _sum_memo_flows(self, agreement, flows, lines_by_product):
        """{(kind, sign): {"amount": in the agreement's currency, "balance": in the
        company's, "products": set}} of ``flows``, each move line at the agreement price of
        its day, converted at its day's rate."""
        company = agreement.company_id
        currency = agreement.currency_id
        by_kind_day = defaultdict(lambda: defaultdict(float))
        products = defaultdict(set)
        for move_line, sign in flows:
            product = move_line.product_id
            # The day the ledger prices a consumption of that move line at.
            price = agreement._get_price(
                product,
                fields.Date.to_date(move_line.date),
                lines=lines_by_product.get(product, agreement.line_ids.browse()),
            )
            key = (self._get_memo_kind(move_line, sign), sign)
            day = fields.Date.context_today(self, move_line.date)
            by_kind_day[key][day] += sign * move_line.quantity_product_uom * price
            products[key].add(product)
        totals = {}
        for key, by_day in by_kind_day.items():
            totals[key] = {
                "amount": currency.round(sum(by_day.values())),
                "balance": company.currency_id.round(
                    sum(
                        currency._convert(amount, company.currency_id, company, day)
                        for day, amount in by_day.items()
                    )
                ),
                "products": products[key],
            }
        return totals

    def _get_memo_revaluation(self, agreement, inventory, date, totals, lines_by_product):
        """{"amount", "balance"} that brings the agreement's memo balance, with ``totals``
        booked, to the vendor's stock at its location times the prices valid on ``date``."""
        company = agreement.company_id
        currency = agreement.currency_id
        vendor = agreement.partner_id.commercial_partner_id
        held = 0.0
        for product, quantity in (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("location_id", "child_of", agreement.location_id.id),
                    ("owner_id", "child_of", vendor.id),
                ],
                ["product_id"],
                ["quantity:sum"],
            )
        ):
            held += quantity * agreement._get_price(
                product, date, lines=lines_by_product.get(product, agreement.line_ids.browse())
            )
        held = currency.round(held)
        booked_amount, booked_balance = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("move_id.consignment_memo_agreement_id", "=", agreement.id),
                    ("account_id", "=", inventory.id),
                    ("parent_state", "=", "posted"),
                ],
                [],
                ["amount_currency:sum", "balance:sum"],
            )[0]
        )
        moved_amount = sum(total["amount"] for total in totals.values())
        moved_balance = sum(total["balance"] for total in totals.values())
        held_balance = currency._convert(held, company.currency_id, company, date)
        return {
            "amount": currency.round(held - (booked_amount or 0.0) - moved_amount),
            "balance": company.currency_id.round(
                held_balance - (booked_balance or 0.0) - moved_balance
            ),
        }

    def _get_memo_ref(self, agreement, flows):
        documents = sorted(
            {
                move_line.picking_id.name
                or move_line.move_id.reference
                or move_line.move_id.origin
                or ""
                for move_line, _sign in flows
            }
            - {""}
        )
        return self.env._(
            "Memo: %(agreement)s%(documents)s",
            agreement=agreement.name,
            documents=f", {', '.join(documents[:5])}" if documents else "",
        )
