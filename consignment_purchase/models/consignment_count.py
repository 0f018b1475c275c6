from odoo import fields, models


class ConsignmentCount(models.Model):
    _inherit = "consignment.count"

    def _post_document(self):
        posting = self._get_posting_datetime()
        if not posting:
            return super()._post_document()
        # A count of a past day posts its moves on that day (redated after they are done): its
        # memo entry is dated that day too, so that the period's memo matches its statement.
        count = self.with_context(consignment_memo_date=fields.Date.context_today(self, posting))
        return super(ConsignmentCount, count)._post_document()
