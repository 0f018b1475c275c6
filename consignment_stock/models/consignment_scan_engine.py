import re

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

# What scanners put before a GS1-128 label's data: the symbology identifiers and FNC1.
GS1_PREFIXES = ("]C1", "]e0", "]d2", "]Q3", "]J1", "\x1d")
GS1_LOT_AI = "10"
GS1_SERIAL_AI = "21"


class ConsignmentScanEngine(models.AbstractModel):
    """Reads a scanned code into what a consignment document needs: the product, its lot or
    serial number, the expiry and the quantity.

    GS1-128 labels are read with the company's GS1 nomenclature; other codes are a product's
    barcode or internal reference, or a lot or serial number. The lookups are shared with the
    count import, so a code means the same thing scanned or imported."""

    _name = "consignment.scan.engine"
    _description = "Consignment Scan Engine"

    # ------------------------------------------------------------------
    # Lookups (also used by the count import)
    # ------------------------------------------------------------------
    @api.model
    def _match_products(self, codes, company, field_names=("default_code", "barcode", "name")):
        """{code: product} for ``codes``, by each of ``field_names`` in turn: one query per
        field whatever the number of codes."""
        if not codes:
            return {}
        Product = self.env["product.product"].with_company(company)
        company_domain = [("company_id", "in", [False, company.id])]
        result = {}
        for field_name in field_names:
            missing = [code for code in codes if code not in result]
            if not missing:
                break
            for product in Product.search([(field_name, "in", missing)] + company_domain):
                result.setdefault(product[field_name], product)
        return result

    @api.model
    def _match_lots(self, keys, company):
        """{(product id, lot name): lot} for ``keys``, a set of (product id, lot name)."""
        if not keys:
            return {}
        lots = self.env["stock.lot"].search(
            [
                ("product_id", "in", list({product_id for product_id, _name in keys})),
                ("name", "in", list({name for _product_id, name in keys})),
                ("company_id", "in", [False, company.id]),
            ]
        )
        return {
            (lot.product_id.id, lot.name): lot
            for lot in lots
            if (lot.product_id.id, lot.name) in keys
        }

    # ------------------------------------------------------------------
    # Parsing
    # ------------------------------------------------------------------
    @api.model
    def _parse(self, barcode, company, products=None):
        """What ``barcode`` designates, as a dict: ``product`` (product.product), ``lot``
        (stock.lot or empty), ``lot_name``, ``serial`` (True for a serial number),
        ``expiry`` (date or False), ``quantity`` (from the label, or False) and ``kind``
        (``gs1``, ``product`` or ``lot``).

        ``products``: the products the document accepts (for example the agreement's); a
        code naming another product is refused. Raises a UserError saying what is wrong."""
        result = self._read(barcode, company, products)
        self._check_accepted(result, products)
        return result

    @api.model
    def _read(self, barcode, company, products=None):
        """What ``barcode`` designates, as ``_parse`` returns it, before checking that the
        document accepts it. ``products`` only tells apart lots of the same name."""
        code = (barcode or "").strip()
        if not code:
            raise UserError(self.env._("The scan was empty: scan the label again."))
        result = None
        nomenclature = company.nomenclature_id
        if nomenclature.is_gs1_nomenclature:
            result = self._parse_gs1(code, company, nomenclature, products)
        if result is None:
            result = self._parse_plain(code.lstrip("\x1d"), company, products)
        return result

    @api.model
    def _check_accepted(self, result, products=None):
        """Raise a UserError unless ``products`` holds the product read and its tracking
        matches the label."""
        if products is not None and result["product"] not in products:
            raise UserError(
                self.env._(
                    "%(product)s is not part of this agreement: put it aside and tell the "
                    "consignment manager.",
                    product=result["product"].display_name,
                )
            )
        self._check_tracking(result)

    @api.model
    def _parse_gs1(self, code, company, nomenclature, products=None):
        """The label's data, or None when ``code`` is not a GS1-128 label."""
        try:
            parts = nomenclature.parse_barcode(code)
        except ValidationError:
            # Digits that only look like GS1 data (a date that is none): not a GS1 label,
            # maybe a plain barcode.
            return None
        if not isinstance(parts, list) or not parts:
            return None
        values = {}
        for part in parts:
            if part["type"] == "product":
                values["gtin"] = part["value"]
            elif part["type"] == "lot":
                values["serial" if part["ai"] == GS1_SERIAL_AI else "lot"] = part["value"]
            elif part["type"] == "expiration_date":
                values["expiry"] = part["value"]
            elif part["type"] == "quantity":
                values["quantity"] = part["value"]
        if "gtin" not in values:
            lot_name = values.get("serial") or values.get("lot")
            # A label that carries only the lot or serial number: the lot tells the product.
            return self._parse_plain(lot_name, company, products) if lot_name else None
        product = self._find_gtin(values["gtin"], company)
        if not product:
            raise UserError(
                self.env._(
                    "No product has the barcode %(gtin)s (label %(code)s): check the "
                    "product's barcode.",
                    gtin=values["gtin"],
                    code=self._printable(code),
                )
            )
        lot_name = values.get("serial") or values.get("lot") or ""
        lot = self._match_lots({(product.id, lot_name)}, company) if lot_name else {}
        return {
            "product": product,
            "lot": lot.get((product.id, lot_name), self.env["stock.lot"]),
            "lot_name": lot_name,
            "serial": bool(values.get("serial")),
            "expiry": values.get("expiry", False),
            "quantity": values.get("quantity", False),
            "kind": "gs1",
        }

    @api.model
    def _find_gtin(self, gtin, company):
        """The product whose barcode is ``gtin`` (14 digits) or its EAN-13, UPC-A or EAN-8
        form: GTIN-14 pads the shorter codes with leading zeros."""
        candidates = [gtin]
        unpadded = gtin.lstrip("0")
        for length in (13, 12, 8):
            if len(unpadded) <= length:
                candidates.append(unpadded.rjust(length, "0"))
        products = self._match_products(set(candidates), company, ("barcode",))
        return next((products[code] for code in candidates if code in products), None)

    @api.model
    def _parse_plain(self, code, company, products=None):
        """A product's barcode or internal reference, or a lot or serial number."""
        product = self._match_products({code}, company, ("barcode", "default_code")).get(code)
        if product:
            return {
                "product": product,
                "lot": self.env["stock.lot"],
                "lot_name": "",
                "serial": False,
                "expiry": False,
                "quantity": False,
                "kind": "product",
            }
        lots = self.env["stock.lot"].search(
            [("name", "=", code), ("company_id", "in", [False, company.id])]
        )
        if products is not None and len(lots) > 1:
            lots = lots.filtered(lambda lot: lot.product_id in products) or lots
        if not lots:
            raise UserError(
                self.env._(
                    "Unknown code %(code)s: no product barcode, internal reference or lot "
                    "number matches it.",
                    code=self._printable(code),
                )
            )
        if len(lots) > 1:
            raise UserError(
                self.env._(
                    "%(code)s is a lot number of several products (%(products)s): scan the "
                    "product's label instead.",
                    code=code,
                    products=", ".join(lots.product_id.mapped("display_name")),
                )
            )
        return {
            "product": lots.product_id,
            "lot": lots,
            "lot_name": lots.name,
            "serial": lots.product_id.tracking == "serial",
            "expiry": False,
            "quantity": False,
            "kind": "lot",
        }

    @api.model
    def _check_tracking(self, result):
        product = result["product"]
        if product.tracking == "none" and result["lot_name"]:
            raise UserError(
                self.env._(
                    "%(product)s is not tracked by lots, but the label carries the lot "
                    "%(lot)s: check the product's tracking.",
                    product=product.display_name,
                    lot=result["lot_name"],
                )
            )
        if product.tracking != "none" and not result["lot_name"]:
            raise UserError(
                self.env._(
                    "%(product)s is tracked by lot or serial number: scan the label with its "
                    "lot or serial number.",
                    product=product.display_name,
                )
            )
        if product.tracking == "serial" and result["quantity"] and result["quantity"] != 1:
            raise UserError(
                self.env._(
                    "%(product)s is tracked by serial number: a serial number counts one unit, "
                    "not %(quantity)s.",
                    product=product.display_name,
                    quantity=result["quantity"],
                )
            )

    @api.model
    def _printable(self, code):
        """``code`` as a person reads it: the FNC1 separator shown as the usual <GS>."""
        return re.sub("\x1d", "<GS>", code)
