from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ConsignmentAgreementLine(models.Model):
    _name = "consignment.agreement.line"
    _description = "Consignment Agreement Product Price"
    _inherit = ["consignment.number.mixin"]
    _number_minimums = {"price_unit": (0, True), "min_qty": (0, False), "max_qty": (0, False)}
    _order = "agreement_id, product_id, date_from"
    _check_company_auto = True

    agreement_id = fields.Many2one(
        "consignment.agreement", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_storable', '=', True)]",
        help="Product held on consignment under this agreement.",
    )
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The unit that the price, the minimum and the maximum are expressed in.",
    )
    price_unit = fields.Monetary(
        string="Unit Price",
        required=True,
        currency_field="currency_id",
        help="Agreed price per unit, valid from the start date until the next price of this "
        "product.",
    )
    date_from = fields.Date(
        string="Price Valid From",
        help="First day this price is valid. Empty: from the start of the agreement.",
    )
    date_to = fields.Date(
        string="Price Valid Until",
        help="Last day this price is valid. Empty: until a later price takes over.",
    )
    min_qty = fields.Float(
        string="Minimum",
        digits="Product Unit",
        help="Replenish when the quantity at the consignment location falls below this.",
    )
    max_qty = fields.Float(
        string="Maximum",
        digits="Product Unit",
        help="Replenish up to this quantity. Zero: no reorder rule for this product.",
    )

    _price_positive = models.Constraint(
        "CHECK(price_unit > 0)",
        "The unit price of a consignment product must be greater than zero.",
    )
    _min_max = models.Constraint(
        "CHECK(max_qty >= min_qty AND min_qty >= 0)",
        "The maximum quantity cannot be below the minimum, and neither can be negative.",
    )
    _dates_in_order = models.Constraint(
        "CHECK(date_to IS NULL OR date_from IS NULL OR date_to >= date_from)",
        "A price cannot end before it starts.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.agreement_id._sync_orderpoints()
        return lines

    def write(self, vals):
        agreements = self.agreement_id
        result = super().write(vals)
        if {
            "product_id",
            "product_uom_id",
            "min_qty",
            "max_qty",
            "date_from",
            "agreement_id",
        } & set(vals):
            (agreements | self.agreement_id)._sync_orderpoints()
        return result

    def unlink(self):
        agreements = self.agreement_id
        result = super().unlink()
        agreements.exists()._sync_orderpoints()
        return result

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id:
                line.product_uom_id = line.product_id.uom_id

    @api.constrains("product_id")
    def _check_product_storable(self):
        # Consignment is stock that belongs to someone else: a product without stock
        # (service, or goods not tracked in inventory) would silently never be consigned.
        for line in self.filtered(lambda line: not line.product_id.is_storable):
            raise ValidationError(
                self.env._(
                    "%(product)s is not tracked in inventory, so it cannot be held on "
                    "consignment. Tick Track Inventory on the product, or choose another "
                    "product.",
                    product=line.product_id.display_name,
                )
            )

    @api.constrains("price_unit")
    def _check_price_unit(self):
        for line in self:
            if line.price_unit <= 0:
                raise ValidationError(
                    self.env._(
                        "The price of %(product)s must be greater than zero (got %(price)s).",
                        product=line.product_id.display_name,
                        price=line.price_unit,
                    )
                )

    @api.constrains("product_id", "date_from", "date_to", "agreement_id")
    def _check_overlap(self):
        for agreement in self.agreement_id:
            lines = agreement.line_ids
            for product in (self & lines).product_id:
                product_lines = lines.filtered(
                    lambda line, product=product: line.product_id == product
                )
                for index, line in enumerate(product_lines):
                    for other in product_lines[index + 1 :]:
                        if line._overlaps(other):
                            raise ValidationError(
                                self.env._(
                                    "%(product)s has two prices for the same days in agreement "
                                    "%(agreement)s. Give the later price a start date after the "
                                    "earlier price, or an end date to the earlier one.",
                                    product=product.display_name,
                                    agreement=agreement.name,
                                )
                            )

    def _overlaps(self, other):
        """Two price lines overlap when their validity periods share a day. A line without
        end runs until the next line's start, so two open-ended lines overlap only when they
        start on the same day."""
        self.ensure_one()
        start_a, start_b = (
            self.date_from or fields.Date.to_date("1900-01-01"),
            other.date_from or fields.Date.to_date("1900-01-01"),
        )
        if not self.date_to and not other.date_to:
            return start_a == start_b
        end_a = self.date_to or fields.Date.to_date("9999-12-31")
        end_b = other.date_to or fields.Date.to_date("9999-12-31")
        if not self.date_to and start_a > start_b:
            return start_a <= end_b
        if not other.date_to and start_b > start_a:
            return start_b <= end_a
        return start_a <= end_b and start_b <= end_a

    def _get_price_per_product_uom(self):
        """The price per unit of the product's own unit of measure."""
        self.ensure_one()
        product_uom = self.product_id.uom_id
        if not self.product_uom_id or self.product_uom_id == product_uom:
            return self.price_unit
        return self.product_uom_id._compute_price(self.price_unit, product_uom)

    def _to_product_uom_qty(self, quantity):
        self.ensure_one()
        if not self.product_uom_id or self.product_uom_id == self.product_id.uom_id:
            return quantity
        return self.product_uom_id._compute_quantity(quantity, self.product_id.uom_id)
