from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestAgreementEntryPoints(ConsignmentCase):
    """What the agreement keeps once billing, replenishment, statements and count planning
    run in their engines: its numbering and workflow state, its smart buttons, the lookup
    of a partner's running agreement, and the statement dialog."""

    def test_copy_starts_over_as_a_numbered_draft(self):
        agreement = self._create_agreement()
        copy = agreement.copy()
        self.assertRecordValues(
            copy,
            [
                {
                    "state": "draft",
                    "next_billing_date": False,
                    "next_count_date": False,
                    "next_replenishment_date": False,
                }
            ],
        )
        self.assertNotIn(copy.name, (agreement.name, "New", "/"))

    def test_smart_buttons_count_and_list_the_agreement_records(self):
        agreement = self._create_agreement()
        self._receive_consignment(agreement, self.product, 10)
        location = agreement.location_id
        with freeze_time("2026-03-10"):
            self._move(self.product, 2, location, self.customer_location, owner=self.vendor)
        agreement.action_create_invoices(period_end="2026-03-31")
        self.env["consignment.count"].create(
            {"agreement_id": agreement.id, "date": fields.Date.to_date("2026-03-15")}
        )
        self.assertRecordValues(
            agreement,
            [
                {
                    "invoice_count": 1,
                    "count_count": 1,
                    "consumption_count": 1,
                    "consumption_to_invoice_count": 0,
                }
            ],
        )
        counts = agreement.action_view_counts()
        self.assertEqual(counts["domain"], [("agreement_id", "=", agreement.id)])
        self.assertEqual(counts["context"], {"default_agreement_id": agreement.id})
        invoices = agreement.action_view_invoices()
        self.assertEqual(invoices["context"], {"create": False})
        self.assertEqual(self.env["account.move"].search(invoices["domain"]), agreement.invoice_ids)
        consumption = agreement.action_view_consumption()
        self.assertEqual(
            consumption["context"],
            {"default_agreement_id": agreement.id, "search_default_to_invoice": 1},
        )
        self.assertEqual(
            self.env["consignment.consumption"].search(consumption["domain"]),
            agreement.consumption_ids,
        )

    def test_transfers_are_counted_per_agreement_location(self):
        other_vendor = self.env["res.partner"].create({"name": "Other Vendor", "is_company": True})
        first = self._create_agreement()
        second = self._create_agreement(partner=other_vendor)
        self._receive_consignment(first, self.product, 5)
        self._receive_consignment(second, self.product, 5)
        self._receive_consignment(second, self.product, 3)
        agreements = first | second
        agreements.invalidate_recordset(["transfer_count", "backorder_count"])
        self.assertRecordValues(
            agreements,
            [
                {"transfer_count": 1, "backorder_count": 0},
                {"transfer_count": 2, "backorder_count": 0},
            ],
        )
        pickings = self.env["stock.picking"].search(second._get_transfer_domain())
        self.assertEqual(pickings.location_dest_id, second.location_id)
        self.assertEqual(len(pickings), 2)

    def test_orders_find_the_partner_latest_running_agreement(self):
        contact = self.env["res.partner"].create(
            {"name": "Vendor Sales Desk", "parent_id": self.vendor.id}
        )
        self._create_agreement(date_start=fields.Date.to_date("2026-01-01"))
        latest = self._create_agreement(date_start=fields.Date.to_date("2026-02-01"))
        self._create_agreement(date_start=fields.Date.to_date("2026-03-01"), activate=False)
        customer_agreement = self._create_agreement(consignment_type="customer")
        partners = contact | self.customer
        self.assertEqual(
            partners._consignment_get_active_agreements("vendor", self.company),
            {(self.vendor, self.company): latest},
        )
        self.assertEqual(
            partners._consignment_get_active_agreements("customer", self.company),
            {(self.customer, self.company): customer_agreement},
        )
        other_company = self.env["res.company"].create({"name": "Other Consignment Company"})
        self.assertEqual(partners._consignment_get_active_agreements("vendor", other_company), {})
