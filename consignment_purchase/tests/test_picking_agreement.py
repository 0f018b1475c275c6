from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ConsignmentPurchaseCase


@tagged("post_install", "-at_install")
class TestReceiptAgreement(ConsignmentPurchaseCase):
    """The receipts of a consignment order carry its vendor agreement in the transfer's one
    agreement field, which only the code fills."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._vendor_agreement(lines=[(cls.product, 10.0)])

    def test_receipt_backorder_and_return_carry_the_vendor_agreement(self):
        order = self._create_po([(self.product, 10)])
        receipt = order.picking_ids
        self.assertRecordValues(
            receipt,
            [{"consignment_agreement_id": self.agreement.id, "is_consignment_receipt": True}],
        )
        self._receive_po(order, quantities={self.product: 4})
        backorder = order.picking_ids - receipt
        self.assertRecordValues(
            backorder,
            [{"consignment_agreement_id": self.agreement.id, "is_consignment_receipt": True}],
        )
        wizard = self.env["stock.return.picking"].create({"picking_id": receipt.id})
        wizard.product_return_moves.quantity = 4
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        self.assertRecordValues(
            returned,
            [{"consignment_agreement_id": self.agreement.id, "is_consignment_receipt": False}],
        )

    def test_ordinary_receipt_has_no_agreement(self):
        order = self._create_po([(self._create_product("Bought Widget"), 1)])
        self.assertRecordValues(
            order.picking_ids,
            [{"consignment_agreement_id": False, "is_consignment_receipt": False}],
        )

    def test_stock_user_cannot_turn_a_receipt_into_an_ordinary_one(self):
        # Cleared, the receipt of a terminated agreement would be validated without its
        # check; set, an ordinary receipt would keep the vendor's goods unvalued.
        receipt = self._create_po([(self.product, 3)]).picking_ids
        ordinary = self._create_po([(self._create_product("Bought Widget"), 1)]).picking_ids
        for user in (self.stock_user, self.buyer):
            with self.assertRefused(UserError, "cannot be set by hand"):
                receipt.with_user(user).write({"consignment_agreement_id": False})
            with self.assertRefused(UserError, "cannot be set by hand"):
                ordinary.with_user(user).write({"consignment_agreement_id": self.agreement.id})
        self.assertTrue(receipt.is_consignment_receipt)
        self.assertFalse(ordinary.is_consignment_receipt)
