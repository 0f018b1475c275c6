from contextlib import contextmanager

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.consignment_stock.tests.common import ConsignmentCase


class ConsignmentPurchaseCase(ConsignmentCase):
    """Vendor consignment from purchase orders: a vendor agreement, helpers to order,
    receive, consume and bill, and the accounts the entries use."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.liability = cls.company._get_consignment_liability_account()
        cls.expense = cls.product._get_product_accounts()["expense"]
        cls.payable = cls.vendor.with_company(cls.company).property_account_payable_id
        cls.buyer = new_test_user(
            cls.env, login="consign_buyer", groups="purchase.group_purchase_user"
        )
        cls.accountant = new_test_user(
            cls.env,
            login="consign_accountant",
            groups="account.group_account_invoice,purchase.group_purchase_user",
        )

    @contextmanager
    def assertRefused(self, exception, regex):
        """Like ``assertRaisesRegex``, and rolls back what the refused call wrote, as Odoo's
        ``assertRaises`` does (``assertRaisesRegex`` does not)."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)

    @classmethod
    def _vendor_agreement(cls, lines=None, **values):
        values.setdefault("date_start", fields.Date.to_date("2026-01-01"))
        return cls._create_agreement(lines=lines, **values)

    @classmethod
    def _create_po(cls, lines, partner=None, date=None, confirm=True):
        """A purchase order of [(product, quantity[, uom])], confirmed as a buyer does."""
        with freeze_time(date or "2026-03-01 09:00:00"):
            order = cls.env["purchase.order"].create(
                {
                    "partner_id": (partner or cls.vendor).id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": line[0].id,
                                "product_qty": line[1],
                                **({"product_uom_id": line[2].id} if len(line) > 2 else {}),
                            }
                        )
                        for line in lines
                    ],
                }
            )
            if confirm:
                order.button_confirm()
        return order

    @classmethod
    def _receive_po(cls, order, quantities=None, date=None):
        """Validate the open receipt of ``order`` ({product: quantity}; default: all)."""
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        with freeze_time(date or "2026-03-02 10:00:00"):
            for move in picking.move_ids:
                quantity = (quantities or {}).get(move.product_id, move.product_uom_qty)
                move.quantity = quantity
                move.picked = True
            picking.with_context(cancel_backorder=False)._action_done()
        return picking

    @classmethod
    def _consume(cls, agreement, product, quantity, date="2026-03-20 10:00:00", destination=None):
        with freeze_time(date):
            return cls._move(
                product,
                quantity,
                agreement.location_id,
                destination or cls.customer_location,
                owner=agreement.partner_id,
            )

    @classmethod
    def _bill(cls, agreement, period_end="2026-03-31"):
        return cls.env["account.move"].browse(
            agreement.action_create_invoices(period_end=fields.Date.to_date(period_end))
        )

    def _entry_lines(self, move):
        """Journal items of ``move`` as comparable dicts, sorted."""
        return sorted(
            (
                {
                    "account_id": line.account_id.id,
                    "debit": round(line.debit, 2),
                    "credit": round(line.credit, 2),
                    "product_id": line.product_id.id,
                }
                for line in move.line_ids
            ),
            key=lambda values: (values["account_id"], values["debit"], values["credit"]),
        )

    def _expected(self, *lines):
        return sorted(
            (
                {
                    "account_id": account.id,
                    "debit": debit,
                    "credit": credit,
                    "product_id": product.id,
                }
                for account, debit, credit, product in lines
            ),
            key=lambda values: (values["account_id"], values["debit"], values["credit"]),
        )

    def _account_balance(self, account, partner=None):
        domain = [("account_id", "=", account.id), ("parent_state", "=", "posted")]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return round(sum(self.env["account.move.line"].search(domain).mapped("balance")), 2)
