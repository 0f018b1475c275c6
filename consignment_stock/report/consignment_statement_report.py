from odoo import api, models


class ReportConsignmentStatement(models.AbstractModel):
    _name = "report.consignment_stock.report_consignment_statement"
    _description = "Consignment Statement Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        # The Print button passes its agreement in the data: with data, the client leaves
        # the ids out of the report's address.
        agreements = self.env["consignment.agreement"].browse(
            docids or (data or {}).get("agreement_ids") or []
        )
        statements = {}
        for agreement in agreements:
            date_from, date_to = agreement._get_statement_period(data)
            rows = agreement.get_statement(date_from, date_to)
            products = self.env["product.product"].browse([row["product_id"] for row in rows])
            for row, product in zip(rows, products):
                row["product"] = product
            statements[agreement.id] = {
                "date_from": date_from,
                "date_to": date_to,
                "rows": rows,
                "count": self.env["consignment.statement.engine"]._get_statement_count(
                    agreement, date_from, date_to
                ),
            }
        return {
            "doc_ids": docids,
            "doc_model": "consignment.agreement",
            "docs": agreements,
            "statements": statements,
        }
