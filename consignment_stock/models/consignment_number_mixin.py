import math

from odoo import api, models
from odoo.exceptions import ValidationError

# Larger quantities or prices are typing errors; they would also overflow sums of the ledger.
MAX_MAGNITUDE = 1e12


class ConsignmentNumberMixin(models.AbstractModel):
    """Numbers typed into consignment documents are real, finite and of a sensible size.

    PostgreSQL takes NaN and infinity into numeric columns, and NaN passes every CHECK
    (it sorts above all numbers): refused here, for every number field of the model,
    whatever path (form, import, RPC, portal) the value came by.
    """

    _name = "consignment.number.mixin"
    _description = "Consignment Number Checks"

    # {field name: (minimum, whether the minimum itself is refused)}, checked before the
    # database's own CHECK constraints so that the user reads what to correct.
    _number_minimums = {}

    def _check_numbers(self, vals):
        for name, value in vals.items():
            field = self._fields.get(name)
            if not field or field.type not in ("float", "monetary", "integer"):
                continue
            if value is False or value is None:
                continue
            try:
                number = float(value)
            except (TypeError, ValueError, OverflowError):
                number = math.nan
            if not math.isfinite(number) or abs(number) >= MAX_MAGNITUDE:
                raise ValidationError(
                    self.env._(
                        "%(field)s must be a number smaller than a trillion; %(value)s is not "
                        "one. Correct the value and try again.",
                        field=field._description_string(self.env),
                        value=value,
                    )
                )
            self._check_number_minimum(field, number)

    def _check_number_minimum(self, field, number):
        if field.name not in self._number_minimums:
            return
        minimum, strict = self._number_minimums[field.name]
        if number < minimum or (strict and number == minimum):
            raise ValidationError(
                self.env._(
                    "%(field)s must be greater than %(minimum)s; %(value)s is not. Correct the "
                    "value and try again.",
                    field=field._description_string(self.env),
                    minimum=minimum,
                    value=number,
                )
                if strict
                else self.env._(
                    "%(field)s must be %(minimum)s or more; %(value)s is not. Correct the value "
                    "and try again.",
                    field=field._description_string(self.env),
                    minimum=minimum,
                    value=number,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_numbers(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_numbers(vals)
        return super().write(vals)
