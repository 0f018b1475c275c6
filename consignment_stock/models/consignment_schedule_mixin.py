import logging

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .consignment_tools import (
    BILLING_PERIOD_DELTA,
    BILLING_PERIODS,
    COUNT_FREQUENCIES,
    REPLENISHMENT_FREQUENCIES,
)

_logger = logging.getLogger(__name__)


class ConsignmentScheduleMixin(models.AbstractModel):
    """The agreement's schedule: how often it is billed, replenished and counted, when
    each is next due, and the day's time zone of its periods. The scheduled actions run
    the engines for the agreements due: ``consignment.billing.engine``,
    ``consignment.replenishment.engine`` and ``consignment.count.scheduler``."""

    _name = "consignment.schedule.mixin"
    _description = "Consignment Schedule"

    billing_period = fields.Selection(
        BILLING_PERIODS,
        required=True,
        default="monthly",
        tracking=True,
        help="How often consumption is billed (vendor) or invoiced (customer).",
    )
    next_billing_date = fields.Date(
        copy=False,
        tracking=True,
        help="On this date the scheduled billing creates the bill or invoice for everything "
        "consumed up to the day before.",
    )
    accountant_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain=lambda self: self.env["res.company"]._consignment_checker_domain(),
        help="User with Invoicing rights who checks and posts this agreement's consumption "
        "bills or invoices: gets the activity to check each new one. Empty: the company's "
        "setting Consignment Documents Checked By, else the agreement's responsible.",
    )
    replenishment_frequency = fields.Selection(
        REPLENISHMENT_FREQUENCIES,
        required=True,
        default="weekly",
        help="How often the agreement's reorder rules are run.",
    )
    next_replenishment_date = fields.Date(
        copy=False,
        help="On this date the scheduled replenishment next runs the agreement's reorder rules "
        "to refill the consignment location.",
    )
    count_frequency = fields.Selection(
        COUNT_FREQUENCIES,
        required=True,
        default="quarterly",
        tracking=True,
        help="How often the consignment stock is counted. When a count is due, the responsible "
        "person gets an activity to count the stock; validating a count marks it done.",
    )
    next_count_date = fields.Date(
        copy=False,
        tracking=True,
        help="Day the next count is due. Set when the agreement is activated; moves one period "
        "on each time a count is prepared.",
    )

    @api.constrains("accountant_id")
    def _check_accountant_id(self):
        for record in self:
            record.env["res.company"]._consignment_check_checker(
                record.accountant_id, record._fields["accountant_id"]
            )

    def _get_document_checker(self):
        """Who checks this agreement's new bills or invoices: its accountant, else its
        company's, else its responsible."""
        self.ensure_one()
        return self.accountant_id or self.company_id.consignment_document_checker_id or self.user_id

    def _get_first_schedule_dates(self):
        """The first billing, count and replenishment dates that an agreement being
        activated has not been given."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        values = {}
        if not self.next_count_date and self.count_frequency != "none":
            values["next_count_date"] = self.env[
                "consignment.count.scheduler"
            ]._get_next_count_date(self, today)
        if not self.next_billing_date:
            values["next_billing_date"] = self._next_period_start(self.date_start)
        if not self.next_replenishment_date and self.replenishment_frequency != "manual":
            values["next_replenishment_date"] = today
        return values

    def _next_period_start(self, date):
        self.ensure_one()
        return date + BILLING_PERIOD_DELTA[self.billing_period]

    def _get_day_tz(self):
        """Time zone in which the agreement's days begin, for its billing periods,
        statements, counts and reports: the company's (its address), else the user's. Every
        user and the scheduled billing then cut the same consumption into the same day."""
        company = self.company_id[:1] or self.env.company
        if company.partner_id.tz:
            try:
                return pytz.timezone(company.partner_id.tz)
            except pytz.UnknownTimeZoneError:
                _logger.warning("Unknown time zone %s of %s", company.partner_id.tz, company.name)
        return self.env.tz

    # ------------------------------------------------------------------
    # Scheduled actions (ir.cron records of data/ir_cron*.xml)
    # ------------------------------------------------------------------
    @api.model
    def _cron_create_invoices(self):
        return self.env["consignment.billing.engine"]._bill_due_agreements()

    @api.model
    def _cron_replenish(self):
        return self.env["consignment.replenishment.engine"]._replenish_due_agreements()

    @api.model
    def _cron_schedule_counts(self):
        return self.env["consignment.count.scheduler"]._schedule_counts()

    @api.model
    def _cron_send_statements(self):
        return self.env["consignment.statement.engine"]._send_due_statements()

    # ------------------------------------------------------------------
    # Statements sent by themselves before the billing period ends
    # ------------------------------------------------------------------
    statement_auto_send = fields.Boolean(
        string="Send Statements Automatically",
        compute="_compute_statement_auto_send",
        store=True,
        readonly=False,
        tracking=True,
        help="The statement of the current billing period, from its first day to the day of "
        "sending, is emailed to the partner with its PDF, once per period, the given number "
        "of days before the period ends. Default: the company's setting for vendor "
        "agreements, off for customer agreements.",
    )
    statement_days_before_period_end = fields.Integer(
        string="Send Statement Days Before Period End",
        default=3,
        tracking=True,
        help="How many days before the billing period ends its statement is sent: 0 sends it "
        "on the period's last day.",
    )
    statement_auto_sent_period_end = fields.Date(
        string="Statement Sent for Period Ending",
        copy=False,
        readonly=True,
        help="Last day of the billing period whose statement was last sent automatically: "
        "each period's statement is sent once.",
    )

    @api.depends("company_id", "consignment_type")
    def _compute_statement_auto_send(self):
        for record in self:
            record.statement_auto_send = (
                record.consignment_type == "vendor"
                and record.company_id.consignment_statement_auto_send
            )

    @api.constrains("statement_days_before_period_end")
    def _check_statement_days_before_period_end(self):
        for record in self:
            if record.statement_days_before_period_end < 0:
                raise ValidationError(
                    self.env._(
                        "%(field)s must be %(minimum)s or more; %(value)s is not. Correct the "
                        "value and try again.",
                        field=self._fields["statement_days_before_period_end"]._description_string(
                            self.env
                        ),
                        minimum=0,
                        value=record.statement_days_before_period_end,
                    )
                )
