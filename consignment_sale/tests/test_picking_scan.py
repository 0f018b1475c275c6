from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .test_pickup import PickupCase

GS = "\x1d"


@tagged("post_install", "-at_install")
class TestPickingScan(PickupCase):
    """Warehouse staff scan lots, serial numbers and products into the operations of fill-ups
    and pick-ups; ordinary transfers are left as they are."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = "7612345678900"
        cls.product_lot.barcode = "4006381333931"
        cls.env["stock.lot"].create(
            {"name": "LOT-EMPTY", "product_id": cls.product_lot.id, "company_id": cls.company.id}
        )
        cls.fillup = cls._create_order([(cls.product_lot, 8, 5.0)]).picking_ids
        cls.fillup.action_assign()

    def _scan(self, barcode, picking=None, user=None, **kwargs):
        picking = (picking or self.fillup).with_user(user or self.stock_user)
        return picking.action_scan(barcode, **kwargs)

    def _scans(self, picking=None):
        return self.env["consignment.scan"].search(
            [("picking_id", "=", (picking or self.fillup).id)], order="id"
        )

    def _picked_lines(self, picking=None):
        lines = (picking or self.fillup).move_line_ids.filtered("picked")
        return lines.sorted(lambda line: (line.lot_id.name or "", line.id))

    def _validate(self, picking):
        picking.with_user(self.stock_user).with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids
        ).button_validate()

    def test_fill_up_by_scanning_lots(self):
        self.assertRecordValues(
            self.fillup,
            [
                {
                    "is_consignment_fillup": True,
                    "is_consignment_pickup": False,
                    "consignment_scan_allowed": True,
                }
            ],
        )
        first = self._scan("LOT-A", quantity=3)
        self._use_gs1()
        second = self._scan(f"010400638133393110LOT-B{GS}305")
        self.assertEqual((first["result"], second["result"]), ("ok", "ok"), second["message"])
        self.assertEqual(second["counted_qty"], 5.0)
        self.assertRecordValues(
            self._picked_lines(),
            [
                {"lot_id": self.lot_a.id, "quantity": 3.0},
                {"lot_id": self.lot_b.id, "quantity": 5.0},
            ],
        )
        self.assertTrue(self.fillup.move_ids.picked)
        self.assertRecordValues(
            self._scans(),
            [
                {
                    "barcode": "LOT-A",
                    "result": "ok",
                    "user_id": self.stock_user.id,
                    "res_model": "stock.picking",
                    "res_id": self.fillup.id,
                    "move_line_id": first["line_id"],
                    "lot_id": self.lot_a.id,
                    "quantity": 3.0,
                },
                {
                    "barcode": f"010400638133393110LOT-B{GS}305",
                    "result": "ok",
                    "user_id": self.stock_user.id,
                    "res_model": "stock.picking",
                    "res_id": self.fillup.id,
                    "move_line_id": second["line_id"],
                    "lot_id": self.lot_b.id,
                    "quantity": 5.0,
                },
            ],
        )
        self.assertTrue(all(self._scans().mapped("date")))
        self.assertEqual(self.fillup.scan_count, 2)
        self._validate(self.fillup)
        self.assertEqual(self.fillup.state, "done")
        self.assertRecordValues(
            self.fillup.move_line_ids.sorted(lambda line: line.lot_id.name),
            [
                {"lot_id": self.lot_a.id, "quantity": 3.0, "location_dest_id": self.location.id},
                {"lot_id": self.lot_b.id, "quantity": 5.0, "location_dest_id": self.location.id},
            ],
        )
        # Done: nothing more is scanned into it.
        answer = self._scan("LOT-A")
        self.assertEqual(answer["result"], "error")
        self.assertIn("is done or cancelled", answer["message"])

    def _use_gs1(self):
        self.company.nomenclature_id = self.env.ref(
            "barcodes_gs1_nomenclature.default_gs1_nomenclature"
        )

    def test_same_lot_adds_to_its_line(self):
        self._scan("LOT-B", quantity=2)
        answer = self._scan("LOT-B")
        self.assertEqual(answer["counted_qty"], 3.0)
        self.assertRecordValues(self._picked_lines(), [{"lot_id": self.lot_b.id, "quantity": 3.0}])

    def test_untracked_product_adds_one_per_scan(self):
        fillup = self._create_order([(self.product, 5, 15.0)]).picking_ids
        fillup.action_assign()
        self._scan("7612345678900", picking=fillup)
        answer = self._scan("7612345678900", picking=fillup)
        self.assertEqual(answer["result"], "ok", answer["message"])
        self.assertRecordValues(self._picked_lines(fillup), [{"lot_id": False, "quantity": 2.0}])
        self._validate(fillup)
        self.assertEqual(fillup.move_ids.quantity, 2.0)
        self.assertEqual(self._quant_qty(self.product, self.location), 8.0)

    def test_serial_scanned_twice_is_refused(self):
        self.agreement.line_ids = [
            Command.create({"product_id": self.product_serial.id, "price_unit": 30.0})
        ]
        for serial in ("SN-1", "SN-2"):
            self._move(
                self.product_serial, 1, self.supplier_location, self.stock_location, lot_name=serial
            )
        fillup = self._create_order([(self.product_serial, 2, 40.0)]).picking_ids
        fillup.action_assign()
        self.assertEqual(self._scan("SN-2", picking=fillup)["result"], "ok")
        answer = self._scan("SN-2", picking=fillup)
        self.assertEqual(answer["result"], "error")
        self.assertIn("already in the transfer", answer["message"])
        refused = self._scan("SN-1", picking=fillup, quantity=2)
        self.assertIn("each serial number counts one unit", refused["message"])
        self.assertEqual(self._picked_lines(fillup).lot_id.mapped("name"), ["SN-2"])
        self.assertEqual(self._picked_lines(fillup).quantity, 1.0)

    def test_refusals_change_nothing(self):
        self._scan("LOT-A", quantity=2)
        before = self.fillup.move_line_ids.read(["lot_id", "quantity", "picked"])
        for code, message, kwargs in (
            ("7612345678900", "is not in transfer", {}),
            ("LOT-EMPTY", "cannot take", {}),
            ("LOT-B", "cannot take", {"quantity": 21}),
            ("NO-SUCH-CODE", "Unknown code", {}),
        ):
            with self.subTest(code=code):
                answer = self._scan(code, **kwargs)
                self.assertEqual(answer["result"], "error")
                self.assertIn(message, answer["message"])
        self.assertEqual(self.fillup.move_line_ids.read(["lot_id", "quantity", "picked"]), before)
        self.assertEqual(self._scans().mapped("result"), ["ok", "error", "error", "error", "error"])

    def test_unknown_lot_of_a_label_is_refused(self):
        self._use_gs1()
        answer = self._scan("010400638133393110LOT-NEW")
        self.assertEqual(answer["result"], "error")
        self.assertIn("is not at", answer["message"])
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "LOT-NEW")]))

    def test_pick_up_by_scanning(self):
        self.agreement.with_user(self.stock_user).action_pickup()
        pickup = self._pickups()
        self.assertRecordValues(
            pickup,
            [
                {
                    "is_consignment_pickup": True,
                    "is_consignment_fillup": False,
                    "consignment_scan_allowed": True,
                }
            ],
        )
        answer = self._scan("LOT-B", picking=pickup, quantity=2)
        self.assertEqual(answer["result"], "ok", answer["message"])
        refused = self._scan("LOT-B", picking=pickup, quantity=2)
        self.assertIn("cannot take", refused["message"])
        lines = pickup.move_line_ids.filtered(
            lambda line: line.picked and line.product_id == self.product_lot
        )
        self.assertRecordValues(lines, [{"lot_id": self.lot_b.id, "quantity": 2.0}])

    def test_ordinary_receipt_is_untouched(self):
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.supplier_location.id,
                "location_dest_id": self.stock_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.product_lot.id,
                            "product_uom_qty": 2,
                            "location_id": self.supplier_location.id,
                            "location_dest_id": self.stock_location.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        self.assertFalse(receipt.consignment_scan_allowed)
        with self.assertRaisesRegex(UserError, "neither a consignment fill-up nor a pick-up"):
            self._scan("LOT-A", picking=receipt)
        self.assertFalse(receipt.move_line_ids.filtered("picked"))
        self.assertFalse(self._scans(receipt))
        self.assertFalse(
            self.env["consignment.scan"].search(
                [("res_model", "=", "stock.picking"), ("res_id", "=", receipt.id)]
            )
        )

    def test_user_without_stock_rights_is_refused(self):
        employee = new_test_user(self.env, login="consign_scan_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self._scan("LOT-A", user=employee)
        self.assertFalse(self._scans())
        self.assertFalse(self.fillup.move_line_ids.filtered("picked"))
