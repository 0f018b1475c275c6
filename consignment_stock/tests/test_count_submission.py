from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestCountSubmission(ConsignmentCase):
    """Submitting a count hands it to whoever validates counts: its lines are locked and
    that person gets an activity, done when the count is validated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.counter = new_test_user(
            cls.env, login="count_submission_counter", groups="stock.group_stock_user"
        )
        cls.agreement = cls._create_agreement(user_id=cls.counter.id)
        cls._receive_consignment(cls.agreement, cls.product, 10)

    def _submitted_count(self):
        count = (
            self.env["consignment.count"]
            .with_user(self.counter)
            .create({"agreement_id": self.agreement.id})
        )
        count.line_ids.write({"counted_qty": 9.0, "reason": "counting_error"})
        count.action_submit()
        return count

    def _validation_activities(self, count):
        return count.activity_ids.filtered(
            lambda activity: activity.summary == "Validate the count"
        )

    def test_submitted_lines_are_locked_until_recounted(self):
        count = self._submitted_count()
        line = count.line_ids
        for values in ({"counted_qty": 10.0}, {"reason": "theft"}):
            with self.assertRaisesRegex(UserError, "submitted: its lines are locked"):
                line.with_user(self.counter).write(values)
        with self.assertRaisesRegex(UserError, "submitted: its lines are locked"):
            self.env["consignment.count.line"].with_user(self.counter).create(
                {"count_id": count.id, "product_id": self.product_lot.id, "counted_qty": 1.0}
            )
        with self.assertRaisesRegex(UserError, "submitted: its lines are locked"):
            count.with_user(self.counter).action_set_expected_as_counted()
        self.assertRecordValues(line, [{"counted_qty": 9.0, "reason": "counting_error"}])

        count.with_user(self.counter).action_recount()
        self.assertEqual(count.state, "draft")
        count.line_ids.with_user(self.counter).write({"counted_qty": 10.0})
        self.assertRecordValues(count.line_ids, [{"counted_qty": 10.0, "variance_qty": 0.0}])

    def test_managers_are_asked_to_validate(self):
        """The responsible (warehouse staff) may not validate: the company's consignment
        managers get the activity; validating marks it done."""
        count = self._submitted_count()
        activities = self._validation_activities(count)
        self.assertIn(self.consignment_manager, activities.user_id)
        self.assertNotIn(self.counter, activities.user_id)
        self.assertTrue(
            all(
                user.has_group("consignment_stock.group_consignment_manager")
                for user in activities.user_id
            )
        )
        count.with_user(self.consignment_manager).action_validate()
        self.assertFalse(self._validation_activities(count))

    def test_responsible_manager_is_asked_alone(self):
        self.agreement.user_id = self.consignment_manager
        count = self._submitted_count()
        self.assertEqual(self._validation_activities(count).user_id, self.consignment_manager)
