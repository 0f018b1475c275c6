from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Command, Domain
from odoo.tools import SQL

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


def _path_ids(parent_path):
    """The ids of a record and its ancestors, from its ``parent_path``."""
    return {int(record_id) for record_id in (parent_path or "").split("/") if record_id}


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
        return self._post_memo_entries(self._prepare_memo_move_values(move_lines))

    @api.model
    def _prepare_memo_move_values(self, move_lines):
        """Values of the memo entries of these done move lines, one per agreement; as many
        queries whatever the number of move lines and of agreements."""
        # One prefetch set for the whole batch, whatever recordset the caller gives.
        move_lines = (
            self.env["stock.move.line"]
            .sudo()
            .browse(move_lines.ids)
            .filtered(lambda ml: ml.state == "done" and ml.quantity)
        )
        if not move_lines.company_id.filtered("consignment_memo_accounting"):
            return []
        flows = self._get_memo_flows(move_lines)
        # A revaluation run or another validation booking the same agreement's memo at the
        # same moment conflicts with this one (see consignment.memo.lock).
        self.env["consignment.memo.lock"].sudo()._claim(
            self.env["consignment.agreement"].browse([agreement.id for agreement in flows])
        )
        return self._prepare_memo_entries(
            flows, {agreement: self._get_memo_date(lines) for agreement, lines in flows.items()}
        )

    def _prepare_memo_entries(self, flows, dates):
        """Values of one memo entry per agreement of ``flows`` ({agreement: flows}, see
        ``_get_memo_flows``; no flows: a revaluation alone), dated ``dates[agreement]``. The
        goods held, their layers and the memo booked are read for all the agreements at
        once."""
        if not flows:
            return []
        agreements = self.env["consignment.agreement"].sudo().browse([a.id for a in flows])
        owners = self._get_memo_owners(agreements.partner_id.commercial_partner_id)
        held = self._get_memo_held(agreements, owners)
        booked = self._get_memo_booked(agreements)
        move_lines = (
            self.env["stock.move.line"]
            .sudo()
            .browse(sorted({ml.id for lines in flows.values() for ml, _sign in lines}))
        )
        fifo = self._get_memo_fifo(agreements, flows, move_lines, owners)
        move_values = []
        for agreement, agreement_flows in flows.items():
            values = self._prepare_memo_entry_values(
                agreement,
                agreement_flows,
                dates[agreement],
                held.get(agreement.id, {}),
                booked.get(agreement.id, (0.0, 0.0)),
                fifo=fifo.get(agreement.id),
            )
            if values:
                move_values.append(values)
        return move_values

    def _post_memo_entries(self, move_values):
        Move = self.env["account.move"].sudo()
        if not move_values:
            return Move
        moves = Move.create(move_values)
        moves._post()
        return moves

    @api.model
    def _get_memo_agreements(self, domain=()):
        """{location id: agreement}: the running vendor agreements with memo accounting (of
        ``domain``), the oldest of each location, which the memo of its goods follows."""
        agreements = (
            self.env["consignment.agreement"]
            .sudo()
            .search(
                Domain(
                    [
                        ("consignment_type", "=", "vendor"),
                        ("state", "in", ("active", "terminating")),
                        ("location_id", "!=", False),
                        ("company_id.consignment_memo_accounting", "=", True),
                    ]
                )
                & Domain(list(domain)),
                order="id",
            )
        )
        by_location = {}
        for agreement in agreements:
            by_location.setdefault(agreement.location_id.id, agreement)
        return by_location

    @api.model
    def _cron_revalue_memo(self):
        """Daily: bring the memo of every running vendor agreement to its vendor's stock at
        the agreement prices valid today, so that a new price version (or exchange rate)
        reaches the memo without waiting for the vendor's next movement."""
        agreements = self._get_memo_agreements().values()
        return self._revalue_memo(
            self.env["consignment.agreement"].browse([agreement.id for agreement in agreements])
        )

    @api.model
    def _revalue_memo(self, agreements, date=None):
        """Post, per agreement of ``agreements`` whose memo inventory differs from its
        vendor's stock at its location times the prices valid on ``date`` (default today),
        one revaluation entry of the difference, dated ``date``; returns them. Running it
        again posts nothing new; agreements a concurrent run holds are left to it."""
        date = date or fields.Date.context_today(self)
        entries = self.env["account.move"].sudo()
        agreements = self._lock_memo_agreements(agreements.sudo())
        self.env["consignment.memo.lock"].sudo()._claim(agreements)
        for company, company_agreements in agreements.grouped("company_id").items():
            engine = self.with_company(company)
            entries |= engine._post_memo_entries(
                engine._prepare_memo_entries(
                    {agreement: [] for agreement in company_agreements},
                    dict.fromkeys(company_agreements, date),
                )
            )
        return entries

    def _lock_memo_agreements(self, agreements):
        """The agreements of ``agreements`` this revaluation run now holds: a
        transaction-level advisory lock per agreement, taken without waiting, so that
        concurrent runs leave each other's agreements alone (their conflicts with stock
        validations are ``consignment.memo.lock``'s)."""
        if not agreements:
            return agreements
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM unnest(%s::int[]) AS id
                 WHERE pg_try_advisory_xact_lock(hashtext('consignment.memo.engine'), id)
                 ORDER BY id
                """,
                sorted(agreements.ids),
            )
        )
        return agreements.browse([row[0] for row in rows])

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
        by_location = self._get_memo_agreements([("location_id", "in", list(vendor_roots))])
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

    def _prepare_memo_entry_values(self, agreement, flows, date, held, booked, fifo=None):
        """Values of the memo entry of ``flows`` (see ``_get_memo_flows``) of ``agreement``
        on ``date``, ``held`` ({product: quantity}) its vendor's goods at its location and
        ``booked`` (amount, balance) its memo inventory; empty when its company has no memo
        accounts or journal, or nothing to book. ``fifo``: (layers, prices) of an agreement
        priced first in, first out (see ``_get_memo_fifo``).

        Each movement is valued at the agreement price valid on its day; first in, first
        out, the goods leave at the price of their layer. A last line revalues the goods
        held to the prices valid on the entry's day (first in, first out: their layers'),
        for a price change, an exchange rate, rounding, so that after each entry the memo
        balance of the agreement is its stock at its prices."""
        layers, prices = fifo or (None, {})
        company = agreement.company_id
        inventory, supplier = company._get_consignment_memo_accounts()
        journal = self.env["consignment.consumption"]._consignment_get_journal(company)
        if not inventory or not supplier or not journal:
            return {}
        lines_by_product = agreement.line_ids.grouped("product_id")
        # The prices are converted to each product's unit: read the units at once.
        agreement.line_ids.product_id.mapped("uom_id")
        totals = self._sum_memo_flows(agreement, flows, lines_by_product, prices)
        totals[("revaluation", 1.0)] = self._get_memo_revaluation(
            agreement, date, totals, lines_by_product, held, booked, layers
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

    def _sum_memo_flows(self, agreement, flows, lines_by_product, prices=None):
        """{(kind, sign): {"amount": in the agreement's currency, "balance": in the
        company's, "products": set}} of ``flows``, each move line at its unit price in
        ``prices`` ({move line id: price}) or else at the agreement price of its day,
        converted at its day's rate."""
        prices = prices or {}
        company = agreement.company_id
        currency = agreement.currency_id
        by_kind_day = defaultdict(lambda: defaultdict(float))
        products = defaultdict(set)
        for move_line, sign in flows:
            product = move_line.product_id
            price = prices.get(move_line.id)
            if price is None:
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

    def _get_memo_held(self, agreements, owners=None):
        """{agreement id: {product: quantity}}: the goods of each agreement's vendor (and its
        contacts, ``owners``: see ``_get_memo_owners``) at its location or below, for all the
        agreements in one query."""
        held = defaultdict(lambda: defaultdict(float))
        agreements = agreements.filtered("location_id")
        if not agreements:
            return held
        if owners is None:
            owners = self._get_memo_owners(agreements.partner_id.commercial_partner_id)
        by_location = defaultdict(list)
        for agreement in agreements:
            by_location[agreement.location_id.id].append(agreement)
        for location, owner, product, quantity in (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("location_id", "child_of", agreements.location_id.ids),
                    ("owner_id", "in", list(owners)),
                ],
                ["location_id", "owner_id", "product_id"],
                ["quantity:sum"],
            )
        ):
            # The pairs of location and vendor of each agreement, as a domain per agreement
            # would select them.
            for location_id in _path_ids(location.parent_path):
                for agreement in by_location.get(location_id, ()):
                    if agreement.partner_id.commercial_partner_id.id in owners[owner.id]:
                        held[agreement.id][product] += quantity
        return held

    def _get_memo_owners(self, vendors):
        """{partner id: ids of the ``vendors`` it is or descends from}: the owners whose goods
        count as each vendor's (``child_of`` the vendor), one query per level of contacts
        for all the vendors."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        parents = {vendor.id: vendor.parent_id.id for vendor in vendors}
        frontier = vendors.ids
        while frontier:
            children = Partner.search_fetch(
                [("parent_id", "in", frontier), ("id", "not in", list(parents))], ["parent_id"]
            )
            parents.update((child.id, child.parent_id.id) for child in children)
            frontier = children.ids
        vendor_ids = set(vendors.ids)
        owners = {}
        for partner_id in parents:
            ancestors, current = set(), partner_id
            while current in parents and current not in ancestors:
                ancestors.add(current)
                current = parents[current]
            owners[partner_id] = ancestors & vendor_ids
        return owners

    def _get_memo_booked(self, agreements):
        """{agreement id: (amount in its currency, balance)} of the posted lines of its memo
        entries on its company's memo inventory account, for all the agreements in one
        query."""
        inventories = {
            company: company._get_consignment_memo_accounts()[0]
            for company in agreements.company_id
        }
        accounts = self.env["account.account"].union(*inventories.values())
        if not accounts:
            return {}
        booked = {}
        for agreement, account, amount, balance in (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("move_id.consignment_memo_agreement_id", "in", agreements.ids),
                    ("account_id", "in", accounts.ids),
                    ("parent_state", "=", "posted"),
                ],
                ["move_id.consignment_memo_agreement_id", "account_id"],
                ["amount_currency:sum", "balance:sum"],
            )
        ):
            if account == inventories[agreement.company_id]:
                booked[agreement.id] = (amount or 0.0, balance or 0.0)
        return booked

    def _get_memo_revaluation(
        self, agreement, date, totals, lines_by_product, held, booked, layers=None
    ):
        """{"amount", "balance"} that brings the agreement's memo balance (``booked``), with
        ``totals`` booked, to the vendor's stock at its location (``held``) times the prices
        valid on ``date``, or at the prices of its ``layers`` (see ``_get_memo_fifo``)."""
        company = agreement.company_id
        currency = agreement.currency_id
        if layers is not None:
            held_amount = self._get_memo_fifo_held_amount(
                agreement, date, held, layers, lines_by_product
            )
        else:
            held_amount = sum(
                quantity
                * agreement._get_price(
                    product, date, lines=lines_by_product.get(product, agreement.line_ids.browse())
                )
                for product, quantity in held.items()
            )
        held_amount = currency.round(held_amount)
        booked_amount, booked_balance = booked
        moved_amount = sum(total["amount"] for total in totals.values())
        moved_balance = sum(total["balance"] for total in totals.values())
        held_balance = currency._convert(held_amount, company.currency_id, company, date)
        return {
            "amount": currency.round(held_amount - booked_amount - moved_amount),
            "balance": company.currency_id.round(held_balance - booked_balance - moved_balance),
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
