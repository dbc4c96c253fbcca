from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class DentalPatientPortal(CustomerPortal):
    """The patient's portal: visits, treatment plans, family, documents and messages to the clinic.

    A portal user has no access to patient cards or to other patients' records: every page reads as the
    system exactly the records of the cards ``dental.patient._dental_portal_patients()`` returns (their own,
    and their family's when they hold its portal account); a card id in the URL outside that set redirects
    to /my. Plans and invoices open in Odoo's own portal pages (signature, payment) through their access
    tokens.
    """

    def _dental_patients(self, patient_id=None):
        """The cards the page shows: all the user's, or the one of ``patient_id`` (None when not theirs)."""
        patients = request.env["dental.patient"]._dental_portal_patients()
        if patient_id:
            patients = patients.filtered(lambda p: p.id == patient_id)
            return patients or None
        return patients

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        wanted = {"dental_visit_count", "dental_plan_count", "dental_document_count", "dental_family_count"}
        if wanted & set(counters):
            patients = self._dental_patients()
            if "dental_visit_count" in counters:
                values["dental_visit_count"] = (
                    request.env["calendar.event"].sudo().search_count(patients._dental_portal_visit_domain())
                    if patients
                    else 0
                )
            if "dental_plan_count" in counters:
                values["dental_plan_count"] = (
                    request.env["sale.order"].sudo().search_count(self._dental_plan_domain(patients)) if patients else 0
                )
            if "dental_document_count" in counters:
                values["dental_document_count"] = (
                    request.env["dental.patient.document"].sudo().search_count([("patient_id", "in", patients.ids)])
                    if patients
                    else 0
                )
            if "dental_family_count" in counters:
                values["dental_family_count"] = len(patients) if len(patients) > 1 else 0
        return values

    # ------------------------------------------------------------------ visits

    @http.route(["/my/visits", "/my/visits/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_visits(self, page=1, patient_id=None, **kw):
        patients = self._dental_patients(int(patient_id) if str(patient_id or "").isdigit() else None)
        if patients is None:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(self._dental_visits_values(patients, page))
        values["message_sent"] = bool(kw.get("sent"))
        return request.render("dental_portal.portal_my_visits", values)

    def _dental_visits_values(self, patients, page=1):
        """Upcoming visits (all) and a page of past visits, as rows the template shows."""
        Patient = request.env["dental.patient"]
        total = Patient._dental_portal_past_count(patients)
        pager = portal_pager(
            url="/my/visits",
            url_args={"patient_id": patients.id} if len(patients) == 1 else {},
            total=total,
            page=page,
            step=self._items_per_page,
        )
        data = Patient._dental_portal_visits(patients, offset=pager["offset"], limit=self._items_per_page)
        return {
            **data,
            "pager": pager,
            "patients": patients,
            "page_name": "dental_visits",
            "default_url": "/my/visits",
        }

    # ------------------------------------------------------------------ plans

    def _dental_plan_domain(self, patients):
        return [
            ("is_treatment_plan", "=", True),
            ("patient_id", "in", patients.ids),
            ("state", "in", ["sent", "sale", "draft"]),
        ]

    @http.route("/my/plans", type="http", auth="user", website=True)
    def portal_my_plans(self, **kw):
        patients = self._dental_patients()
        # sudo: the plans of the user's cards; each opens in sale's portal page through its access token
        plans = request.env["sale.order"].sudo().search(self._dental_plan_domain(patients), order="date_order desc")
        values = self._prepare_portal_layout_values()
        values.update({"plans": plans, "page_name": "dental_plans", "default_url": "/my/plans"})
        return request.render("dental_portal.portal_my_plans", values)

    # ------------------------------------------------------------------ family and invoices

    @http.route("/my/family", type="http", auth="user", website=True)
    def portal_my_family(self, **kw):
        patients = self._dental_patients()
        # sudo: the invoices of the user's cards; each opens in account's portal page through its access token
        invoices = (
            request.env["account.move"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", patients.partner_id.ids),
                    ("move_type", "in", ["out_invoice", "out_refund"]),
                    ("state", "=", "posted"),
                ],
                order="invoice_date desc, id desc",
            )
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {"patients": patients, "invoices": invoices, "page_name": "dental_family", "default_url": "/my/family"}
        )
        return request.render("dental_portal.portal_my_family", values)

    # ------------------------------------------------------------------ documents

    @http.route("/my/dental_documents", type="http", auth="user", website=True)
    def portal_my_documents(self, **kw):
        patients = self._dental_patients()
        documents = request.env["dental.patient.document"].sudo().search([("patient_id", "in", patients.ids)])
        values = self._prepare_portal_layout_values()
        values.update({"documents": documents, "page_name": "dental_documents", "default_url": "/my/dental_documents"})
        return request.render("dental_portal.portal_my_documents", values)

    @http.route("/my/dental_documents/<int:document_id>/download", type="http", auth="user")
    def portal_document_download(self, document_id, **kw):
        patients = self._dental_patients()
        # sudo: only a document of the user's cards (the domain)
        document = (
            request.env["dental.patient.document"]
            .sudo()
            .search([("id", "=", document_id), ("patient_id", "in", patients.ids)], limit=1)
        )
        if not document:
            return request.redirect("/my")
        if document.signed_file:
            attachment = (
                request.env["ir.attachment"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", document._name),
                        ("res_id", "=", document.id),
                        ("res_field", "=", "signed_file"),
                    ],
                    limit=1,
                )
            )
        else:
            attachment = document.pdf_attachment_id
        if not attachment:
            return request.redirect("/my/dental_documents")
        stream = request.env["ir.binary"]._get_stream_from(attachment)
        return stream.get_response(as_attachment=True)

    # ------------------------------------------------------------------ messages

    @http.route("/my/clinic_message", type="http", auth="user", methods=["POST"], website=True)
    def portal_clinic_message(self, body="", patient_id=None, **kw):
        patients = self._dental_patients(int(patient_id) if str(patient_id or "").isdigit() else None)
        if not patients or not body.strip():
            return request.redirect("/my")
        # sudo: the user writes on their own (or their family's) card, authored by their partner; the staff
        # following the card are notified
        patients[:1].sudo().message_post(
            body=body.strip()[:4000],
            author_id=request.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return request.redirect("/my/visits?sent=1")
