from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

from .consignment_tools import local_day_start

# How the stock of an agreement moves in each month of its demo history. Quantities are
# shares of each product's maximum on the agreement (``max_qty``); days are days of the
# month (1 = its first day). One agreement of each profile makes the dashboard show a
# figure on target next to one missing it.
PROFILES = {
    # Topped up every month, 60 % of it used: turnover about 10 times a year; counts just
    # after the top-up find one piece missing (about 1 %); a dispute settled in 2 days.
    "on_target": {
        "refill_months": None,
        "consume_days": (8, 22),
        "consume_share": 0.3,
        "count_months": (1, 4),
        "count_day": 3,
        "count_missing_share": 0.0125,
        "runout_months": (),
        "dispute_days": 2,
        "open_dispute": False,
    },
    # Filled up once and hardly used (turnover about 4), its last product running out once,
    # counts that find a tenth missing, a dispute that took 8 days and one still open.
    "off_target": {
        "refill_months": (0,),
        "consume_days": (10, 24),
        "consume_share": 0.06,
        "count_months": (2, 5),
        "count_day": 15,
        "count_missing_share": 0.1,
        "runout_months": (4,),
        "dispute_days": 8,
        "open_dispute": True,
    },
}
RUNOUT_DAY = 20
REFILL_AFTER_RUNOUT_DAY = 24
# Hour of the day (agreement's time zone) at which the demo's transfers are done.
DEMO_HOUR = 10


