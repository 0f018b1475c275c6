from odoo import Command
from odoo.tests import tagged

from odoo.addons.consignment_stock.tests.scan_user_guide import ScanUserGuideCase

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestPickingScanTour(ScanUserGuideCase, ConsignmentSaleCase):
    """Warehouse staff fill up a customer's site by scanning the lot labels with the hand
    scanner, then validate; an ordinary receipt shows no scanning."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._move(cls.product_lot, 10, cls.supplier_location, cls.stock_location, lot_name="LOT-B")
        cls.lot_b = cls.env["stock.lot"].search(
            [("name", "=", "LOT-B"), ("product_id", "=", cls.product_lot.id)]
        )
        cls.fillup = cls._create_order([(cls.product_lot, 3, 5.0)]).picking_ids
        cls.fillup.action_assign()

    def test_fill_up_by_scanning_lots(self):
        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{self.fillup.id}",
            "consignment_sale_fillup_scan",
            login=self.stock_user.login,
        )
        self.assertEqual(self.fillup.state, "done")
        self.assertRecordValues(
            self.fillup.move_line_ids.sorted(lambda line: line.lot_id.name),
            [
                {"lot_id": self.lot_a.id, "quantity": 2.0, "location_dest_id": self.location.id},
                {"lot_id": self.lot_b.id, "quantity": 1.0, "location_dest_id": self.location.id},
            ],
        )
        scans = self.env["consignment.scan"].search(
            [("picking_id", "=", self.fillup.id)], order="id"
        )
        self.assertRecordValues(
            scans,
            [
                {"barcode": code, "result": "ok", "user_id": self.stock_user.id}
                for code in ("LOT-A", "LOT-A", "LOT-B")
            ],
        )

    def test_fill_up_scan_screen(self):
        """The user guide's picture of a fill-up being scanned, before it is validated."""
        # As with Inventory's setting Lots & Serial Numbers on: the details show the lots.
        self.stock_user.group_ids += self.env.ref("stock.group_production_lot")
        self.capture_screen(
            "consignment_sale",
            "fillup_scan",
            f"/odoo/action-stock.action_picking_tree_all/{self.fillup.id}",
            ".modal .o_data_row",
            self.stock_user.login,
            scans=[("LOT-A", "(LOT-A): 1"), ("LOT-A", "(LOT-A): 2"), ("LOT-B", "(LOT-B): 1")],
            # The operation's details list the lots the scans picked.
            then_click=".o_field_widget[name=move_ids] .o_data_row button[name=action_show_details]",
        )
        self.assertRecordValues(
            self.fillup.move_line_ids.filtered("picked").sorted(lambda line: line.lot_id.name),
            [
                {"lot_id": self.lot_a.id, "quantity": 2.0},
                {"lot_id": self.lot_b.id, "quantity": 1.0},
            ],
        )
        self.assertEqual(self.fillup.state, "assigned")

    def test_ordinary_receipt_has_no_scan_panel(self):
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.supplier_location.id,
                "location_dest_id": self.stock_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 2,
                            "location_id": self.supplier_location.id,
                            "location_dest_id": self.stock_location.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{receipt.id}",
            "consignment_sale_receipt_no_scan",
            login=self.stock_user.login,
        )
