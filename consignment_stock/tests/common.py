from odoo import Command, fields
from odoo.tests import Form, TransactionCase, new_test_user


class ConsignmentCase(TransactionCase):
    """Fixtures shared by the consignment add-ons' tests: a company with a warehouse,
    a vendor, a customer, storable products (one lot-tracked, one priced per dozen), and
    helpers that move goods the way users do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.env.ref("base.group_user").write(
            {"implied_ids": [Command.link(cls.env.ref("stock.group_tracking_owner").id)]}
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Vendor Consign", "is_company": True})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Customer Consign", "is_company": True}
        )
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")
        cls.uom_dozen = cls.env.ref("uom.product_uom_dozen")
        cls.product = cls._create_product("Consigned Widget", standard_price=8.0)
        cls.product_lot = cls._create_product(
            "Consigned Lot Widget", tracking="lot", standard_price=5.0
        )
        cls.product_serial = cls._create_product("Consigned Serial Widget", tracking="serial")
        cls.stock_user = new_test_user(
            cls.env, login="consign_stock_user", groups="stock.group_stock_user"
        )
        cls.consignment_manager = new_test_user(
            cls.env,
            login="consign_manager",
            groups="stock.group_stock_user,consignment_stock.group_consignment_manager",
        )

    @classmethod
    def _create_product(cls, name, tracking="none", standard_price=1.0, **values):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": True,
                "tracking": tracking,
                "standard_price": standard_price,
                **values,
            }
        )

    @classmethod
    def _create_agreement(
        cls, partner=None, consignment_type="vendor", lines=None, activate=True, **values
    ):
        partner = partner or (cls.vendor if consignment_type == "vendor" else cls.customer)
        lines = lines if lines is not None else [(cls.product, 10.0), (cls.product_lot, 4.0)]
        line_commands = []
        for line in lines:
            if isinstance(line, dict):
                line_commands.append(Command.create(line))
            else:
                product, price = line[0], line[1]
                line_commands.append(
                    Command.create({"product_id": product.id, "price_unit": price})
                )
        agreement = cls.env["consignment.agreement"].create(
            {
                "partner_id": partner.id,
                "consignment_type": consignment_type,
                "date_start": values.pop("date_start", fields.Date.to_date("2026-01-01")),
                "line_ids": line_commands,
                **values,
            }
        )
        if activate:
            agreement.action_activate()
        return agreement

    @classmethod
    def _move(
        cls,
        product,
        quantity,
        source,
        destination,
        owner=None,
        lot_name=None,
        lot=None,
        uom=None,
        date=None,
        picking_type=None,
        validate=True,
    ):
        """A done (or confirmed) picking of one product, as a user validates it."""
        picking_type = picking_type or (
            cls.warehouse.in_type_id
            if source.usage == "supplier"
            else cls.warehouse.out_type_id
            if destination.usage == "customer"
            else cls.warehouse.int_type_id
        )
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "owner_id": owner.id if owner else False,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": (uom or product.uom_id).id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        if not validate:
            return picking
        picking.action_assign()
        move = picking.move_ids
        if product.tracking != "none" and source.usage in ("supplier", "inventory"):
            move.move_line_ids.unlink()
            lot_values = {"lot_name": lot_name} if lot_name else {"lot_id": lot.id}
            move.move_line_ids = [
                Command.create(
                    {
                        "product_id": product.id,
                        "quantity": quantity,
                        "product_uom_id": (uom or product.uom_id).id,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        **lot_values,
                    }
                )
            ]
        elif not move.move_line_ids or move.quantity != quantity:
            move.quantity = quantity
        move.picked = True
        if date:
            picking.with_context(force_period_date=date)._action_done()
        else:
            picking.button_validate()
        return picking

    @classmethod
    def _receive_consignment(cls, agreement, product, quantity, **kwargs):
        return cls._move(
            product,
            quantity,
            cls.supplier_location,
            agreement.location_id,
            owner=agreement.partner_id,
            **kwargs,
        )

    @classmethod
    def _quant_qty(cls, product, location, owner=None):
        domain = [("product_id", "=", product.id), ("location_id", "child_of", location.id)]
        if owner is not None:
            domain.append(("owner_id", "=", owner.id if owner else False))
        return sum(cls.env["stock.quant"].search(domain).mapped("quantity"))

    def _terminate(self, agreement, kind="forced", date=None, reason="Partner leaves", user=None):
        """Terminate ``agreement`` as the Terminate button does: through its wizard (as
        ``user``); forced and effective today unless told otherwise."""
        agreement = agreement.with_user(user) if user else agreement
        action = agreement.action_terminate()
        wizard_model = agreement.env[action["res_model"]].with_context(**action["context"])
        with Form(wizard_model) as wizard:
            wizard.termination_kind = kind
            if date:
                wizard.termination_date = date
            wizard.termination_reason = reason
        return wizard.record.action_confirm()

    def _validate_final_count(self, agreement):
        """Count what is left at a terminated agreement's location as expected (the joint
        count of a forced termination), so that it may be closed."""
        count = self.env["consignment.count"].search(
            [("agreement_id", "=", agreement.id), ("state", "=", "draft")], limit=1
        )
        count.action_refresh_expected()
        count.action_set_expected_as_counted()
        count.action_validate()
        return count

    def _form(self, record_or_model, view=None):
        return Form(record_or_model, view=view)