class ConsignmentDemo(models.AbstractModel):
    """The demo's history: months of receipts or fill-ups, consumption, counts with
    variances, disputes and monthly bills of an agreement, made through the real flows
    (validated transfers, validated counts, the billing engine) and dated in the past, so
    that the dashboard and the statements have something to show whenever the demo is
    installed. Called from the demo data only."""

    _name = "consignment.demo"
    _description = "Consignment Demo History"

    @api.model
    def _build_history(self, agreement_id, profile="on_target", months=6):
        """Build ``months`` months of history of the active agreement ``agreement_id`` from
        its start date until yesterday, after ``profile`` (a key of ``PROFILES``); its bills
        or invoices come from ``_build_bills``. Returns False, doing nothing, when the
        agreement is not active or has a history already."""
        demo = self.sudo().with_context(
            tracking_disable=True, mail_notrack=True, mail_create_nolog=True
        )
        agreement = demo.env["consignment.agreement"].browse(agreement_id)
        settings = PROFILES[profile]
        # Built once: the demo data loaded again must not double the history.
        if agreement.state != "active" or demo.env["consignment.consumption"].search_count(
            [("agreement_id", "=", agreement.id)], limit=1
        ):
            return False
        # The run-outs and top-ups are the history's: the reorder rules would answer each of
        # them with a new order or fill-up of today.
        orderpoints = demo.env["stock.warehouse.orderpoint"].search(
            [("location_id", "child_of", agreement.location_id.id), ("trigger", "=", "auto")]
        )
        orderpoints.trigger = "manual"
        levels = dict.fromkeys(agreement.line_ids.product_id, 0.0)
        today = fields.Date.context_today(demo)
        counts = demo.env["consignment.count"]
        for month in range(months + 1):
            month_start = agreement.date_start + relativedelta(months=month)
            for day, kind in demo._get_month_events(settings, month, agreement):
                date = month_start + timedelta(days=day - 1)
                if date >= today:
                    break
                if kind == "count":
                    counts |= demo._demo_count(agreement, date, settings, levels)
                else:
                    demo._demo_event(agreement, date, kind, settings, levels)
        demo._demo_disputes(agreement, counts, settings)
        orderpoints.trigger = "auto"
        return True

    @api.model
    def _build_bills(self, agreement_id, months=6):
        """The bill or invoice of each month of the agreement's history that has ended, dated
        on its last day; all confirmed but the last, left to check. Called once the add-on
        that bills the agreement's kind is loaded; returns False, doing nothing, when the
        agreement has bills or invoices already."""
        demo = self.sudo().with_context(
            tracking_disable=True, mail_notrack=True, mail_create_nolog=True
        )
        agreement = demo.env["consignment.agreement"].browse(agreement_id)
        if agreement.state != "active" or agreement.invoice_ids:
            return False
        demo._demo_bills(agreement, months)
        return True

    @api.model
    def _get_month_events(self, settings, month, agreement):
        """[(day of the month, kind)] of ``month`` (0 = the agreement's first), in order."""
        events = []
        refill_months = settings["refill_months"]
        if refill_months is None or month in refill_months:
            events.append((1, "refill"))
        events += [(day, "consume") for day in settings["consume_days"]]
        if month in settings["count_months"]:
            events.append((settings["count_day"], "count"))
        if month in settings["runout_months"] and agreement.line_ids:
            events += [(RUNOUT_DAY, "runout"), (REFILL_AFTER_RUNOUT_DAY, "refill")]
        return sorted(events)

    # ------------------------------------------------------------------
    # Stock: top-ups, consumption, run-outs
    # ------------------------------------------------------------------
    def _demo_event(self, agreement, date, kind, settings, levels):
        products = agreement.line_ids.product_id
        quantities = {}
        for product in products:
            maximum = self._demo_maximum(agreement, product)
            if kind == "refill":
                quantity = maximum - levels[product]
            elif kind == "runout":
                quantity = levels[product] if product == products[-1] else 0.0
            else:
                quantity = min(max(round(maximum * settings["consume_share"]), 1), levels[product])
            if quantity > 0:
                quantities[product] = quantity
        if not quantities:
            return
        moment = self._demo_moment(agreement, date)
        if kind == "refill":
            self._demo_receive(agreement, quantities, moment)
            sign = 1
        else:
            self._demo_consume(agreement, quantities, moment)
            sign = -1
        for product, quantity in quantities.items():
            levels[product] += sign * quantity

    @api.model
    def _demo_maximum(self, agreement, product):
        line = agreement.line_ids.filtered(lambda line: line.product_id == product)[:1]
        return line.max_qty or 50.0

    @api.model
    def _demo_moment(self, agreement, date, hour=DEMO_HOUR):
        return local_day_start(date, agreement._get_day_tz()) + timedelta(hours=hour)

    def _demo_receive(self, agreement, quantities, moment):
        """The vendor's delivery (its goods), or the fill-up of the customer's site from our
        stock, done at ``moment``."""
        warehouse = agreement.warehouse_id or agreement.location_id.warehouse_id
        supplier = self.env.ref("stock.stock_location_suppliers")
        if agreement.consignment_type == "vendor":
            self._demo_transfer(
                warehouse.in_type_id,
                supplier,
                agreement.location_id,
                quantities,
                moment,
                owner=agreement.partner_id.commercial_partner_id,
                partner=agreement.partner_id,
            )
            return
        stock = warehouse.lot_stock_id
        missing = {}
        for product, quantity in quantities.items():
            available = sum(
                self.env["stock.quant"]
                .search(
                    [
                        ("product_id", "=", product.id),
                        ("location_id", "=", stock.id),
                        ("owner_id", "=", False),
                    ]
                )
                .mapped("quantity")
            )
            if available < quantity:
                missing[product] = quantity - available
        if missing:
            # Our own goods bought first, an hour before they go to the customer.
            self._demo_transfer(
                warehouse.in_type_id, supplier, stock, missing, moment - timedelta(hours=1)
            )
        fill_up_type = warehouse.consignment_fill_up_type_id
        if not fill_up_type.active:
            fill_up_type = warehouse.int_type_id
        self._demo_transfer(
            fill_up_type,
            stock,
            agreement.location_id,
            quantities,
            moment,
            partner=agreement.partner_id,
        )

    def _demo_consume(self, agreement, quantities, moment):
        """Goods of the agreement's location delivered to a customer at ``moment``: the
        ledger records them."""
        customers = self.env.ref("stock.stock_location_customers")
        warehouse = agreement.warehouse_id or agreement.location_id.warehouse_id
        owner = (
            agreement.partner_id.commercial_partner_id
            if agreement.consignment_type == "vendor"
            else None
        )
        self._demo_transfer(
            warehouse.out_type_id,
            agreement.location_id,
            customers,
            quantities,
            moment,
            owner=owner,
            partner=agreement.partner_id,
        )

    def _demo_transfer(self, picking_type, source, destination, quantities, moment, **kwargs):
        """A transfer of ``quantities`` {product: quantity} validated as of ``moment``: its
        moves, move lines, accounting and ledger records dated then."""
        owner = kwargs.get("owner")
        partner = kwargs.get("partner")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "partner_id": partner.id if partner else False,
                "owner_id": owner.id if owner else False,
                "scheduled_date": moment,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "date": moment,
                        }
                    )
                    for product, quantity in quantities.items()
                ],
            }
        )
        picking.action_confirm()
        return self._demo_validate(picking, moment)

    def _demo_validate(self, picking, moment):
        """Validate the confirmed ``picking`` in full as of ``moment``: its moves, move lines,
        accounting and ledger records dated then."""
        picking.action_assign()
        for move in picking.move_ids:
            if move.quantity != move.product_uom_qty:
                move.quantity = move.product_uom_qty
            move.picked = True
        picking.with_context(force_period_date=moment.date())._action_done()
        self._demo_redate(picking.move_ids, moment)
        picking.date_done = moment
        # Goods that arrived then have been there since (days on location), unless some of
        # them came earlier.
        self.env["stock.quant"].search(
            [
                ("product_id", "in", picking.move_ids.product_id.ids),
                ("location_id", "child_of", picking.location_dest_id.id),
                ("in_date", ">", moment),
            ]
        ).write({"in_date": moment})
        return picking

    def _demo_redate(self, moves, moment):
        moves.write({"date": moment})
        moves.move_line_ids.write({"date": moment})
        self.env["consignment.consumption"].search(
            [("move_line_id", "in", moves.move_line_ids.ids)]
        ).write({"date": moment})

    # ------------------------------------------------------------------
    # Counts, disputes, bills
    # ------------------------------------------------------------------
    def _demo_count(self, agreement, date, settings, levels):
        """A validated count of ``date`` that finds a share of its largest line missing."""
        count = self.env["consignment.count"].create({"agreement_id": agreement.id, "date": date})
        largest = count.line_ids.sorted("expected_qty", reverse=True)[:1]
        for line in count.line_ids:
            counted = line.expected_qty
            if line == largest and line.expected_qty > 0:
                missing = max(round(line.expected_qty * settings["count_missing_share"]), 1)
                counted = line.expected_qty - missing
                levels[line.product_id] -= missing
            line.write(
                {
                    "counted_qty": counted,
                    "is_counted": True,
                    "reason": "damage" if counted != line.expected_qty else False,
                }
            )
        count.action_validate()
        return count

    def _demo_disputes(self, agreement, counts, settings):
        """A dispute about the first count's variance, resolved after the profile's days, and,
        when the profile says so, one about the last count still open."""
        if not counts:
            return
        Dispute = self.env["consignment.dispute"]
        first = counts[0]
        opened = self._demo_moment(agreement, first.date, hour=DEMO_HOUR + 6)
        dispute = Dispute._open_dispute(
            agreement, "Count variance", "count", source=first, description=first.name
        )
        dispute.write({"opened_date": opened})
        dispute.action_resolve(resolution="The partner accepts the count.")
        dispute._write_workflow(
            {"resolved_date": opened + timedelta(days=settings["dispute_days"])}
        )
        if settings["open_dispute"] and len(counts) > 1:
            last = counts[-1]
            dispute = Dispute._open_dispute(
                agreement, "Count variance", "count", source=last, description=last.name
            )
            dispute.write(
                {"opened_date": self._demo_moment(agreement, last.date, hour=DEMO_HOUR + 6)}
            )

    def _demo_bills(self, agreement, months):
        today = fields.Date.context_today(self)
        moves = self.env["account.move"]
        for month in range(months + 1):
            period_end = agreement.date_start + relativedelta(months=month + 1, days=-1)
            if period_end >= today:
                break
            moves |= self.env["account.move"].browse(
                agreement.action_create_invoices(period_end=period_end)
            )
        next_period = agreement.date_start
        while next_period <= today:
            next_period = agreement._next_period_start(next_period)
        agreement.next_billing_date = next_period
        for move in moves[:-1]:
            if not move.invoice_date:
                move.invoice_date = move.consignment_period_end
            move.action_post()
