from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class ConsignmentTakeOver(models.TransientModel):
    """Turn a vendor's consigned goods into our own stock, paid at the agreement price.

    Two done moves: out of the consignment location into the take-over location with the
    vendor as owner (which writes the consumption ledger, so the vendor bills it), then from
    there into our stock without owner, valued at the price the ledger recorded.
    """

    _name = "consignment.take.over"
    _description = "Take Consigned Goods into Own Stock"

    agreement_id = fields.Many2one(
        "consignment.agreement",
        required=True,
        readonly=True,
        domain="[('consignment_type', '=', 'vendor')]",
        help="Vendor consignment agreement whose goods become our own stock. The vendor bills "
        "them at the agreement price.",
    )
    company_id = fields.Many2one(related="agreement_id.company_id")
    partner_id = fields.Many2one(related="agreement_id.partner_id", string="Vendor")
    location_dest_id = fields.Many2one(
        "stock.location",
        string="Put Into",
        required=True,
        check_company=True,
        domain="[('usage', '=', 'internal'), ('consignment_type', '=', False)]",
        help="Where the goods stand as our own stock once taken over.",
    )
    line_ids = fields.One2many("consignment.take.over.line", "wizard_id", string="Goods")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        agreement, quants = self._get_default_quants()
        if not agreement:
            return values
        values["agreement_id"] = agreement.id
        warehouse = agreement.location_id.warehouse_id or agreement.warehouse_id
        if warehouse:
            values["location_dest_id"] = warehouse.lot_stock_id.id
        values["line_ids"] = self._prepare_default_lines(quants)
        return values

    @api.model
    def _get_default_quants(self):
        """(agreement, the quants of its vendor free to take over) from the agreement or the
        quants the wizard is opened on; empty recordsets when opened on neither."""
        active_model = self.env.context.get("active_model")
        active_ids = self.env.context.get("active_ids") or []
        if active_model == "consignment.agreement" and active_ids:
            agreement = self.env["consignment.agreement"].browse(active_ids[:1])
            self._check_vendor_agreement(agreement)
            quants = agreement._get_consignment_quants()
        elif active_model == "stock.quant" and active_ids:
            quants = self.env["stock.quant"].browse(active_ids)
            agreement = self._get_agreement_of_quants(quants)
        else:
            return self.env["consignment.agreement"], self.env["stock.quant"]
        quants = quants.filtered(
            lambda quant: (
                quant.owner_id.commercial_partner_id == agreement.partner_id.commercial_partner_id
                and quant.product_id.uom_id.compare(quant.quantity - quant.reserved_quantity, 0) > 0
            )
        )
        if not quants:
            raise UserError(
                self.env._(
                    "There are no goods of %(vendor)s free to take over: select quants owned "
                    "by the vendor that are not reserved for a transfer.",
                    vendor=agreement.partner_id.display_name,
                )
            )
        return agreement, quants

    @api.model
    def _prepare_default_lines(self, quants):
        """A line per product, lot and location of ``quants``, offering all that is free."""
        available = defaultdict(float)
        for quant in quants:
            available[quant.product_id, quant.lot_id, quant.location_id] += (
                quant.quantity - quant.reserved_quantity
            )
        return [
            Command.create(
                {
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "location_id": location.id,
                    "available_quantity": quantity,
                    "quantity": quantity,
                }
            )
            for (product, lot, location), quantity in available.items()
        ]

    @api.model
    def _get_agreement_of_quants(self, quants):
        owners = quants.owner_id.commercial_partner_id
        roots = quants.location_id._get_consignment_root()
        agreements = self.env["consignment.agreement"].search(
            [
                ("consignment_type", "=", "vendor"),
                ("state", "in", ("active", "terminating")),
                ("partner_id", "in", owners.ids),
                ("location_id", "in", [root.id for root in roots.values() if root]),
            ]
        )
        if len(agreements) != 1 or len(owners) != 1:
            raise UserError(
                self.env._(
                    "Select goods of one vendor at one consignment location under a running "
                    "agreement: the selection holds goods of %(count)s vendors or agreements.",
                    count=max(len(agreements), len(owners)),
                )
            )
        return agreements

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard._check_agreement()
        return wizards

    def action_take_over(self):
        self.ensure_one()
        self._check_agreement()
        lines = self.line_ids.filtered(lambda line: line.quantity)
        if not lines:
            raise UserError(self.env._("Enter the quantity to take over on at least one line."))
        self._check_take_over(lines)
        agreement = self.agreement_id
        vendor = agreement.partner_id.commercial_partner_id
        transfer_location = self.env["stock.location"]._get_ownership_transfer_location(
            agreement.company_id
        )
        Move = self.env["stock.move"].sudo()
        out_moves = Move.create(
            [
                line._prepare_move_values(line.location_id, transfer_location, owner=vendor)
                for line in lines
            ]
        )
        out_moves._action_done()
        prices = self._get_take_over_prices(out_moves)
        in_moves = Move.create(
            [
                line._prepare_move_values(
                    transfer_location,
                    self.location_dest_id,
                    price_unit=prices.get(line.product_id, 0.0),
                )
                for line in lines
            ]
        )
        in_moves._action_done()
        return {"type": "ir.actions.act_window_close"}

    def _check_agreement(self):
        """The user may take over the goods of this agreement: a running vendor agreement of
        a company the user works in, and the role to take goods over. The stock moves run as
        superuser once this passed."""
        agreement = self.agreement_id
        # Multi-company: an agreement of another company is not readable.
        agreement.check_access("read")
        self._check_vendor_agreement(agreement)
        self.env["consignment.role"]._check("take_over", agreement)
        if agreement.state not in ("active", "terminating"):
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s is not running: only the goods of an active or "
                    "terminating agreement can be taken into own stock.",
                    agreement=agreement.display_name,
                )
            )

    @api.model
    def _check_vendor_agreement(self, agreement):
        if agreement.consignment_type != "vendor":
            raise UserError(
                self.env._(
                    "Only a vendor's consigned goods can be taken into own stock; "
                    "%(agreement)s is a customer consignment.",
                    agreement=agreement.display_name,
                )
            )

    def _check_take_over(self, lines):
        """Refuse, before any move, taking ``lines`` over into the wizard's destination."""
        self._check_destination()
        self._check_source_locations(lines)
        errors = self._get_quantity_errors(lines)
        if errors:
            raise UserError(
                self.env._(
                    "Nothing was taken over. Correct the quantities:\n%(errors)s",
                    errors="\n".join(errors),
                )
            )

    def _check_destination(self):
        """The goods go into our own stock of the agreement's company."""
        destination = self.location_dest_id
        company = self.agreement_id.company_id
        if destination.consignment_type == "vendor":
            raise UserError(
                self.env._(
                    "%(location)s is a vendor consignment location: choose a location of our "
                    "own stock to put the goods into.",
                    location=destination.display_name,
                )
            )
        destination.check_access("read")
        if (
            destination.usage != "internal"
            or destination._get_consignment_root()[destination]
            or destination.company_id != company
        ):
            raise UserError(
                self.env._(
                    "%(location)s is not our own stock of %(company)s: choose an internal "
                    "location of that company, outside every consignment location, to put the "
                    "goods into.",
                    location=destination.display_name,
                    company=company.display_name,
                )
            )

    def _check_source_locations(self, lines):
        """The goods of ``lines`` stand at the agreement's consignment location."""
        agreement = self.agreement_id
        roots = lines.location_id._get_consignment_root()
        outside = lines.filtered(lambda line: roots[line.location_id] != agreement.location_id)
        if outside:
            raise UserError(
                self.env._(
                    "%(locations)s is not the consignment location of %(agreement)s: only the "
                    "goods at %(location)s can be taken over under this agreement.",
                    locations=", ".join(outside.location_id.mapped("display_name")),
                    agreement=agreement.display_name,
                    location=agreement.location_id.display_name,
                )
            )

    def _get_quantity_errors(self, lines):
        """What is wrong with the quantities of ``lines``: negative, or more than the vendor
        owns free at the line's location."""
        vendor = self.agreement_id.partner_id.commercial_partner_id
        Quant = self.env["stock.quant"]
        errors = []
        for line in lines:
            if line.quantity < 0:
                errors.append(
                    self.env._(
                        "%(product)s: the quantity cannot be negative.",
                        product=line.product_id.display_name,
                    )
                )
                continue
            owned = Quant._get_available_quantity(
                line.product_id,
                line.location_id,
                lot_id=line.lot_id or None,
                owner_id=vendor,
                strict=True,
            )
            if line.product_id.uom_id.compare(line.quantity, owned) > 0:
                errors.append(
                    self.env._(
                        "%(product)s%(lot)s at %(location)s: %(quantity)s requested, but "
                        "%(vendor)s owns only %(owned)s there (not reserved).",
                        product=line.product_id.display_name,
                        lot=f" ({line.lot_id.name})" if line.lot_id else "",
                        location=line.location_id.display_name,
                        quantity=line.quantity,
                        vendor=vendor.display_name,
                        owned=owned,
                    )
                )
        return errors

    def _get_take_over_prices(self, out_moves):
        """Unit price per product in company currency: what the ledger charges for the
        goods taken over."""
        agreement = self.agreement_id
        company = agreement.company_id
        records = (
            self.env["consignment.consumption"]
            .sudo()
            .search([("move_line_id", "in", out_moves.move_line_ids.ids)])
        )
        totals = defaultdict(lambda: [0.0, 0.0])
        for record in records:
            totals[record.product_id][0] += record.amount
            totals[record.product_id][1] += record.quantity
        today = fields.Date.context_today(self)
        prices = {}
        for product, (amount, quantity) in totals.items():
            if not quantity:
                continue
            prices[product] = agreement.currency_id._convert(
                amount / quantity, company.currency_id, company, today, round=False
            )
        for product in out_moves.product_id - records.product_id:
            price = agreement._get_price(product, today)
            prices[product] = agreement.currency_id._convert(
                price, company.currency_id, company, today, round=False
            )
        return prices


