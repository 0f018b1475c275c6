from collections import defaultdict

from odoo import api, fields, models

from .consignment_tools import COUNT_DELTA, activity_values_for


class ConsignmentCountScheduler(models.AbstractModel):
    """Planned counts: when an agreement's next count date comes, its responsible person
    gets an activity to count the stock; validating a count of the agreement marks it done."""

    _name = "consignment.count.scheduler"
    _description = "Consignment Count Planning"

    def _get_next_count_date(self, agreement, from_date):
        """The day a count of ``agreement`` is due one count period after ``from_date``;
        False when the agreement plans no counts."""
        agreement.ensure_one()
        delta = COUNT_DELTA.get(agreement.count_frequency)
        return from_date + delta if delta else False

    @api.model
    def _schedule_counts(self):
        """Plan the counts that are due. Safe to re-run or to run twice at once: each
        agreement row is locked and its next count date moves on in the same transaction."""
        today = fields.Date.context_today(self)
        Agreement = self.env["consignment.agreement"]
        Agreement.flush_model(["state", "count_frequency", "next_count_date"])
        self.env.cr.execute(
            """
            SELECT id FROM consignment_agreement
             WHERE state IN ('active', 'terminating') AND count_frequency != 'none'
               AND next_count_date <= %s
             ORDER BY id
               FOR UPDATE SKIP LOCKED
            """,
            [today],
        )
        agreements = Agreement.browse([row[0] for row in self.env.cr.fetchall()])
        agreements.invalidate_recordset(["next_count_date"])
        return self._schedule_due_counts(agreements, today)

    def _schedule_due_counts(self, agreements, today):
        """An activity "count due" per agreement for its responsible person (none twice),
        and the next count date one period on: one batch of activities and one write per
        next date, whatever the number of agreements."""
        activity_type = self.env.ref("consignment_stock.mail_activity_type_consignment_count")
        planned = set(
            agreements.sudo()
            .activity_ids.filtered(lambda activity: activity.activity_type_id == activity_type)
            .mapped("res_id")
        )
        model_id = self.env["ir.model"]._get_id(agreements._name)
        activity_values = []
        agreements_by_next_date = defaultdict(list)
        for agreement in agreements:
            due_date = agreement.next_count_date
            if agreement.user_id and agreement.id not in planned:
                activity_values.append(
                    activity_values_for(
                        model_id,
                        agreement.id,
                        activity_type,
                        self.env._("Count the consignment stock"),
                        self.env._(
                            "A count of %(location)s is due. Open Counts from the agreement, "
                            "create the count on the day you count, enter the counted "
                            "quantities and validate it.",
                            location=agreement.location_id.display_name,
                        ),
                        agreement.user_id,
                        due_date,
                    )
                )
            next_date = due_date
            while next_date and next_date <= today:
                next_date = self._get_next_count_date(agreement, next_date)
            agreements_by_next_date[next_date].append(agreement.id)
        if activity_values:
            self.env["mail.activity"].sudo().create(activity_values)
        for next_date, agreement_ids in agreements_by_next_date.items():
            agreements.browse(agreement_ids).write({"next_count_date": next_date})
        return agreements

    def _close_count_due_activities(self, agreements, count):
        activity_type = self.env.ref("consignment_stock.mail_activity_type_consignment_count")
        agreements.sudo().activity_ids.filtered(
            lambda activity: activity.activity_type_id == activity_type
        ).action_feedback(feedback=self.env._("Counted: %(count)s", count=count.display_name))
