from odoo import Command, fields
from odoo.tests import Form, new_test_user

from odoo.addons.consignment_purchase.tests.common import ConsignmentPurchaseCase


class ConsignmentMrpCase(ConsignmentPurchaseCase):
    """A finished product made of a vendor's consigned component (agreement price 10.00) and
    one of our own components (cost 3.00), both valued perpetually, and helpers to
    manufacture the way a manufacturing user does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category_fifo = cls.env["product.category"].create(
            {
                "name": "FIFO perpetual",
                "property_cost_method": "fifo",
                "property_valuation": "real_time",
            }
        )
        cls.category_avco = cls.env["product.category"].create(
            {
                "name": "AVCO perpetual",
                "property_cost_method": "average",
                "property_valuation": "real_time",
            }
        )
        (cls.product | cls.product_lot).categ_id = cls.category_avco
        cls.own_part = cls._create_product(
            "Own Part", standard_price=3.0, categ_id=cls.category_fifo.id
        )
        cls._set_own_stock(cls.own_part, 100)
        cls.finished = cls._create_product(
            "Assembled Widget", standard_price=0.0, categ_id=cls.category_fifo.id
        )
        cls.bom = cls._create_bom(cls.finished, [(cls.product, 2), (cls.own_part, 1)])
        cls.agreement = cls._vendor_agreement(lines=[(cls.product, 10.0), (cls.product_lot, 4.0)])
        cls._receive_consignment(cls.agreement, cls.product, 50, date="2026-03-02")
        cls.production_location = cls.warehouse._get_production_location()
        cls.stock_valuation = cls.product._get_product_accounts()["stock_valuation"]
        cls.mrp_user = new_test_user(
            cls.env, login="consign_mrp_user", groups="mrp.group_mrp_user,stock.group_stock_user"
        )

    @classmethod
    def _set_own_stock(cls, product, quantity):
        cls.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": product.id,
                "location_id": cls.stock_location.id,
                "inventory_quantity": quantity,
            }
        ).action_apply_inventory()

    @classmethod
    def _create_bom(cls, product, components, bom_type="normal", quantity=1.0, byproducts=()):
        return cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_id": product.id,
                "product_qty": quantity,
                "type": bom_type,
                "bom_line_ids": [
                    Command.create({"product_id": component.id, "product_qty": qty})
                    for component, qty in components
                ],
                "byproduct_ids": [
                    Command.create(
                        {"product_id": byproduct.id, "product_qty": qty, "cost_share": share}
                    )
                    for byproduct, qty, share in byproducts
                ],
            }
        )

    @classmethod
    def _use_wip_account(cls):
        wip = cls.env["account.account"].create(
            {"name": "Production WIP", "code": "100199", "account_type": "asset_current"}
        )
        cls.production_location.valuation_account_id = wip
        return wip

    def _confirm_production(self, quantity, bom=None, user=None):
        env = self.env(user=user or self.mrp_user)
        form = Form(env["mrp.production"])
        form.product_id = (bom or self.bom).product_id
        form.bom_id = bom or self.bom
        form.product_qty = quantity
        production = form.save()
        production.action_confirm()
        production.action_assign()
        return production

    def _manufacture(
        self, quantity, produce=None, bom=None, user=None, backorder=False, consumed=None
    ):
        """Confirm a manufacturing order of ``quantity`` and produce ``produce`` of it (all by
        default), as ``user`` (the manufacturing user by default). ``consumed``: {component:
        quantity} consumed instead of what the bill of materials says."""
        production = self._confirm_production(quantity, bom=bom, user=user)
        return self._produce(production, produce or quantity, backorder, consumed)

    def _produce(self, production, quantity, backorder=False, consumed=None):
        env = production.env
        form = Form(production)
        form.qty_producing = quantity
        production = form.save()
        for component, component_qty in (consumed or {}).items():
            move = production.move_raw_ids.filtered(lambda m, c=component: m.product_id == c)
            move.quantity = component_qty
            move.picked = True
        action = production.button_mark_done()
        if action is not True and action.get("res_model") == "mrp.consumption.warning":
            wizard = Form(env["mrp.consumption.warning"].with_context(**action["context"])).save()
            action = wizard.action_confirm()
        if action is not True and action.get("res_model") == "mrp.production.backorder":
            wizard = Form(env["mrp.production.backorder"].with_context(**action["context"])).save()
            if backorder:
                wizard.action_backorder()
            else:
                wizard.action_close_mo()
        return production.with_env(self.env)

    def _finished_move(self, production):
        return production.move_finished_ids.filtered(
            lambda move: move.product_id == production.product_id and move.state == "done"
        )

    def _stock_entry_lines(self, moves):
        """Lines of Odoo's stock entry for ``moves`` (raw moves of an order share one entry)."""
        return [
            line
            for line in self._entry_lines(moves.account_move_id)
            if line["product_id"] in moves.product_id.ids
        ]

    def _bill_today(self):
        return self._bill(self.agreement, period_end=fields.Date.context_today(self.agreement))
