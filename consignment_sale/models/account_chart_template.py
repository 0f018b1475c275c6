from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        result = super()._post_load_data(template_code, company, template_data)
        # A company whose chart of accounts is loaded gets its Goods at Customers account
        # with it, and its customers' locations are valued on it.
        company._consignment_sync_goods_at_customers()
        return result
