from odoo.tests import HttpCase, tagged

from ..tools import remd
from .fake_remd import callback_message
from .test_sending import FakeRemdCommon


@tagged("post_install", "-at_install")
class TestEgiszTour(FakeRemdCommon, HttpCase):
    def test_sign_send_registered(self):
        """Sign and send a protocol in the web client, then see it registered."""
        admin = self.env.ref("base.user_admin")
        employee = admin.employee_id or self.env["hr.employee"].create({"name": "Admin Doctor", "user_id": admin.id})
        employee.write(
            {
                "egisz_snils": "001-001-998 00",
                "egisz_position_id": self.position.id,
                "egisz_specialty_id": self.specialty.id,
            }
        )
        record = self._record(doctor=employee)
        record.with_user(admin).action_sign()
        document = record.egisz_document_ids
        self.assertEqual(document.state, "draft")
        self.start_tour(
            f"/odoo/action-dental_egisz.dental_egisz_document_action/{document.id}", "dental_egisz_sign", login="admin"
        )
        self.assertEqual(document.state, "org_signed")
        self._run_queue()
        self.assertEqual(document.state, "sent")
        _kind, result = remd.parse_callback(callback_message(document.local_uid, emdr_id="EMDR-TOUR-1"))
        self.env["dental.egisz.document"]._remd_result(self.company, result)
        self.start_tour(
            f"/odoo/action-dental_egisz.dental_egisz_document_action/{document.id}",
            "dental_egisz_registered",
            login="admin",
        )
        self.assertEqual(document.registration_number, "EMDR-TOUR-1")
