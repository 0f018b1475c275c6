from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestLedgerFifo(ConsignmentCase):
    """A move line that spans two receipt price layers becomes two ledger records."""

    def _agreement_with_price_change(self, pricing_mode):
        return self._create_agreement(
            lines=[
                {"product_id": self.product.id, "price_unit": 12.0, "date_from": "2026-01-01"},
                {"product_id": self.product.id, "price_unit": 13.5, "date_from": "2026-03-15"},
            ],
            pricing_mode=pricing_mode,
        )

    def _receive_before_and_after_price_change(self, agreement):
        with freeze_time("2026-03-01 10:00:00"):
            self._receive_consignment(agreement, self.product, 40)
        with freeze_time("2026-03-20 10:00:00"):
            self._receive_consignment(agreement, self.product, 30)

    def test_fifo_delivery_spanning_two_price_layers(self):
        agreement = self._agreement_with_price_change("fifo")
        self._receive_before_and_after_price_change(agreement)
        with freeze_time("2026-03-25 10:00:00"):
            picking = self._move(
                self.product, 55, agreement.location_id, self.customer_location, owner=self.vendor
            )
        self.assertEqual(len(picking.move_ids), 1, "One delivery, one move")
        ledger = agreement.consumption_ids.sorted("id")
        self.assertRecordValues(
            ledger,
            [
                {"quantity": 40.0, "price_unit": 12.0, "amount": 480.0},
                {"quantity": 15.0, "price_unit": 13.5, "amount": 202.5},
            ],
        )
        self.assertEqual(ledger.move_line_id, picking.move_ids.move_line_ids)
        self.assertEqual(len(ledger.move_line_id), 2, "One ledger record per move line")
        self.assertEqual(self._quant_qty(self.product, agreement.location_id, self.vendor), 15.0)

    def test_pricing_by_date_keeps_one_record(self):
        agreement = self._agreement_with_price_change("date")
        self._receive_before_and_after_price_change(agreement)
        with freeze_time("2026-03-25 10:00:00"):
            picking = self._move(
                self.product, 55, agreement.location_id, self.customer_location, owner=self.vendor
            )
        self.assertEqual(len(picking.move_ids.move_line_ids), 1)
        self.assertRecordValues(
            agreement.consumption_ids, [{"quantity": 55.0, "price_unit": 13.5, "amount": 742.5}]
        )

    def test_returns_to_vendor_use_up_the_oldest_layer(self):
        agreement = self._agreement_with_price_change("fifo")
        self._receive_before_and_after_price_change(agreement)
        with freeze_time("2026-03-22 10:00:00"):
            self._move(
                self.product, 10, agreement.location_id, self.supplier_location, owner=self.vendor
            )
        self.assertFalse(agreement.consumption_ids, "A return to the vendor is no consumption")
        with freeze_time("2026-03-25 10:00:00"):
            self._move(
                self.product, 40, agreement.location_id, self.customer_location, owner=self.vendor
            )
        self.assertRecordValues(
            agreement.consumption_ids.sorted("id"),
            [
                {"quantity": 30.0, "price_unit": 12.0, "amount": 360.0},
                {"quantity": 10.0, "price_unit": 13.5, "amount": 135.0},
            ],
        )

    def test_consumption_beyond_receipts_is_priced_by_date(self):
        agreement = self._agreement_with_price_change("fifo")
        with freeze_time("2026-03-01 10:00:00"):
            self._receive_consignment(agreement, self.product, 5)
            # Stock counted higher than received: the count adds vendor goods without receipt.
            self.env["stock.quant"]._update_available_quantity(
                self.product, agreement.location_id, 5, owner_id=self.vendor
            )
        with freeze_time("2026-03-25 10:00:00"):
            self._move(
                self.product, 8, agreement.location_id, self.customer_location, owner=self.vendor
            )
        self.assertRecordValues(
            agreement.consumption_ids.sorted("id"),
            [
                {"quantity": 5.0, "price_unit": 12.0},
                {"quantity": 3.0, "price_unit": 13.5},
            ],
        )


