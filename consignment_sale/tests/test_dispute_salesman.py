from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestDisputeSalesman(ConsignmentSaleCase):
    """Salespeople raise the disputes of customer agreements (by hand, from a report or a
    count) and read every dispute; settling them stays with consignment managers, vendor
    disputes with the vendor side."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._move(cls.product, 10, cls.stock_location, cls.location)
        cls.vendor_agreement = cls._create_agreement(lines=[(cls.product, 9.0)])
        cls.employee = new_test_user(
            cls.env, login="dispute_sale_employee", groups="base.group_user"
        )

    def _dispute_form(self, user, context=None):
        Dispute = self.env["consignment.dispute"].with_user(user)
        return Form(Dispute.with_context(**(context or {})))

    def _open_from(self, document, user=None):
        user = user or self.salesman
        action = document.with_user(user).action_open_dispute()
        return self._dispute_form(user, action["context"]).save()

    def test_salesman_opens_by_hand_and_reads_it(self):
        form = self._dispute_form(self.salesman)
        form.agreement_id = self.agreement
        form.subject = "Customer says 3 cups came broken"
        form.amount = 20.7
        dispute = form.save()
        self.assertRecordValues(
            dispute,
            [
                {
                    "state": "open",
                    "origin": "manual",
                    "consignment_type": "customer",
                    "partner_id": self.customer.id,
                    "amount": 20.7,
                }
            ],
        )
        as_salesman = dispute.with_user(self.salesman)
        as_salesman.description = "Photos sent by e-mail"
        self.assertEqual(
            as_salesman.read(["description"])[0]["description"], "Photos sent by e-mail"
        )
        # The salesperson's way in: Sales > Consignment > Disputes.
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consignment_sale.consignment_dispute_customer_action"
        )
        self.assertIn(
            dispute,
            self.env["consignment.dispute"]
            .with_user(self.salesman)
            .search(safe_eval(action["domain"])),
        )

    def test_salesman_opens_from_report_and_count(self):
        report = self._report([(self.product, False, 2)])
        dispute = self._open_from(report)
        self.assertRecordValues(
            dispute, [{"origin": "report", "agreement_id": self.agreement.id, "state": "open"}]
        )
        self.assertEqual(dispute.source, report)
        self.assertEqual(report.with_user(self.salesman).dispute_count, 1)
        count = self.env["consignment.count"].create(
            {"agreement_id": self.agreement.id, "date": fields.Date.today()}
        )
        from_count = self._open_from(count)
        self.assertRecordValues(
            from_count, [{"origin": "count", "agreement_id": self.agreement.id}]
        )
        self.assertEqual(from_count.source, count)

    def test_salesman_cannot_settle(self):
        dispute = self._open_from(self._report([(self.product, False, 1)]))
        dispute.resolution = "Credit note for one cup"
        as_salesman = dispute.with_user(self.salesman)
        for settle in (as_salesman.action_resolve, as_salesman.action_cancel):
            with self.assertRaisesRegex(AccessError, "Resolving"):
                settle()
        self.assertRecordValues(dispute, [{"state": "open", "resolved_date": False}])

    def test_salesman_refused_on_vendor_agreement(self):
        Dispute = self.env["consignment.dispute"].with_user(self.salesman)
        with self.assertRaisesRegex(AccessError, "Opening a dispute"):
            Dispute.create({"agreement_id": self.vendor_agreement.id, "subject": "Not ours"})
        with self.assertRaisesRegex(AccessError, "Opening a dispute"):
            Dispute._open_dispute(self.vendor_agreement.with_user(self.salesman), "No", "manual")
        vendor_dispute = self.env["consignment.dispute"].create(
            {"agreement_id": self.vendor_agreement.id, "subject": "Bill differs"}
        )
        # Read like the agreement, but not changed: the vendor side raises it.
        self.assertEqual(vendor_dispute.with_user(self.salesman).subject, "Bill differs")
        with self.assertRaises(AccessError):
            vendor_dispute.with_user(self.salesman).description = "Taken over"
        customer_dispute = self._open_from(self._report([(self.product, False, 1)]))
        with self.assertRaisesRegex(AccessError, "Opening a dispute"):
            customer_dispute.with_user(self.salesman).agreement_id = self.vendor_agreement
        self.assertEqual(
            self.env["consignment.dispute"].search(
                [("agreement_id", "=", self.vendor_agreement.id)]
            ),
            vendor_dispute,
        )
        self.assertFalse(vendor_dispute.description)
        self.assertEqual(customer_dispute.agreement_id, self.agreement)

    def test_salesman_with_consignment_rights_keeps_vendor_disputes(self):
        """The salespeople's rules add to a consignment user's rights, never narrow them."""
        user = new_test_user(
            self.env,
            login="dispute_sale_consignment_user",
            groups="sales_team.group_sale_salesman,consignment_stock.group_consignment_user",
        )
        dispute = (
            self.env["consignment.dispute"]
            .with_user(user)
            .create({"agreement_id": self.vendor_agreement.id, "subject": "Vendor bill differs"})
        )
        dispute.description = "Two widgets too many on the bill"
        self.assertRecordValues(
            dispute,
            [{"consignment_type": "vendor", "description": "Two widgets too many on the bill"}],
        )

    def test_internal_user_without_rights_refused(self):
        report = self._report([(self.product, False, 1)])
        dispute = self._open_from(report)
        Dispute = self.env["consignment.dispute"].with_user(self.employee)
        with self.assertRaises(AccessError):
            Dispute.create({"agreement_id": self.agreement.id, "subject": "No rights"})
        with self.assertRaises(AccessError):
            dispute.with_user(self.employee).read(["subject"])
        with self.assertRaises(AccessError):
            report.with_user(self.employee).action_open_dispute()
        self.assertEqual(
            self.env["consignment.dispute"].search([("agreement_id", "=", self.agreement.id)]),
            dispute,
        )

    def test_salesman_sees_the_dispute_buttons(self):
        """The report's Dispute button and the agreement's Disputes button are shown to
        salespeople, who may use them."""
        report_arch = (
            self.env["consignment.report"]
            .with_user(self.salesman)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('name="action_open_dispute"', report_arch)
        agreement_arch = (
            self.env["consignment.agreement"]
            .with_user(self.salesman)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('icon="fa-gavel"', agreement_arch)
