import re

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

QUANTITY_FIELD = re.compile(r"^qty_(\d{1,18})_(\d{1,18})$")


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
        """The running agreement, if the user may read it (record rules); raises otherwise.
        Draft and closed agreements take no reports: they are not offered."""
        agreement = request.env["consignment.agreement"].browse(agreement_id)
        agreement.check_access("read")
        if (
            not agreement.exists()
            or agreement.consignment_type != "customer"
            or agreement.state not in ("active", "terminating")
        ):
            raise MissingError(request.env._("This consignment does not exist."))
        return agreement

    def _consignment_stock_lines(self, agreement):
        """[{product, lot, quantity, uom, field}] standing at the agreement's location;
        ``field``: the name of the line's quantity input in the report form. Products show
        without our internal reference."""
        return [
            {
                "product": product.with_context(display_default_code=False),
                "lot": lot,
                "quantity": quantity,
                "uom": product.uom_id,
                "field": f"qty_{product.id}_{lot.id or 0}",
            }
            for (product, lot), quantity in sorted(
                agreement._get_consignment_stock_by_lot().items(),
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
        self, agreement, submitted=None, error=None, report_type="sold", typed=None
    ):
        """``typed``: {input name: text} the customer entered, shown again with an error."""
        values = self._prepare_portal_layout_values()
        reports = request.env["consignment.report"].search(
            [("agreement_id", "=", agreement.id)], limit=20
        )
        values.update(
            {
                "agreement": agreement,
                "stock_lines": self._consignment_stock_lines(agreement),
                "reports": reports,
                "submitted": submitted,
                "error": error,
                "report_type": report_type,
                "typed": typed or {},
                "page_name": "consignment_agreement",
            }
        )
        return request.render("consignment_sale.portal_consignment_agreement", values)

    def _consignment_parse_quantities(self, typed):
        """{(product id, lot id or False): quantity} from the form's inputs, or an error
        message; empty inputs are skipped."""
        quantities = {}
        for key, text in typed.items():
            text = (text or "").strip()
            if not text:
                continue
            match = QUANTITY_FIELD.match(key)
            if not match:
                return None, request.env._(
                    "Some quantities are for goods that are not at your site. Reload the page "
                    "and enter your report again."
                )
            if "," in text and "." not in text:
                # Danish, Dutch and German customers write 2,5.
                text = text.replace(",", ".")
            try:
                quantity = float(text)
            except ValueError:
                return None, request.env._("Enter quantities as numbers, for example 3 or 2.5.")
            product_id, lot_id = (int(group) for group in match.groups())
            quantities[product_id, lot_id or False] = quantity
        return quantities, None

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
        typed = {key: value for key, value in post.items() if key.startswith("qty_")}
        quantities, error = self._consignment_parse_quantities(typed)
        if not error:
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
            except UserError as exception:
                error = exception.args[0]
        if error:
            return self._consignment_render_agreement(
                agreement, error=error, report_type=report_type, typed=typed
            )
        return request.redirect(f"/my/consignment/{agreement.id}?submitted={report.id}")
