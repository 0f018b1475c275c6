from odoo import api, fields, models

# Key of the fill-up rules in get_rules_dict, and context key that limits Odoo's warehouse
# machinery to the fill-up records (see _create_consignment_fill_up_records).
FILL_UP_ROUTING = "consignment_fill_up"
FILL_UP_ONLY = "consignment_fill_up_only"


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    consignment_fill_up_type_id = fields.Many2one(
        "stock.picking.type",
        string="Consignment Fill-up Type",
        check_company=True,
        copy=False,
        help="Operation type of the transfers that fill up customers' consignment locations "
        "from this warehouse's stock. Archived until a customer consignment needs it.",
    )
    consignment_fill_up_route_id = fields.Many2one(
        "stock.route",
        string="Consignment Fill-up Route",
        ondelete="restrict",
        copy=False,
        help="Route that fills up customers' consignment locations from this warehouse's "
        "stock. Archived until a customer consignment needs it.",
    )

    # ------------------------------------------------------------------
    # Odoo's warehouse hooks: the fill-up operation type and route are made with the
    # warehouse's other operation types and routes.
    # ------------------------------------------------------------------
    def _get_sequence_values(self, name=False, code=False):
        values = super()._get_sequence_values(name=name, code=code)
        prefix = self.consignment_fill_up_type_id.sequence_code or "CFU"
        values["consignment_fill_up_type_id"] = {
            "name": self.env._("%(name)s Sequence consignment fill-up", name=name or self.name),
            "prefix": f"{code or self.code}/{prefix}/",
            "padding": 5,
            "company_id": self.company_id.id,
        }
        return values

    def _get_picking_type_create_values(self, max_sequence):
        data, next_sequence = super()._get_picking_type_create_values(max_sequence)
        data["consignment_fill_up_type_id"] = {
            "name": self.env._("Consignment fill-up"),
            "code": "internal",
            "default_location_src_id": self.lot_stock_id.id,
            "default_location_dest_id": (
                self._get_consignment_customer_view() or self.lot_stock_id
            ).id,
            "sequence": next_sequence,
            "sequence_code": "CFU",
            "company_id": self.company_id.id,
            "consignment_fill_up": True,
        }
        return data, next_sequence + 1

    def _get_picking_type_update_values(self):
        data = super()._get_picking_type_update_values()
        if self.env.context.get(FILL_UP_ONLY):
            data = {}
        data["consignment_fill_up_type_id"] = {
            # Like Odoo's pick and pack types: archived while the warehouse does not use it,
            # so that the Inventory Overview of a warehouse without customer consignment
            # shows no extra operation type.
            "active": self.active and self._is_consignment_fill_up_used(),
            "barcode": self.code.replace(" ", "").upper() + "CFU",
        }
        return data

    def _get_routes_values(self):
        routes = super()._get_routes_values()
        if self.env.context.get(FILL_UP_ONLY):
            routes = {}
        routes["consignment_fill_up_route_id"] = {
            "routing_key": FILL_UP_ROUTING,
            "route_update_values": {
                "name": self._format_routename(name=self.env._("Consignment fill-up")),
                "active": self.active and self._is_consignment_fill_up_used(),
            },
            "route_create_values": {
                "product_selectable": False,
                "product_categ_selectable": False,
                "warehouse_selectable": False,
                "company_id": self.company_id.id,
                "sequence": 100,
                "consignment_fill_up_warehouse_id": self.id,
            },
            "rules_values": self._get_consignment_fill_up_rule_values(),
        }
        return routes

    def get_rules_dict(self):
        result = super().get_rules_dict()
        for warehouse in self:
            # Odoo archives a route's rules when it updates the route and keeps those listed
            # here: the fill-up route keeps the rules made for its destinations.
            result[warehouse.id][FILL_UP_ROUTING] = [
                self.Routing(
                    rule.location_src_id, rule.location_dest_id, rule.picking_type_id, rule.action
                )
                for rule in warehouse._get_consignment_fill_up_rules()
            ]
        return result

    def _update_name_and_code(self, new_name=False, new_code=False):
        result = super()._update_name_and_code(new_name, new_code)
        for warehouse in self.sudo():
            sequence = warehouse.consignment_fill_up_type_id.sequence_id
            if sequence:
                sequence.write(
                    warehouse._get_sequence_values(name=new_name, code=new_code)[
                        "consignment_fill_up_type_id"
                    ]
                )
            route = warehouse.consignment_fill_up_route_id
            if new_name and route:
                route.name = route.name.replace(warehouse.name, new_name, 1)
        return result

    def _get_all_routes(self):
        return super()._get_all_routes() | self.consignment_fill_up_route_id

    # ------------------------------------------------------------------
    # Fill-up records
    # ------------------------------------------------------------------
    def _get_consignment_fill_up_rules(self):
        """The active rules of the fill-up route, one per destination it serves (Odoo's
        warehouse machinery runs with archived records in view)."""
        self.ensure_one()
        return self.consignment_fill_up_route_id.rule_ids.filtered("active")

    def _is_consignment_fill_up_used(self):
        """Whether the warehouse fills up customers' sites: its fill-up route has a rule."""
        return bool(self._get_consignment_fill_up_rules())

    def _get_consignment_customer_view(self):
        """The view location of the warehouse that holds its customers' consignment
        locations (see ``stock.location._consignment_parent_for``), if there is one yet."""
        self.ensure_one()
        return (
            self.env["stock.location"]
            .sudo()
            .search(
                [
                    ("location_id", "=", self.view_location_id.id),
                    ("name", "=", "Consignment"),
                    ("usage", "=", "view"),
                    ("company_id", "=", self.company_id.id),
                ],
                limit=1,
            )
        )

    def _get_consignment_fill_up_rule_values(self):
        # Every rule of the route takes the goods from stock: they are alternatives for
        # different destinations, not the steps of a chain.
        return {"active": True, "procure_method": "make_to_stock"}

    @api.model
    def _create_missing_consignment_fill_up_records(self):
        """At installation and upgrade: the warehouses that exist already get their fill-up
        operation type and route; new warehouses get theirs when they are created."""
        warehouses = self.with_context(active_test=False).search(
            [
                "|",
                ("consignment_fill_up_type_id", "=", False),
                ("consignment_fill_up_route_id", "=", False),
            ]
        )
        warehouses._create_consignment_fill_up_records()
        return True

    def _create_consignment_fill_up_records(self):
        """Make the warehouses' missing fill-up operation type and route through Odoo's own
        warehouse machinery, limited to them: the warehouses' other operation types and
        routes stay as their users configured them."""
        for warehouse in self.sudo().with_context(**{FILL_UP_ONLY: True, "active_test": True}):
            warehouse._adopt_consignment_fill_up_records()
            type_values = warehouse._create_or_update_sequences_and_picking_types()
            if type_values:
                warehouse.write(type_values)
            route_values = warehouse._create_or_update_route()
            if route_values.get("route_ids"):
                warehouse.write(route_values)

    def _adopt_consignment_fill_up_records(self):
        """Databases from before the warehouse held its fill-up records made them on first
        use: the warehouse takes those over instead of making new ones."""
        self.ensure_one()
        if not self.consignment_fill_up_type_id:
            self.consignment_fill_up_type_id = (
                self.env["stock.picking.type"]
                .with_context(active_test=False)
                .search(
                    [("warehouse_id", "=", self.id), ("consignment_fill_up", "=", True)], limit=1
                )
            )
        if not self.consignment_fill_up_route_id:
            self.consignment_fill_up_route_id = (
                self.env["stock.route"]
                .with_context(active_test=False)
                .search([("consignment_fill_up_warehouse_id", "=", self.id)], limit=1)
            )

    # ------------------------------------------------------------------
    # Replenishment
    # ------------------------------------------------------------------
    def _get_consignment_fill_up_route(self, destination):
        """The "Consignment fill-up" route of the warehouse, active, with a rule that
        replenishes ``destination`` (a customer consignment location, or the view location
        above it) from the warehouse's stock. A rule is added when none covers
        ``destination`` yet."""
        self.ensure_one()
        warehouse = self.sudo()
        if not (warehouse.consignment_fill_up_type_id and warehouse.consignment_fill_up_route_id):
            warehouse._create_consignment_fill_up_records()
        warehouse._activate_consignment_fill_up(destination)
        if not warehouse._get_consignment_fill_up_rule(destination):
            warehouse._create_consignment_fill_up_rule(destination)
        return warehouse.consignment_fill_up_route_id.sudo(False)

    def _activate_consignment_fill_up(self, destination):
        """The first customer consignment of the warehouse brings its fill-up records out of
        the archive; transfers of the type created by hand go to that customer's site."""
        self.ensure_one()
        picking_type = self.consignment_fill_up_type_id
        if not picking_type.active:
            picking_type.write(
                {
                    "active": True,
                    "default_location_dest_id": self._get_consignment_fill_up_destination(
                        destination
                    ).id,
                }
            )
        if not self.consignment_fill_up_route_id.active:
            self.consignment_fill_up_route_id.active = True

    def _get_consignment_fill_up_rule(self, destination):
        """The rule of the fill-up route that covers ``destination``, if any."""
        self.ensure_one()
        return self._get_consignment_fill_up_rules().filtered(
            lambda rule: rule.action == "pull" and destination._child_of(rule.location_dest_id)
        )[:1]

    def _get_consignment_fill_up_destination(self, destination):
        """Where the rule that fills up ``destination`` goes: one rule to the view location
        that holds the customers' consignment locations serves them all."""
        self.ensure_one()
        view = self._get_consignment_customer_view()
        return view if view and destination._child_of(view) else destination

    def _create_consignment_fill_up_rule(self, destination):
        """A rule of the fill-up route for ``destination``; an archived one for the same
        destination comes back instead."""
        self.ensure_one()
        routing = self.Routing(
            self.lot_stock_id,
            self._get_consignment_fill_up_destination(destination),
            self.consignment_fill_up_type_id,
            "pull",
        )
        values = {
            **self._get_consignment_fill_up_rule_values(),
            "route_id": self.consignment_fill_up_route_id.id,
        }
        self._find_existing_rule_or_create(self._get_rule_values([routing], values=values))
