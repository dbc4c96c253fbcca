from odoo import Command
from odoo.tests import tagged

from odoo.addons.dental_calendar.tests.common import DentalCalendarCommon
from odoo.addons.dental_patient.tests.common import DentalBookCase


@tagged("post_install", "-at_install")
class TestRecycleBin(DentalBookCase, DentalCalendarCommon):
    def test_service_planned_on_an_appointment(self):
        """A dental service planned on an appointment (a cancelled one too) has history: archived, not deleted."""
        service, unused = self.env["product.template"].create(
            [{"name": "Hygiene", "is_dental_service": True}, {"name": "Unused", "is_dental_service": True}]
        )
        event = self.book(self.at(10), service_ids=[Command.set(service.product_variant_ids.ids)])
        event.action_archive()
        self.assertDeleteRefused(service, "appointments")
        self.assertDeleted(unused)
