import re

from odoo.addons.dental_calendar.tests.common import DAY, DentalCalendarCommon

PHONE = "+7 916 555-00-11"
E164 = "+79165550011"


class DentalPortalCommon(DentalCalendarCommon):
    """DentalCalendarCommon's branch taking online bookings, two bookable services and the public user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"dental_online_booking": True, "dental_booking_days": 3 * 3650})
        cls.doctor_2.job_id = cls.env["hr.job"].create({"name": "Hygienist"})
        Product = cls.env["product.product"]
        cls.service = Product.create(
            {
                "name": "Online consultation",
                "type": "service",
                "is_dental_service": True,
                "dental_online_booking": True,
                "dental_duration": 40,
                "dental_job_id": cls.job_therapist.id,
            }
        )
        cls.service_any = Product.create(
            {"name": "Check-up", "type": "service", "is_dental_service": True, "dental_online_booking": True}
        )
        cls.service_offline = Product.create(
            {"name": "Implant", "type": "service", "is_dental_service": True, "dental_duration": 60}
        )
        cls.public = cls.env(user=cls.env.ref("base.public_user"))
        cls.Requests = cls.public["dental.booking.request"]

    def request_values(self, start=None, **values):
        return {
            "branch_id": self.company.id,
            "service_id": self.service.id,
            "doctor_id": self.doctor.id,
            "start": start or self.at(10),
            "last_name": "Orlov",
            "first_name": "Pavel",
            "phone": PHONE,
            **values,
        }

    def sent_code(self, phone=E164):
        sms = self.env["sms.sms"].sudo().search([("number", "=", phone)], order="id desc", limit=1)
        self.assertTrue(sms, "a code was sent")
        return re.search(r"\b(\d{6})\b", sms.body).group(1)


def portal_user(env, login, patient):
    """A portal user of ``patient``'s partner (the card's "Grant portal access"), in English."""
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "login": login,
                "password": login,
                "partner_id": patient.partner_id.id,
                "lang": "en_US",
                "groups_id": [(6, 0, env.ref("base.group_portal").ids)],
            }
        )
    )


__all__ = ["DAY", "DentalPortalCommon", "portal_user"]
