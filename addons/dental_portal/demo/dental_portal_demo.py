from odoo import Command, api, models


class DentalBookingRequest(models.Model):
    _inherit = "dental.booking.request"

    @api.model
    def _dental_generate_demo(self):
        """Online booking in both demo branches (consultations and hygiene bookable); the portal user
        ``patient`` (password ``patient``) of the demo patient Макаров Сергей, who holds his family's portal
        account."""
        companies = self.env.ref("base.main_company") | self.env["res.company"].search(
            [("parent_id", "=", self.env.ref("base.main_company").id)]
        )
        companies.write({"dental_online_booking": True})
        services = self.env["product.product"].search(
            [("is_dental_service", "=", True), ("dental_code", "in", DEMO_SERVICES)]
        ) or self.env["product.product"].search([("is_dental_service", "=", True)], limit=3)
        services.write({"dental_online_booking": True})
        patient = self.env.ref("dental_patient.demo_patient_01")
        patient.email = patient.email or "s.makarov@example.com"
        patient.family_id.portal_holder_id = patient
        if not self.env["res.users"].search([("login", "=", "patient")]):
            self.env["res.users"].with_context(no_reset_password=True).create(
                {
                    "login": "patient",
                    "password": "patient",
                    "partner_id": patient.partner_id.id,
                    "lang": "ru_RU" if self.env["res.lang"]._lang_get("ru_RU") else "en_US",
                    "tz": "Europe/Moscow",
                    "company_id": patient.company_id.id,
                    "company_ids": [Command.set(patient.company_id.ids)],
                    "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
                }
            )


DEMO_SERVICES = ("K-01", "K-02")