class ConsignmentTakeOverLine(models.TransientModel):
    _name = "consignment.take.over.line"
    _description = "Consigned Goods to Take Over"

    wizard_id = fields.Many2one("consignment.take.over", required=True, ondelete="cascade")
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, help="The vendor's product to take over."
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        readonly=True,
        help="Lot or serial number of the goods.",
    )
    location_id = fields.Many2one(
        "stock.location",
        string="From",
        required=True,
        readonly=True,
        help="Consignment location where the goods are now.",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    available_quantity = fields.Float(
        string="Owned by Vendor",
        digits="Product Unit",
        readonly=True,
        help="Quantity of the vendor's goods at this location that is not reserved for a transfer.",
    )
    quantity = fields.Float(
        string="Take Over",
        digits="Product Unit",
        help="Quantity to take into our own stock; it is recorded as consumption and billed by "
        "the vendor. Zero: keep on consignment.",
    )

    def _prepare_move_values(self, source, destination, owner=None, price_unit=0.0):
        self.ensure_one()
        agreement = self.wizard_id.agreement_id
        return {
            "product_id": self.product_id.id,
            "product_uom": self.product_id.uom_id.id,
            "product_uom_qty": self.quantity,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": agreement.company_id.id,
            "origin": agreement.name,
            "restrict_partner_id": owner.id if owner else False,
            "price_unit": price_unit,
            "picked": True,
            "move_line_ids": [
                Command.create(
                    {
                        "product_id": self.product_id.id,
                        "product_uom_id": self.product_id.uom_id.id,
                        "quantity": self.quantity,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "lot_id": self.lot_id.id,
                        "owner_id": owner.id if owner else False,
                        "picked": True,
                    }
                )
            ],
        }
