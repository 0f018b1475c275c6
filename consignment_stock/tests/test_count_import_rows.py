import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestCountImportRows(ConsignmentCase):
    """How each row of an imported count is read: every mistake named with its row, lots
    found at the location recorded once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement()
        cls._receive_consignment(cls.agreement, cls.product, 10)
        cls.count = cls.env["consignment.count"].create({"agreement_id": cls.agreement.id})

    def _import(self, content):
        wizard = (
            self.env["consignment.count.import"]
            .with_user(self.stock_user)
            .create(
                {
                    "count_id": self.count.id,
                    "file": base64.b64encode(content),
                    "filename": "count.csv",
                }
            )
        )
        return wizard.action_import()

    def test_each_bad_row_named_once(self):
        content = (
            b"Product,Lot,Counted\n"
            b",,3\n"
            b"Consigned Widget,LOT-X,3\n"
            b"Consigned Lot Widget,,2\n"
            b"Consigned Widget,,8\n"
        )
        with self.assertRaises(UserError) as error:
            self._import(content)
        message = str(error.exception)
        self.assertIn("Row 2: no product.", message)
        self.assertIn("Row 3: Consigned Widget is not tracked by lots", message)
        self.assertIn("Row 4: Consigned Lot Widget is tracked by lots; give the lot.", message)
        self.assertNotIn("Row 5", message)
        self.assertFalse(any(self.count.line_ids.mapped("is_counted")), "Nothing was imported")
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "LOT-X")]))

    def test_new_lot_on_several_rows_recorded_once(self):
        content = (
            b"Product,Lot,Counted\n"
            b"Consigned Lot Widget,LOT-NEW,2\n"
            b"Consigned Widget,,10\n"
            b"Consigned Lot Widget,LOT-NEW,1.5\n"
        )
        self._import(content)
        new_lot = self.env["stock.lot"].search([("name", "=", "LOT-NEW")])
        self.assertRecordValues(
            new_lot, [{"product_id": self.product_lot.id, "company_id": self.company.id}]
        )
        self.assertRecordValues(
            self.count.line_ids.filtered(lambda line: line.lot_id == new_lot),
            [{"counted_qty": 3.5, "is_counted": True}],
        )
