from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.consignment_stock.tests.common import ConsignmentCase


class ConsignmentSaleCase(ConsignmentCase):
    """A customer agreement for the shared customer, a salesperson, and our warehouse stocked
    with the consigned products."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="consign_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.agreement = cls._create_agreement(
            consignment_type="customer",
            lines=[(cls.product, 10.0), (cls.product_lot, 4.0)],
            date_start=cls.env.cr.now().date().replace(day=1),
        )
        cls.location = cls.agreement.location_id
        cls._move(cls.product, 50, cls.supplier_location, cls.stock_location)
        cls._move(cls.product_lot, 30, cls.supplier_location, cls.stock_location, lot_name="LOT-A")
        cls.lot_a = cls.env["stock.lot"].search(
            [("name", "=", "LOT-A"), ("product_id", "=", cls.product_lot.id)]
        )

    @classmethod
    def _create_order(cls, lines, partner=None, user=None, confirm=True):
        env = cls.env(user=user) if user else cls.env
        order = env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": quantity, "price_unit": price}
                    )
                    for product, quantity, price in lines
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def _validate_picking(cls, picking, quantities=None):
        """Validate ``picking`` for ``quantities`` ({product: quantity}, default: all
        reserved); returns its backorder, if any."""
        picking.action_assign()
        for move in picking.move_ids:
            if quantities is not None and move.product_id in quantities:
                move.quantity = quantities[move.product_id]
            move.picked = True
        result = picking.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=[]
        ).button_validate()
        if isinstance(result, dict):
            raise AssertionError(f"Validation asked for a wizard: {result.get('res_model')}")
        return picking.backorder_ids

    @classmethod
    def _report(cls, lines, report_type="sold", agreement=None, validate=True, date=None):
        report = cls.env["consignment.report"].create(
            {
                "agreement_id": (agreement or cls.agreement).id,
                "report_type": report_type,
                **({"date": date} if date else {}),
                "line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "lot_id": lot.id if lot else False,
                            ("quantity" if report_type == "sold" else "remaining_qty"): quantity,
                        }
                    )
                    for product, lot, quantity in lines
                ],
            }
        )
        if validate:
            report.action_validate()
        return report