@tagged("post_install", "-at_install")
class TestLedgerRules(ConsignmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement(
            lines=[
                (cls.product, 10.0),
                (cls.product_lot, 4.0),
                (cls.product_serial, 50.0),
            ]
        )
        cls.location = cls.agreement.location_id
        cls.production_location = cls.env["stock.location"].search(
            [("usage", "=", "production"), ("company_id", "=", cls.company.id)], limit=1
        )

    def _ledger(self, agreement=None):
        return (agreement or self.agreement).consumption_ids.sorted("id")

    def _return(self, picking, quantity):
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_ids=picking.ids, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = quantity
        return_picking = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        return_picking.move_ids.quantity = quantity
        return_picking.move_ids.picked = True
        return_picking.button_validate()
        return return_picking

    def test_consumption_for_production(self):
        self._receive_consignment(self.agreement, self.product, 10)
        self._move(
            self.product,
            6,
            self.location,
            self.production_location,
            owner=self.vendor,
            picking_type=self.warehouse.int_type_id,
        )
        self.assertRecordValues(self._ledger(), [{"quantity": 6.0, "amount": 60.0}])

    def test_scrap_paid_by_holder_writes_ledger(self):
        self.agreement.damage_bearer = "holder"
        self._receive_consignment(self.agreement, self.product, 10)
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.product.id,
                "scrap_qty": 2,
                "location_id": self.location.id,
                "owner_id": self.vendor.id,
            }
        )
        scrap.action_validate()
        self.assertEqual(scrap.state, "done")
        self.assertRecordValues(self._ledger(), [{"quantity": 2.0, "amount": 20.0}])
        self.assertEqual(self._ledger().move_line_id.move_id.scrap_id, scrap)

    def test_scrap_borne_by_owner_writes_no_ledger(self):
        self.assertEqual(self.agreement.damage_bearer, "owner")
        self._receive_consignment(self.agreement, self.product, 10)
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.product.id,
                "scrap_qty": 2,
                "location_id": self.location.id,
                "owner_id": self.vendor.id,
            }
        )
        scrap.action_validate()
        self.assertEqual(scrap.state, "done")
        self.assertFalse(self._ledger())
        self.assertEqual(self._quant_qty(self.product, self.location, self.vendor), 8.0)

    def test_scrap_from_vendor_location_takes_the_vendor_as_owner(self):
        self.agreement.damage_bearer = "holder"
        self._receive_consignment(self.agreement, self.product, 10)
        multi_locations = self.env.ref("stock.group_stock_multi_locations")
        self.env.ref("base.group_user").write({"implied_ids": [Command.link(multi_locations.id)]})
        form = Form(self.env["stock.scrap"])
        form.product_id = self.product
        form.location_id = self.location
        form.scrap_qty = 3
        self.assertEqual(form.owner_id, self.vendor)
        scrap = form.save()
        scrap.action_validate()
        self.assertEqual(self._quant_qty(self.product, self.location, self.vendor), 7.0)
        self.assertRecordValues(self._ledger(), [{"quantity": 3.0, "amount": 30.0}])
        ordinary = self.env["stock.scrap"].create(
            {"product_id": self.product.id, "scrap_qty": 1, "location_id": self.stock_location.id}
        )
        self.assertFalse(ordinary.owner_id)

    def test_moves_inside_one_consignment_are_no_consumption(self):
        shelf = self.env["stock.location"].create(
            {"name": "Shelf A", "usage": "internal", "location_id": self.location.id}
        )
        self._receive_consignment(self.agreement, self.product, 10)
        self._move(self.product, 4, self.location, shelf, owner=self.vendor)
        self.assertFalse(self._ledger())
        self.assertEqual(self._quant_qty(self.product, shelf, self.vendor), 4.0)
        # Out of the sub-location to a customer is consumption of the same agreement.
        self._move(self.product, 1, shelf, self.customer_location, owner=self.vendor)
        self.assertRecordValues(
            self._ledger(), [{"quantity": 1.0, "agreement_id": self.agreement.id}]
        )

    def test_return_of_not_invoiced_consumption_cancels_it(self):
        self._receive_consignment(self.agreement, self.product, 10)
        delivery = self._move(
            self.product, 10, self.location, self.customer_location, owner=self.vendor
        )
        consumption = self._ledger()
        self._return(delivery, 10)
        self.assertEqual(consumption.state, "cancelled")
        self.assertEqual(len(self._ledger()), 1, "Nothing to bill, nothing new written")
        # The goods are the vendor's again, back at the consignment location.
        self.assertEqual(self._quant_qty(self.product, self.location, self.vendor), 10.0)
        self.assertEqual(self._quant_qty(self.product, self.stock_location, owner=False), 0.0)

    def test_return_of_invoiced_consumption_writes_negative_record(self):
        self._receive_consignment(self.agreement, self.product, 10)
        delivery = self._move(
            self.product, 10, self.location, self.customer_location, owner=self.vendor
        )
        consumption = self._ledger()
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.vendor.id,
                "invoice_date": "2026-03-31",
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.product.id, "quantity": 10, "price_unit": 10.0}
                    )
                ],
            }
        )
        consumption.write({"state": "invoiced", "invoice_line_id": bill.invoice_line_ids.id})
        self._return(delivery, 4)
        self.assertRecordValues(
            self._ledger(),
            [
                {
                    "quantity": 10.0,
                    "amount": 100.0,
                    "state": "invoiced",
                    "reversed_consumption_id": False,
                },
                {
                    "quantity": -4.0,
                    "amount": -40.0,
                    "state": "to_invoice",
                    "reversed_consumption_id": consumption.id,
                },
            ],
        )
        self.assertEqual(self._quant_qty(self.product, self.location, self.vendor), 4.0)

    def test_return_to_vendor_keeps_the_owner(self):
        self._move(self.product, 5, self.supplier_location, self.stock_location)
        receipt = self._receive_consignment(self.agreement, self.product, 8)
        return_picking = self._return(receipt, 3)
        self.assertEqual(return_picking.move_ids.restrict_partner_id, self.vendor)
        self.assertEqual(return_picking.move_line_ids.owner_id, self.vendor)
        self.assertEqual(self._quant_qty(self.product, self.location, self.vendor), 5.0)
        self.assertEqual(self._quant_qty(self.product, self.stock_location, owner=False), 5.0)
        self.assertFalse(self._ledger())

    def test_chained_moves_keep_the_owner(self):
        self.warehouse.delivery_steps = "pick_ship"
        self._receive_consignment(self.agreement, self.product, 10)
        Rule = self.env["stock.rule"]
        reference = self.env["stock.reference"].create({"name": "CHAIN-1"})
        Rule.run(
            [
                Rule.Procurement(
                    self.product,
                    4,
                    self.product.uom_id,
                    self.customer_location,
                    "CHAIN-1",
                    "CHAIN-1",
                    self.company,
                    {
                        "warehouse_id": self.warehouse,
                        "reference_ids": reference,
                        "restrict_partner_id": self.vendor.id,
                    },
                )
            ]
        )
        pick = self.env["stock.move"].search(
            [("product_id", "=", self.product.id), ("state", "not in", ("done", "cancel"))]
        )
        self.assertEqual(pick.location_final_id, self.customer_location)
        self.assertEqual(pick.restrict_partner_id, self.vendor, "The procured move keeps the owner")
        pick.picking_id.action_assign()
        self.assertEqual(pick.move_line_ids.owner_id, self.vendor)
        self.assertEqual(pick.move_line_ids.location_id, self.location)
        pick.picking_id.button_validate()
        self.assertFalse(self._ledger(), "Picking to the output area is no consumption")
        ship = pick.move_dest_ids
        self.assertEqual(ship.restrict_partner_id, self.vendor, "The next step keeps the owner")
        ship.picking_id.action_assign()
        self.assertEqual(ship.move_line_ids.owner_id, self.vendor)
        ship.picking_id.button_validate()
        self.assertRecordValues(self._ledger(), [{"quantity": 4.0, "amount": 40.0}])

    def test_price_per_dozen_consumed_in_units(self):
        agreement = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "Dozen Vendor", "is_company": True}),
            lines=[
                {
                    "product_id": self.product.id,
                    "price_unit": 120.0,
                    "product_uom_id": self.uom_dozen.id,
                }
            ],
        )
        self._receive_consignment(agreement, self.product, 24)
        self._move(
            self.product,
            6,
            agreement.location_id,
            self.customer_location,
            owner=agreement.partner_id,
        )
        self.assertRecordValues(
            agreement.consumption_ids, [{"quantity": 6.0, "price_unit": 10.0, "amount": 60.0}]
        )

    def test_delivery_in_dozens_is_recorded_in_units(self):
        self._receive_consignment(self.agreement, self.product, 24)
        self._move(
            self.product,
            1,
            self.location,
            self.customer_location,
            owner=self.vendor,
            uom=self.uom_dozen,
        )
        self.assertRecordValues(self._ledger(), [{"quantity": 12.0, "amount": 120.0}])

    def test_serial_numbers_flow_into_the_ledger(self):
        for serial in ("SN-1", "SN-2", "SN-3"):
            self._receive_consignment(self.agreement, self.product_serial, 1, lot_name=serial)
        self._move(self.product_serial, 2, self.location, self.customer_location, owner=self.vendor)
        ledger = self._ledger()
        self.assertEqual(len(ledger), 2)
        self.assertEqual(set(ledger.mapped("quantity")), {1.0})
        self.assertEqual(len(ledger.lot_id), 2)
        self.assertTrue(set(ledger.lot_id.mapped("name")) <= {"SN-1", "SN-2", "SN-3"})
        self.assertEqual(ledger.lot_id, ledger.move_line_id.lot_id)

    @mute_logger("odoo.sql_db")
    def test_database_refuses_a_second_record_for_one_move_line(self):
        self._receive_consignment(self.agreement, self.product, 10)
        self._move(self.product, 2, self.location, self.customer_location, owner=self.vendor)
        consumption = self._ledger()
        values = consumption.copy_data()[0]
        values["move_line_id"] = consumption.move_line_id.id
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["consignment.consumption"].create(values)
            self.env.flush_all()
