from collections import defaultdict

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class ConsignmentPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "consignment_count" in counters:
            Agreement = request.env["consignment.agreement"]
            values["consignment_count"] = (
                Agreement.search_count(self._consignment_agreement_domain())
                if Agreement.has_access("read")
                else 0
            )
        return values

    def _consignment_agreement_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [
            ("consignment_type", "=", "customer"),
            ("state", "in", ("active", "terminating")),
            ("partner_id", "child_of", partner.id),
        ]

    def _consignment_get_agreement(self, agreement_id):
        """The agreement, if the user may read it (record rules); raises otherwise."""
        agreement = request.env["consignment.agreement"].browse(agreement_id)
        agreement.check_access("read")
        if not agreement.exists() or agreement.consignment_type != "customer":
            raise MissingError(request.env._("This consignment does not exist."))
        return agreement

    def _consignment_stock_lines(self, agreement):
        """[{product, lot, quantity, uom}] standing at the agreement's location."""
        quantities = defaultdict(float)
        for quant in agreement.sudo()._get_consignment_quants():
            if quant.quantity > 0:
                quantities[quant.product_id, quant.lot_id] += quant.quantity
        return [
            {"product": product, "lot": lot, "quantity": quantity, "uom": product.uom_id}
            for (product, lot), quantity in sorted(
                quantities.items(),
                key=lambda item: (item[0][0].display_name, item[0][1].name or ""),
            )
        ]

    @http.route(["/my/consignment"], type="http", auth="user", website=True)
    def portal_my_consignments(self, **kw):
        values = self._prepare_portal_layout_values()
        agreements = request.env["consignment.agreement"].search(
            self._consignment_agreement_domain()
        )
        values.update(
            {
                "agreements": agreements,
                "page_name": "consignment",
                "stock_by_agreement": {
                    agreement: self._consignment_stock_lines(agreement) for agreement in agreements
                },
            }
        )
        return request.render("consignment_sale.portal_my_consignments", values)

    @http.route(["/my/consignment/<int:agreement_id>"], type="http", auth="user", website=True)
    def portal_consignment_agreement(self, agreement_id, submitted=None, **kw):
        try:
            agreement = self._consignment_get_agreement(agreement_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._consignment_render_agreement(agreement, submitted=submitted)

    def _consignment_render_agreement(
        self, agreement, submitted=None, error=None, report_type="sold"
    ):
        values = self._prepare_portal_layout_values()
        reports = request.env["consignment.report"].search(
            [("agreement_id", "=", agreement.id)], limit=20
        )
        values.update(
            {
                "agreement": agreement,
                "agreement_sudo": agreement.sudo(),
                "stock_lines": self._consignment_stock_lines(agreement),
                "reports": reports,
                "submitted": submitted,
                "error": error,
                "report_type": report_type,
                "page_name": "consignment_agreement",
            }
        )
        return request.render("consignment_sale.portal_consignment_agreement", values)

    @http.route(
        ["/my/consignment/<int:agreement_id>/report"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_consignment_report_submit(self, agreement_id, report_type="sold", **post):
        try:
            agreement = self._consignment_get_agreement(agreement_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        quantities = {}
        try:
            for key, value in post.items():
                if not key.startswith("qty_") or value in ("", None):
                    continue
                _prefix, product_id, lot_id = key.split("_")
                quantities[int(product_id), int(lot_id) or False] = float(value)
        except ValueError:
            return self._consignment_render_agreement(
                agreement,
                error=request.env._("Enter quantities as numbers."),
                report_type=report_type,
            )
        try:
            with request.env.cr.savepoint():
                report = (
                    request.env["consignment.report"]
                    .sudo()
                    ._portal_submit(
                        agreement.sudo(),
                        report_type,
                        quantities,
                        request.env.user.partner_id,
                    )
                )
        except UserError as error:
            return self._consignment_render_agreement(
                agreement, error=error.args[0], report_type=report_type
            )
        return request.redirect(f"/my/consignment/{agreement.id}?submitted={report.id}")
