import math

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import ConsignmentPortal, portal_error_message

DISPUTE_INPUTS = ("subject", "description", "amount")


class ConsignmentDisputePortal(ConsignmentPortal):
    """The customer's disputes: a list, a page per dispute with its messages, and the form
    opening one on a statement (the agreement page) or a consumption report."""

    def _consignment_dispute_domain(self):
        return [
            ("consignment_type", "=", "customer"),
            ("partner_id", "child_of", self._consignment_partner().id),
        ]

    def _consignment_get_dispute(self, dispute_id):
        dispute = self._consignment_check_document("consignment.dispute", dispute_id)
        if dispute.consignment_type != "customer":
            raise MissingError(request.env._("This dispute does not exist."))
        return dispute

    @http.route(
        ["/my/consignment/disputes", "/my/consignment/disputes/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_consignment_disputes(self, page=1, **kw):
        Dispute = request.env["consignment.dispute"]
        domain = self._consignment_dispute_domain()
        can_read = Dispute.has_access("read")
        pager = portal_pager(
            url="/my/consignment/disputes",
            total=Dispute.search_count(domain) if can_read else 0,
            page=page,
            step=self._items_per_page,
        )
        disputes = (
            Dispute.search(domain, limit=self._items_per_page, offset=pager["offset"]).sudo()
            if can_read
            else Dispute
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "disputes": disputes,
                "pager": pager,
                "default_url": "/my/consignment/disputes",
                "page_name": "consignment_disputes",
            }
        )
        return request.render("consignment_sale.portal_my_consignment_disputes", values)

    @http.route(
        ["/my/consignment/disputes/<int:dispute_id>"], type="http", auth="user", website=True
    )
    def portal_consignment_dispute(self, dispute_id, opened=None, **kw):
        try:
            dispute = self._consignment_get_dispute(dispute_id)
        except (AccessError, MissingError) as error:
            raise request.not_found() from error
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "dispute": dispute,
                "opened": opened,
                "page_name": "consignment_dispute",
            }
        )
        # The token lets the customer's messages through the portal chatter.
        values = self._get_page_view_values(
            dispute,
            dispute._portal_ensure_token(),
            values,
            "my_consignment_disputes_history",
            False,
        )
        return request.render("consignment_sale.portal_consignment_dispute", values)

    # ------------------------------------------------------------------
    # Opening a dispute
    # ------------------------------------------------------------------
    def _consignment_parse_amount(self, text):
        """The amount typed (empty: none), or a UserError for the customer."""
        text = (text or "").strip().replace(" ", "")
        if not text:
            return 0.0
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            amount = float(text)
        except ValueError:
            amount = math.nan
        if not math.isfinite(amount) or abs(amount) >= 1e12:
            raise UserError(
                request.env._("Enter the amount at stake as a number, for example 120 or 99.50.")
            )
        return amount

    def _consignment_open_dispute(self, agreement, source, post):
        """(dispute, typed, error): the dispute opened, or None and the message to show;
        ``typed``: {input name: text} the customer entered, shown again with an error."""
        typed = {name: post.get(name) or "" for name in DISPUTE_INPUTS}
        try:
            with request.env.cr.savepoint():
                dispute = (
                    request.env["consignment.dispute"]
                    .sudo()
                    ._portal_open(
                        agreement,
                        request.env.user.partner_id,
                        typed["subject"],
                        description=typed["description"],
                        amount=self._consignment_parse_amount(typed["amount"]),
                        source=source,
                    )
                )
        except UserError as exception:
            return None, typed, portal_error_message(request.env, exception)
        return dispute, typed, None

    @http.route(
        ["/my/consignment/<int:agreement_id>/dispute"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_consignment_agreement_dispute(self, agreement_id, **post):
        try:
            agreement = self._consignment_get_agreement(agreement_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        dispute, typed, error = self._consignment_open_dispute(agreement, agreement, post)
        if error:
            return self._consignment_render_agreement(agreement, error=error, dispute_typed=typed)
        return request.redirect(f"{dispute.access_url}?opened=1")

    @http.route(
        ["/my/consignment/report/<int:report_id>/dispute"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_consignment_report_dispute(self, report_id, **post):
        try:
            report = self._consignment_get_report(report_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        dispute, typed, error = self._consignment_open_dispute(report.agreement_id, report, post)
        if error:
            return self._consignment_render_report(report, error=error, dispute_typed=typed)
        return request.redirect(f"{dispute.access_url}?opened=1")
