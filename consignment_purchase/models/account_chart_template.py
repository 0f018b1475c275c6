from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        result = super()._post_load_data(template_code, company, template_data)
        # A company whose chart of accounts is loaded gets its consignment liability with it.
        company._create_consignment_liability_account()
        if company.consignment_memo_accounting:
            company._create_consignment_memo_accounts()
        company._consignment_sync_take_over_account()
        return result
