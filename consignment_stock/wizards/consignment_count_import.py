import base64
import binascii
import csv
import io
import math

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.consignment_number_mixin import MAX_MAGNITUDE

# A count of a consignment location fits in far less; larger files are mistakes.
MAX_FILE_SIZE = 5 * 1024 * 1024

PRODUCT_HEADERS = (
    "product",
    "product reference",
    "internal reference",
    "default_code",
    "barcode",
    "product_id",
)
LOT_HEADERS = ("lot", "lot/serial number", "serial", "lot_id", "lot name")
QUANTITY_HEADERS = ("counted", "counted quantity", "counted_qty", "quantity", "qty")


class ConsignmentCountImport(models.TransientModel):
    """Counted quantities from a spreadsheet (CSV or XLSX): one row per product (and lot),
    with columns Product (internal reference, barcode or name), Lot (optional) and Counted."""

    _name = "consignment.count.import"
    _description = "Import Counted Quantities"

    count_id = fields.Many2one(
        "consignment.count",
        required=True,
        ondelete="cascade",
        help="The count that receives the counted quantities.",
    )
    file = fields.Binary(
        required=True,
        attachment=False,
        help="Spreadsheet (CSV or XLSX) with one row per product (and lot) and the columns "
        "Product (internal reference, barcode or name), Lot (optional) and Counted.",
    )
    filename = fields.Char(help="Name of the uploaded file.")

    def action_import(self):
        self.ensure_one()
        self.count_id.check_access("write")
        self.count_id._check_open()
        rows = self._read_rows()
        quantities = self._parse_rows(rows)
        self.count_id._set_counted_quantities(quantities)
        return {"type": "ir.actions.act_window_close"}

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------
    def _read_rows(self):
        """The sheet as a list of rows (lists of cells), the header row first."""
        try:
            content = base64.b64decode(self.file or b"", validate=True)
        except (binascii.Error, ValueError) as error:
            raise UserError(self.env._("The file could not be read; upload it again.")) from error
        if not content:
            raise UserError(self.env._("The file is empty."))
        if len(content) > MAX_FILE_SIZE:
            raise UserError(
                self.env._(
                    "The file is larger than %(size)s MB. Import the count in smaller files.",
                    size=MAX_FILE_SIZE // (1024 * 1024),
                )
            )
        name = (self.filename or "").lower()
        if name.endswith(".xlsx") or content[:2] == b"PK":
            return self._read_xlsx(content)
        if name and not name.endswith((".csv", ".txt")):
            raise UserError(
                self.env._("%(name)s is neither a CSV nor an XLSX file.", name=self.filename)
            )
        return self._read_csv(content)

    def _read_csv(self, content):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(
                self.env._(
                    "The file is neither a CSV file in UTF-8 nor an XLSX workbook. In your "
                    'spreadsheet, save it as "CSV UTF-8" or as an Excel workbook (.xlsx), then '
                    "import it again."
                )
            ) from error
        if "\x00" in text:
            raise UserError(
                self.env._("The file holds binary data: import a CSV (UTF-8) or XLSX file.")
            )
        try:
            dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        try:
            return list(csv.reader(io.StringIO(text), dialect))
        except csv.Error as error:
            raise UserError(
                self.env._("The file cannot be read as CSV: %(error)s", error=error)
            ) from error

    def _read_xlsx(self, content):
        try:
            import openpyxl  # noqa: PLC0415 - only needed for spreadsheets
        except ImportError as error:
            raise UserError(
                self.env._(
                    "Reading XLSX files needs the Python library openpyxl; save the sheet as CSV."
                )
            ) from error
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:
            raise UserError(
                self.env._(
                    "The file cannot be read as an XLSX workbook. Save it again from your "
                    "spreadsheet as an Excel workbook (.xlsx) or as CSV UTF-8."
                )
            ) from error
        sheet = workbook.worksheets[0]
        return [
            ["" if cell is None else cell for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]

    # ------------------------------------------------------------------
    # Parsing
    # ------------------------------------------------------------------
    def _find_column(self, header, names):
        normalized = [str(cell).strip().lower() for cell in header]
        for name in names:
            if name in normalized:
                return normalized.index(name)
        return None

    def _parse_rows(self, rows):
        """{(product id, lot id or False): counted quantity}; every bad row is reported at
        once and nothing is written."""
        cells = self._get_row_cells(rows)
        products = self._match_products({code for _n, code, _l, _q in cells if code})
        lots = self._match_lots(
            {(products[code].id, lot) for _n, code, lot, _q in cells if lot and code in products}
        )
        errors = []
        quantities = {}
        for number, code, lot_name, raw_quantity in cells:
            product = products.get(code)
            quantity = self._parse_quantity(raw_quantity)
            error = self._get_row_error(number, code, product, lot_name, raw_quantity, quantity)
            if error:
                errors.append(error)
                continue
            lot = lots.get((product.id, lot_name)) if lot_name else None
            # A lot not recorded yet stays a name until the lots are created.
            key = (product.id, lot.id if lot else lot_name or False)
            quantities[key] = quantities.get(key, 0.0) + quantity
        if errors:
            raise UserError(
                self.env._(
                    "Nothing was imported. Correct these rows and import again:\n%(errors)s",
                    errors="\n".join(errors),
                )
            )
        return self._create_missing_lots(quantities)

    def _get_row_cells(self, rows):
        """[(row number, product code, lot name, raw quantity)] of the rows below the header,
        once the header names the columns needed."""
        rows = [row for row in rows if any(str(cell).strip() for cell in row)]
        if not rows:
            raise UserError(self.env._("The file holds no rows."))
        header = rows[0]
        product_col = self._find_column(header, PRODUCT_HEADERS)
        lot_col = self._find_column(header, LOT_HEADERS)
        quantity_col = self._find_column(header, QUANTITY_HEADERS)
        if product_col is None or quantity_col is None:
            raise UserError(
                self.env._(
                    "The first row must name the columns: Product (internal reference, barcode "
                    "or name), Counted, and optionally Lot."
                )
            )
        if len(rows) < 2:
            raise UserError(
                self.env._(
                    "The file has a header row but no counted products: add one row per "
                    "product (and lot) below the header."
                )
            )
        width = max(product_col, quantity_col, lot_col or 0) + 1
        cells = []
        for number, row in enumerate(rows[1:], start=2):
            padded = list(row) + [""] * (width - len(row))
            lot_name = str(padded[lot_col]).strip() if lot_col is not None else ""
            cells.append((number, str(padded[product_col]).strip(), lot_name, padded[quantity_col]))
        return cells

    def _get_row_error(self, number, code, product, lot_name, raw_quantity, quantity):
        """What is wrong with row ``number``, or None: its product (found from ``code``), its
        quantity (``quantity`` read from ``raw_quantity``) and its lot."""
        if not code:
            return self.env._("Row %(row)s: no product.", row=number)
        if not product:
            return self.env._(
                'Row %(row)s: unknown product "%(product)s".', row=number, product=code
            )
        if quantity is None:
            return self.env._(
                'Row %(row)s: "%(value)s" is not a quantity (a number zero or more).',
                row=number,
                value=raw_quantity,
            )
        if lot_name and product.tracking == "none":
            return self.env._(
                "Row %(row)s: %(product)s is not tracked by lots; leave the lot empty.",
                row=number,
                product=product.display_name,
            )
        if not lot_name and product.tracking != "none":
            return self.env._(
                "Row %(row)s: %(product)s is tracked by lots; give the lot.",
                row=number,
                product=product.display_name,
            )
        return None

    def _create_missing_lots(self, quantities):
        """``quantities`` with the lots still given by name created and given by id."""
        new_lots = [
            (product_id, lot_key) for product_id, lot_key in quantities if isinstance(lot_key, str)
        ]
        if not new_lots:
            return quantities
        # Lots found at the location but never recorded: they enter with the surplus.
        created = self.env["stock.lot"].create(
            [
                {"product_id": product_id, "name": name, "company_id": self.count_id.company_id.id}
                for product_id, name in new_lots
            ]
        )
        lot_ids = {(lot.product_id.id, lot.name): lot.id for lot in created}
        return {
            (product_id, lot_ids.get((product_id, lot_key), lot_key)): quantity
            for (product_id, lot_key), quantity in quantities.items()
        }

    def _parse_quantity(self, value):
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            quantity = float(value)
        else:
            text = str(value).strip().replace(" ", "").replace("\u00a0", "")
            if not text:
                return None
            if "," in text and "." not in text:
                text = text.replace(",", ".")
            try:
                quantity = float(text)
            except ValueError:
                return None
        if not math.isfinite(quantity) or quantity < 0 or quantity >= MAX_MAGNITUDE:
            return None
        return quantity

    def _match_products(self, codes):
        """{code: product} by internal reference, then barcode, then exact name: the scan
        engine's lookup, so that a code means the same imported or scanned."""
        return self.env["consignment.scan.engine"]._match_products(codes, self.count_id.company_id)

    def _match_lots(self, keys):
        return self.env["consignment.scan.engine"]._match_lots(keys, self.count_id.company_id)
