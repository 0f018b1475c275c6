from odoo.tests import tagged

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestProformaTotals(ConsignmentSaleCase):
    """The pro-forma note and the consignment order it travels with agree, and quantities in
    different units are never added up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uom_kg = cls.env.ref("uom.product_uom_kgm")
        cls.sugar = cls._create_product("Consigned Sugar", uom_id=cls.uom_kg.id)
        cls.env["consignment.agreement.line"].create(
            {"agreement_id": cls.agreement.id, "product_id": cls.sugar.id, "price_unit": 3.0}
        )
        cls._move(cls.sugar, 20, cls.supplier_location, cls.stock_location)

    def test_note_totals_per_unit_and_equal_to_the_order(self):
        order = self._create_order(
            [(self.product, 4, 10.0), (self.sugar, 2.5, 3.0)], user=self.salesman
        )
        self.assertEqual(order.consignment_agreement_id, self.agreement)
        picking = order.picking_ids
        self._validate_picking(picking)
        note = picking._get_consignment_proforma_data()
        self.assertEqual(
            sorted((uom.name, quantity) for uom, quantity in note["total_quantities"]),
            sorted([(self.uom_unit.name, 4.0), (self.uom_kg.name, 2.5)]),
        )
        self.assertEqual(note["currency"], order.currency_id, "agreement and order currency")
        self.assertAlmostEqual(note["total_value"], order.amount_untaxed)
        self.assertAlmostEqual(note["total_value"], 47.5)

        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("consignment_sale.action_report_proforma_delivery", picking.ids)[0]
            .decode()
        )
        self.assertIn("2.50", html)
        self.assertNotIn("6.50", html, "4 units and 2.5 kg are not one total")
