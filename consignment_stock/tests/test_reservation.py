from freezegun import freeze_time

from odoo.tests import tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestReservationPolicy(ConsignmentCase):
    """Which stock an ordinary delivery from WH/Stock reserves when both our own goods (in
    WH/Stock) and a vendor's consigned goods (in its location inside WH/Stock) can serve."""

    def _stock_both(self, agreement, own_first_in=False):
        """10 own and 10 vendor-owned units; the older goods come first in FIFO."""
        dates = ["2026-02-01", "2026-02-10"]
        own_date, vendor_date = dates if own_first_in else dates[::-1]
        with freeze_time(vendor_date):
            self._receive_consignment(agreement, self.product, 10)
        with freeze_time(own_date):
            self._move(self.product, 10, self.supplier_location, self.stock_location)

    def _delivery(self, quantity, owner=None):
        picking = self._move(
            self.product,
            quantity,
            self.stock_location,
            self.customer_location,
            owner=owner,
            validate=False,
        )
        picking.action_assign()
        return picking

    def _reserved_by_owner(self, picking):
        reserved = {}
        for move_line in picking.move_line_ids:
            reserved[move_line.owner_id] = (
                reserved.get(move_line.owner_id, 0.0) + move_line.quantity
            )
        return reserved

    def test_own_first_reserves_own_stock_before_older_vendor_stock(self):
        agreement = self._create_agreement(reservation_policy="own_first")
        self._stock_both(agreement, own_first_in=False)
        picking = self._delivery(12)
        self.assertEqual(
            self._reserved_by_owner(picking),
            {self.env["res.partner"]: 10.0, self.vendor: 2.0},
            "Own stock is used up first, then the vendor's goods",
        )
        picking.button_validate()
        self.assertRecordValues(agreement.consumption_ids, [{"quantity": 2.0, "amount": 20.0}])

    def test_consignment_first_reserves_vendor_stock_before_older_own_stock(self):
        agreement = self._create_agreement(reservation_policy="consignment_first")
        self._stock_both(agreement, own_first_in=True)
        picking = self._delivery(12)
        self.assertEqual(
            self._reserved_by_owner(picking),
            {self.vendor: 10.0, self.env["res.partner"]: 2.0},
        )
        picking.button_validate()
        self.assertRecordValues(agreement.consumption_ids, [{"quantity": 10.0, "amount": 100.0}])

    def test_explicit_never_reserves_vendor_stock_for_ordinary_delivery(self):
        agreement = self._create_agreement(reservation_policy="explicit")
        self._stock_both(agreement, own_first_in=False)
        picking = self._delivery(15)
        self.assertEqual(self._reserved_by_owner(picking), {self.env["res.partner"]: 10.0})
        self.assertEqual(picking.move_ids.state, "partially_available")

    def test_explicit_reserves_vendor_stock_when_the_delivery_asks_for_the_vendor(self):
        agreement = self._create_agreement(reservation_policy="explicit")
        self._stock_both(agreement, own_first_in=True)
        picking = self._delivery(4, owner=self.vendor)
        self.assertEqual(self._reserved_by_owner(picking), {self.vendor: 4.0})
        self.assertEqual(picking.move_line_ids.location_id, agreement.location_id)
        picking.button_validate()
        self.assertRecordValues(agreement.consumption_ids, [{"quantity": 4.0}])
        self.assertEqual(self._quant_qty(self.product, self.stock_location, owner=False), 10.0)

    def test_move_owner_restricts_reservation_to_vendor_goods(self):
        agreement = self._create_agreement(reservation_policy="own_first")
        self._stock_both(agreement, own_first_in=True)
        picking = self._move(
            self.product, 3, self.stock_location, self.customer_location, validate=False
        )
        # Confirming reserved already: ask for the vendor's goods and reserve again.
        picking.do_unreserve()
        picking.move_ids.restrict_partner_id = self.vendor
        picking.action_assign()
        self.assertEqual(self._reserved_by_owner(picking), {self.vendor: 3.0})

    def test_available_quantity_follows_the_policy(self):
        agreement = self._create_agreement(reservation_policy="explicit")
        self._stock_both(agreement)
        Quant = self.env["stock.quant"].with_context(consignment_reservation_owner=False)
        self.assertEqual(Quant._get_available_quantity(self.product, self.stock_location), 10.0)
        # Without an operation asking (no context), the standard count stays untouched.
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.product, self.stock_location),
            20.0,
        )

    def test_customer_consignment_goods_are_never_reserved_by_warehouse_deliveries(self):
        agreement = self._create_agreement(consignment_type="customer")
        self._move(self.product, 8, self.supplier_location, self.stock_location)
        self._move(self.product, 8, self.stock_location, agreement.location_id)
        self.assertEqual(self._quant_qty(self.product, agreement.location_id), 8.0)
        picking = self._delivery(5)
        self.assertFalse(picking.move_line_ids)
        self.assertEqual(picking.move_ids.state, "confirmed")
