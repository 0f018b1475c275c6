import re
from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.fields import Domain
from odoo.http import content_disposition, request

from odoo.addons.consignment_stock.models.consignment_tools import BILLING_PERIOD_DELTA
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

QUANTITY_FIELD = re.compile(r"^qty_(\d{1,18})_(\d{1,18})$")
STATEMENT_REPORT = "consignment_stock.action_report_consignment_statement"
PROFORMA_REPORT = "consignment_sale.action_report_proforma_delivery"
# Statements offered on the agreement page: the current billing period and the ones before.
STATEMENT_PERIODS = 6
# Fill-ups listed on the agreement page; the others are on its delivery notes page.
AGREEMENT_PAGE_FILLUPS = 5
AGREEMENT_PAGE_REPORTS = 10


def portal_error_message(env, exception):
    """What the customer reads about a refused report. Access and missing-record errors
    name our models and record ids: the customer gets a plain message instead."""
    if isinstance(exception, (AccessError, MissingError)):
        return env._("Your report could not be recorded. Reload the page and enter it again.")
    return exception.args[0]


class ConsignmentPortal(CustomerPortal):
    # ------------------------------------------------------------------
    # Home tile
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # Access: the user's own commercial partner's documents only
    # ------------------------------------------------------------------
    def _consignment_partner(self):
        return request.env.user.partner_id.commercial_partner_id

    def _consignment_agreement_domain(self):
        return [
            ("consignment_type", "=", "customer"),
            ("state", "in", ("active", "terminating")),
            ("partner_id", "child_of", self._consignment_partner().id),
        ]

    def _consignment_report_domain(self):
        # Drafts are our salespeople's work in progress, not yet the customer's report.
        return [
            ("partner_id", "child_of", self._consignment_partner().id),
            ("state", "!=", "draft"),
        ]

    def _consignment_check_document(self, model_name, document_id):
        """The document with sudo, once the user may read it (record rules) and it belongs
        to the user's commercial partner: internal users who read every agreement preview
        no customer's portal. Raises AccessError or MissingError otherwise."""
        document_sudo = self._document_check_access(model_name, document_id)
        if document_sudo.partner_id.commercial_partner_id != self._consignment_partner():
            raise AccessError(request.env._("This document is not yours."))
        return document_sudo

    def _consignment_get_agreement(self, agreement_id):
        """The running customer agreement, with sudo, if it is the user's; raises otherwise.
        Draft and closed agreements take no reports: they are not offered."""
        agreement = self._consignment_check_document("consignment.agreement", agreement_id)
        if agreement.consignment_type != "customer" or agreement.state not in (
            "active",
            "terminating",
        ):
            raise MissingError(request.env._("This consignment does not exist."))
        return agreement

    def _consignment_get_report(self, report_id):
        report = self._consignment_check_document("consignment.report", report_id)
        if report.state == "draft":
            raise MissingError(request.env._("This report does not exist."))
        return report

    # ------------------------------------------------------------------
    # What the pages show
    # ------------------------------------------------------------------
    def _consignment_disputes(self, agreement, source=None, limit=AGREEMENT_PAGE_REPORTS):
        """The agreement's disputes (about ``source`` only, when given), newest first, with
        sudo: the caller checked the agreement."""
        domain = Domain("agreement_id", "=", agreement.id)
        if source:
            domain &= Domain("source", "=", f"{source._name},{source.id}")
        return request.env["consignment.dispute"].sudo().search(domain, limit=limit)

    def _consignment_stock_lines(self, agreement):
        """[{product, lot, quantity, uom, field, price_unit, value}] standing at the
        agreement's location, valued at today's agreement price in the agreement currency;
        ``field``: the name of the line's quantity input in the report form. Products show
        without our internal reference."""
        agreement = agreement.sudo()
        today = fields.Date.context_today(agreement)
        currency = agreement.currency_id
        lines = []
        for (product, lot), quantity in sorted(
            agreement._get_consignment_stock_by_lot().items(),
            key=lambda item: (item[0][0].display_name, item[0][1].name or ""),
        ):
            price = agreement._get_price(product, today)
            lines.append(
                {
                    "product": product.with_context(display_default_code=False),
                    "lot": lot,
                    "quantity": quantity,
                    "uom": product.uom_id,
                    "field": f"qty_{product.id}_{lot.id or 0}",
                    "price_unit": price,
                    "value": currency.round(price * quantity),
                }
            )
        return lines

    def _consignment_report_lines(self, report):
        """[{product, lot, uom, remaining, quantity, price_unit, value}] of a report. Until
        a remaining-quantities report is validated, its sold quantity is what stands at the
        site minus what remains, as the report's value counts it."""
        estimated = report.report_type == "remaining" and report.state != "validated"
        return [
            {
                "product": line.product_id.with_context(display_default_code=False),
                "lot": line.lot_id,
                "uom": line.product_uom_id,
                "remaining": line.remaining_qty,
                "quantity": (
                    max(line.expected_qty - line.remaining_qty, 0.0) if estimated else line.quantity
                ),
                "price_unit": line.price_unit,
                "value": line.amount,
            }
            for line in report.line_ids
        ]

    def _consignment_fillup_domain(self, agreement):
        """Transfers that filled up the agreement's location (what ``is_consignment_fillup``
        tells, as a search)."""
        location = agreement.location_id
        into_site = (
            Domain("location_dest_id", "child_of", location.id)
            & Domain("location_id.usage", "=", "internal")
            & ~Domain("location_id", "child_of", location.id)
        )
        return (
            Domain("consignment_agreement_id", "=", agreement.id)
            & Domain("state", "not in", ("draft", "cancel"))
            & (into_site | Domain("picking_type_id.consignment_fill_up", "=", True))
        )

    def _consignment_fillups(self, agreement, limit=None, offset=0, domain=None):
        """The agreement's fill-ups, newest first, with sudo: portal users read no transfers
        of their own; the caller checked the agreement."""
        return (
            request.env["stock.picking"]
            .sudo()
            .search(
                self._consignment_fillup_domain(agreement) & Domain(domain or []),
                order="date_done desc, scheduled_date desc, id desc",
                limit=limit,
                offset=offset,
            )
            .filtered("is_consignment_fillup")
        )

    def _consignment_statement_periods(self, agreement):
        """[(first day, last day)] of the statements offered, newest first: the current
        billing period up to today, then the full periods before it, none before the
        agreement starts. Periods end on the day before a billing date, as invoices do."""
        delta = BILLING_PERIOD_DELTA[agreement.billing_period]
        today = fields.Date.context_today(agreement)
        start = agreement.date_start
        # The billing date that ends the current period: the next one, moved to today.
        boundary = agreement.next_billing_date or start + delta
        while boundary <= today:
            boundary += delta
        while boundary - delta > today and boundary - delta > start:
            boundary -= delta
        periods = []
        while len(periods) < STATEMENT_PERIODS:
            date_from = max(boundary - delta, start)
            date_to = min(boundary - timedelta(days=1), today)
            if date_from > date_to:
                break
            periods.append((date_from, date_to))
            if date_from <= start:
                break
            boundary -= delta
        return periods

    # ------------------------------------------------------------------
    # Agreements
    # ------------------------------------------------------------------
    def _get_consignment_searchbar_sortings(self, date_field="date_start"):
        """Newest first (by ``date_field``) or by reference: agreements and reports."""
        return {
            "date": {"label": request.env._("Newest"), "order": f"{date_field} desc, id desc"},
            "name": {"label": request.env._("Reference"), "order": "name desc, id desc"},
        }

    @http.route(
        ["/my/consignment", "/my/consignment/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_consignments(self, page=1, sortby=None, **kw):
        Agreement = request.env["consignment.agreement"]
        domain = self._consignment_agreement_domain()
        sortings = self._get_consignment_searchbar_sortings()
        sortby = sortby if sortby in sortings else "date"
        can_read = Agreement.has_access("read")
        pager = portal_pager(
            url="/my/consignment",
            total=Agreement.search_count(domain) if can_read else 0,
            page=page,
            step=self._items_per_page,
            url_args={"sortby": sortby},
        )
        agreements = (
            Agreement.search(
                domain,
                order=sortings[sortby]["order"],
                limit=self._items_per_page,
                offset=pager["offset"],
            ).sudo()
            if can_read
            else Agreement
        )
        stock_by_agreement = {
            agreement: self._consignment_stock_lines(agreement) for agreement in agreements
        }
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "agreements": agreements,
                "page_name": "consignment",
                "pager": pager,
                "default_url": "/my/consignment",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "stock_by_agreement": stock_by_agreement,
                "value_by_agreement": {
                    agreement: agreement.currency_id.round(sum(line["value"] for line in lines))
                    for agreement, lines in stock_by_agreement.items()
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
        self,
        agreement,
        submitted=None,
        error=None,
        report_type="sold",
        typed=None,
        dispute_typed=None,
    ):
        """``typed``: {input name: text} the customer entered, shown again with an error;
        ``dispute_typed`` likewise for the dispute form. ``submitted``: the id of a report
        just submitted (older links), as text."""
        values = self._prepare_portal_layout_values()
        reports = (
            request.env["consignment.report"]
            .sudo()
            .search(
                Domain(self._consignment_report_domain())
                & Domain("agreement_id", "=", agreement.id),
                limit=AGREEMENT_PAGE_REPORTS,
            )
        )
        fillups = self._consignment_fillups(agreement, limit=AGREEMENT_PAGE_FILLUPS + 1)
        stock_lines = self._consignment_stock_lines(agreement)
        submitted_report = reports.filtered(
            lambda report: str(report.id) == str(submitted or "").strip()
        )
        values.update(
            {
                "agreement": agreement,
                "currency": agreement.currency_id,
                "stock_lines": stock_lines,
                "stock_value": agreement.currency_id.round(
                    sum(line["value"] for line in stock_lines)
                ),
                "reports": reports,
                "fillups": fillups[:AGREEMENT_PAGE_FILLUPS],
                "more_fillups": len(fillups) > AGREEMENT_PAGE_FILLUPS,
                "statement_periods": self._consignment_statement_periods(agreement),
                "submitted": submitted,
                "submitted_report": submitted_report,
                "error": error,
                "report_type": report_type,
                "typed": typed or {},
                "dispute_typed": dispute_typed or {},
                "disputes": self._consignment_disputes(agreement),
                "page_name": "consignment_agreement",
            }
        )
        return request.render("consignment_sale.portal_consignment_agreement", values)

    # ------------------------------------------------------------------
    # Report form
    # ------------------------------------------------------------------
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
                # All or nothing: a refused report leaves no line and no moved scan behind.
                with request.env.cr.savepoint():
                    quantities = self._consignment_prepare_report_quantities(
                        agreement, quantities, post
                    )
                    report = (
                        request.env["consignment.report"]
                        .sudo()
                        ._portal_submit(
                            agreement, report_type, quantities, request.env.user.partner_id
                        )
                    )
                    self._consignment_report_submitted(agreement, report, post)
            except UserError as exception:
                error = portal_error_message(request.env, exception)
        if error:
            return self._consignment_render_agreement(
                agreement, error=error, report_type=report_type, typed=typed
            )
        return request.redirect(f"{report.access_url}?submitted=1")

    def _consignment_prepare_report_quantities(self, agreement, quantities, post):
        """The quantities the report is made of, from the typed ones (scanning adds its
        scans here)."""
        return quantities

    def _consignment_report_submitted(self, agreement, report, post):
        """Called in the submit's savepoint once the report is made."""

    # ------------------------------------------------------------------
    # Reports
    # ------------------------------------------------------------------
    def _get_consignment_report_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "submitted": {
                "label": request.env._("Waiting for validation"),
                "domain": [("state", "=", "submitted")],
            },
            "validated": {
                "label": request.env._("Validated"),
                "domain": [("state", "=", "validated")],
            },
            "cancel": {"label": request.env._("Cancelled"), "domain": [("state", "=", "cancel")]},
        }

    def _get_consignment_report_searchbar_sortings(self):
        return self._get_consignment_searchbar_sortings("date")

    @http.route(
        ["/my/consignment/reports", "/my/consignment/reports/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_consignment_reports(self, page=1, sortby=None, filterby=None, **kw):
        Report = request.env["consignment.report"]
        sortings = self._get_consignment_report_searchbar_sortings()
        filters = self._get_consignment_report_searchbar_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = Domain(self._consignment_report_domain()) & Domain(filters[filterby]["domain"])
        can_read = Report.has_access("read")
        pager = portal_pager(
            url="/my/consignment/reports",
            total=Report.search_count(domain) if can_read else 0,
            page=page,
            step=self._items_per_page,
            url_args={"sortby": sortby, "filterby": filterby},
        )
        reports = (
            Report.search(
                domain,
                order=sortings[sortby]["order"],
                limit=self._items_per_page,
                offset=pager["offset"],
            ).sudo()
            if can_read
            else Report
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "reports": reports,
                "page_name": "consignment_reports",
                "pager": pager,
                "default_url": "/my/consignment/reports",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("consignment_sale.portal_my_consignment_reports", values)

    @http.route(["/my/consignment/report/<int:report_id>"], type="http", auth="user", website=True)
    def portal_consignment_report(self, report_id, submitted=None, **kw):
        try:
            report = self._consignment_get_report(report_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._consignment_render_report(report, submitted=submitted)

    def _consignment_render_report(self, report, submitted=None, error=None, dispute_typed=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "report": report,
                "agreement": report.agreement_id,
                "currency": report.currency_id,
                "lines": self._consignment_report_lines(report),
                "estimated": report.report_type == "remaining" and report.state != "validated",
                "submitted": submitted,
                "error": error,
                "dispute_typed": dispute_typed or {},
                "disputes": self._consignment_disputes(report.agreement_id, source=report),
                "page_name": "consignment_report",
            }
        )
        return request.render("consignment_sale.portal_consignment_report", values)

    # ------------------------------------------------------------------
    # Delivery notes and statements
    # ------------------------------------------------------------------
    @http.route(
        [
            "/my/consignment/<int:agreement_id>/deliveries",
            "/my/consignment/<int:agreement_id>/deliveries/page/<int:page>",
        ],
        type="http",
        auth="user",
        website=True,
    )
    def portal_consignment_deliveries(self, agreement_id, page=1, **kw):
        try:
            agreement = self._consignment_get_agreement(agreement_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        url = f"/my/consignment/{agreement.id}/deliveries"
        pager = portal_pager(
            url=url,
            total=request.env["stock.picking"]
            .sudo()
            .search_count(self._consignment_fillup_domain(agreement)),
            page=page,
            step=self._items_per_page,
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "agreement": agreement,
                "fillups": self._consignment_fillups(
                    agreement, limit=self._items_per_page, offset=pager["offset"]
                ),
                "pager": pager,
                "default_url": url,
                "page_name": "consignment_deliveries",
            }
        )
        return request.render("consignment_sale.portal_consignment_deliveries", values)

    @http.route(
        ["/my/consignment/<int:agreement_id>/proforma/<int:picking_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_consignment_proforma(self, agreement_id, picking_id, download=False, **kw):
        try:
            agreement = self._consignment_get_agreement(agreement_id)
        except (AccessError, MissingError) as error:
            # As Odoo's portal answers for another customer's transfer: not found.
            raise request.not_found() from error
        picking = self._consignment_fillups(agreement, domain=[("id", "=", picking_id)])
        if not picking:
            raise request.not_found()
        return self._show_report(
            model=picking,
            report_type="pdf",
            report_ref=PROFORMA_REPORT,
            download=self._consignment_is_download(download),
        )

    @http.route(
        ["/my/consignment/<int:agreement_id>/statement"], type="http", auth="user", website=True
    )
    def portal_consignment_statement(self, agreement_id, period="0", download=False, **kw):
        try:
            agreement = self._consignment_get_agreement(agreement_id)
        except (AccessError, MissingError) as error:
            # As Odoo's portal answers for another customer's transfer: not found.
            raise request.not_found() from error
        periods = self._consignment_statement_periods(agreement)
        index = int(period) if str(period).isdigit() else -1
        if not 0 <= index < len(periods):
            return self._consignment_render_agreement(
                agreement,
                error=request.env._(
                    "This statement period is not available: choose one of the periods "
                    "offered under Statement."
                ),
            )
        date_from, date_to = periods[index]
        # _show_report prints the period the agreement printed last: the customer's period
        # goes to the report through its data instead.
        report = (
            request.env["ir.actions.report"]
            .sudo()
            .with_company(agreement.company_id)
            ._render_qweb_pdf(
                STATEMENT_REPORT,
                agreement.ids,
                data={
                    "report_type": "pdf",
                    "date_from": fields.Date.to_string(date_from),
                    "date_to": fields.Date.to_string(date_to),
                },
            )[0]
        )
        headers = self._get_http_headers(
            agreement, "pdf", report, self._consignment_is_download(download)
        )
        return request.make_response(report, headers=list(headers.items()))

    def _consignment_is_download(self, download):
        return str(download).lower() in ("1", "true")

    def _get_http_headers(self, model, report_type, report, download):
        if (
            report_type != "pdf"
            or model._name not in ("consignment.agreement", "stock.picking")
            or hasattr(model, "_get_report_base_filename")
        ):
            return super()._get_http_headers(model, report_type, report, download)
        # Agreements and transfers have no report file name of their own.
        headers = super()._get_http_headers(model, "html", report, download)
        label = (
            request.env._("Statement")
            if model._name == "consignment.agreement"
            else request.env._("Pro-forma")
        )
        filename = re.sub(r"\W+", "_", f"{label} {model.name}")
        headers["Content-Type"] = "application/pdf"
        headers["Content-Disposition"] = content_disposition(
            f"{filename}.pdf", disposition_type="attachment" if download else "inline"
        )
        return headers
