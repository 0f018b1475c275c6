from uuid import uuid4

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.consignment_purchase.tests.common import ConsignmentPurchaseCase


class ConsignmentPosCase(ConsignmentPurchaseCase):
    """A shop whose point of sale sells from WH/Stock, where the vendor's consignment
    location sits: the vendor's consigned widgets (agreement price 10.00, lot widgets 4.00)
    and, when a test adds them, our own. Orders are sent the way the point of sale sends
    them, by a point of sale user without consignment rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.product | cls.product_lot).write({"available_in_pos": True, "lst_price": 25.0})
        cls.own_product = cls._create_product("Own Gadget", available_in_pos=True, lst_price=9.0)
        cls.agreement = cls._vendor_agreement(lines=[(cls.product, 10.0), (cls.product_lot, 4.0)])
        cls._receive_consignment(cls.agreement, cls.product, 10)
        cash_journal = cls.env["account.journal"].create(
            {"name": "Consignment Shop Cash", "type": "cash", "code": "CSHOP"}
        )
        cls.cash_method = cls.env["pos.payment.method"].create(
            {"name": "Cash consignment shop", "journal_id": cash_journal.id}
        )
        cls.pos_config = cls.env["pos.config"].create(
            {
                "name": "Consignment Shop",
                "payment_method_ids": [Command.set(cls.cash_method.ids)],
            }
        )
        cls.pos_user = new_test_user(
            cls.env, login="consign_pos_user", groups="base.group_user,point_of_sale.group_pos_user"
        )

    @classmethod
    def _set_own_stock(cls, product, quantity, location=None):
        cls.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": product.id,
                "location_id": (location or cls.stock_location).id,
                "inventory_quantity": quantity,
            }
        ).action_apply_inventory()

    def _open_session(self, at_closing=False):
        self.company.point_of_sale_update_stock_quantities = "closing" if at_closing else "real"
        self.pos_config.with_user(self.pos_user).open_ui()
        session = self.pos_config.current_session_id
        session.with_user(self.pos_user).set_opening_control(0, None)
        return session

    def _line(self, product, quantity, lot_names=(), refunded_line=None):
        price = product.lst_price
        values = {
            "product_id": product.id,
            "price_unit": price,
            "discount": 0,
            "qty": quantity,
            "tax_ids": [Command.clear()],
            "price_subtotal": price * quantity,
            "price_subtotal_incl": price * quantity,
            "pack_lot_ids": [Command.create({"lot_name": name}) for name in lot_names],
        }
        if refunded_line:
            values["refunded_orderline_id"] = refunded_line.id
        return Command.create(values)

    def _sell(self, session, lines, user=None):
        """Send a paid order of ``lines`` (from ``_line``) as the point of sale does, as
        ``user`` (the point of sale user by default)."""
        total = sum(line[2]["price_subtotal_incl"] for line in lines)
        uuid = str(uuid4())
        order_values = {
            "name": f"Order {uuid}",
            "uuid": uuid,
            "session_id": session.id,
            "user_id": (user or self.pos_user).id,
            "partner_id": False,
            "fiscal_position_id": False,
            "pricelist_id": session.config_id.pricelist_id.id,
            "date_order": fields.Datetime.to_string(fields.Datetime.now()),
            "amount_paid": total,
            "amount_return": 0.0,
            "amount_tax": 0.0,
            "amount_total": total,
            "to_invoice": False,
            "last_order_preparation_change": "{}",
            "lines": lines,
            "payment_ids": [
                Command.create(
                    {
                        "amount": total,
                        "name": fields.Datetime.now(),
                        "payment_method_id": self.cash_method.id,
                    }
                )
            ],
        }
        result = self.env["pos.order"].with_user(user or self.pos_user).sync_from_ui([order_values])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def _close(self, session):
        total = sum(session.order_ids.payment_ids.mapped("amount"))
        session.post_closing_cash_details(total)
        session.close_session_from_ui()
        self.assertEqual(session.state, "closed")

    def _ledger(self):
        return self.agreement.consumption_ids.sorted("id")

    def _negative_quants(self, product):
        return self.env["stock.quant"].search(
            [
                ("product_id", "=", product.id),
                ("location_id.usage", "=", "internal"),
                ("quantity", "<", 0),
            ]
        )
