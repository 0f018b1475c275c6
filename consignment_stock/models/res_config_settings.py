from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    group_consignment_enabled = fields.Boolean(
        string="Consignment Agreements",
        implied_group="consignment_stock.group_consignment_enabled",
        help="Manage stock that belongs to a vendor at your site, or your stock at a "
        "customer's site. Switching it on also enables stock owners.",
    )
    consignment_capital_rate = fields.Float(
        related="company_id.consignment_capital_rate",
        readonly=False,
        string="Cost of Capital (%)",
    )
    consignment_notice_period_days = fields.Integer(
        related="company_id.consignment_notice_period_days", readonly=False
    )
    consignment_scan_ask_quantity = fields.Boolean(
        related="company_id.consignment_scan_ask_quantity", readonly=False
    )

    consignment_document_checker_id = fields.Many2one(
        related="company_id.consignment_document_checker_id",
        readonly=False,
        domain=lambda self: self.env["res.company"]._consignment_checker_domain(),
    )

    def set_values(self):
        for settings in self:
            if settings.group_consignment_enabled:
                # Consignment rests on quant owners: without owner tracking users could
                # not see or choose whose goods they move.
                settings.group_stock_tracking_owner = True
        return super().set_values()

    @api.model
    def _enable_consignment_on_install(self):
        # What saving the box in Settings does for an implied group, without saving the
        # other settings.
        self.env.ref("base.group_user").sudo()._apply_group(
            self.env.ref("consignment_stock.group_consignment_enabled")
        )

    consignment_target_turnover = fields.Float(
        related="company_id.consignment_target_turnover", readonly=False
    )
    consignment_target_variance_pct = fields.Float(
        related="company_id.consignment_target_variance_pct", readonly=False
    )
    consignment_target_stockouts = fields.Float(
        related="company_id.consignment_target_stockouts", readonly=False
    )
    consignment_target_dispute_days = fields.Float(
        related="company_id.consignment_target_dispute_days", readonly=False
    )
    consignment_statement_auto_send = fields.Boolean(
        related="company_id.consignment_statement_auto_send", readonly=False
    )
