from odoo.tests import HttpCase, tagged

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestReportScanTour(HttpCase, ConsignmentSaleCase):
    """A salesperson enters what the customer sold by scanning, with the hand scanner: a
    product's barcode and a lot number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = "7612345678900"
        cls._create_product("Not Consigned", barcode="8712345678906")
        order = cls._create_order([(cls.product, 5, 3.0), (cls.product_lot, 5, 2.0)])
        cls._validate_picking(order.picking_ids)
        cls.report = cls.env["consignment.report"].create({"agreement_id": cls.agreement.id})

    def test_report_by_scanning(self):
        self.start_tour(
            f"/odoo/action-consignment_sale.consignment_report_action/{self.report.id}",
            "consignment_sale_report_scan",
            login=self.salesman.login,
        )
        self.assertRecordValues(
            self.report.line_ids.sorted(lambda line: line.product_id.name),
            [
                {"product_id": self.product_lot.id, "lot_id": self.lot_a.id, "quantity": 1.0},
                {"product_id": self.product.id, "lot_id": False, "quantity": 2.0},
            ],
        )
        scans = self.env["consignment.scan"].search(
            [("res_model", "=", "consignment.report"), ("res_id", "=", self.report.id)],
            order="id",
        )
        self.assertRecordValues(
            scans,
            [
                {"barcode": code, "result": result, "user_id": self.salesman.id}
                for code, result in (
                    ("7612345678900", "ok"),
                    ("7612345678900", "ok"),
                    ("LOT-A", "ok"),
                    ("8712345678906", "error"),
                )
            ],
        )
