import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DentalChartCommon

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestDentalImage(DentalChartCommon):
    def _attachment(self, name, raw, mimetype):
        return self.env["ir.attachment"].create({"name": name, "raw": raw, "mimetype": mimetype})

    def test_xray_log_fields_and_default_dose(self):
        opg = self.env["product.product"].create(
            {"name": "OPG", "is_dental_service": True, "dental_is_xray": True, "dental_xray_dose": 16}
        )
        form = Form(self.env["dental.image"])
        form.patient_id = self.patient
        form.kind = "panoramic"
        form.date = "2026-05-17"
        form.product_id = opg
        form.exposure_count = 2
        image = form.save()
        self.assertTrue(image.is_xray)
        self.assertEqual(image.dose, 32)
        self.assertEqual(image.patient_age, 36)
        self.assertEqual(image.card_number, self.patient.card_number)
        photo = self.env["dental.image"].create({"patient_id": self.patient.id, "kind": "photo"})
        self.assertFalse(photo.is_xray)
        groups = self.env["dental.image"]._read_group(
            [("is_xray", "=", True), ("patient_id", "=", self.patient.id)], ["kind"], ["dose:sum", "exposure_count:sum"]
        )
        self.assertEqual(groups, [("panoramic", 32.0, 2)])

    def test_files_belong_to_the_image_and_give_the_preview(self):
        archive = self._attachment("study.zip", b"PK\x03\x04 zip", "application/zip")
        picture = self._attachment("opg.png", PNG, "image/png")
        image = self.env["dental.image"].create(
            {"patient_id": self.patient.id, "kind": "panoramic", "attachment_ids": [(6, 0, (archive | picture).ids)]}
        )
        self.assertEqual(image.preview_attachment_id, picture)
        self.assertEqual((archive | picture).mapped("res_model"), ["dental.image", "dental.image"])
        self.assertEqual((archive | picture).mapped("res_id"), [image.id, image.id])

    def test_size_limit_from_settings(self):
        self.env.company.dental_image_max_size = 1
        big = self._attachment("cbct.zip", b"0" * (1024 * 1024 + 1), "application/zip")
        with self.assertRaises(ValidationError):
            self.env["dental.image"].create(
                {"patient_id": self.patient.id, "kind": "cbct", "attachment_ids": [(6, 0, big.ids)]}
            )
        with self.assertRaises(ValidationError):
            self.env["dental.image"].create({"patient_id": self.patient.id, "kind": "cbct", "dose": -1})

    def test_files_of_another_document_are_not_taken(self):
        """Linking a file of another document would move it away from that document: refused."""
        other_image = self.env["dental.image"].create({"patient_id": self.patient.id, "kind": "photo"})
        own = self.env["ir.attachment"].create(
            {"name": "theirs.png", "raw": PNG, "res_model": "dental.image", "res_id": other_image.id}
        )
        record = self.env["dental.visit.record"].create(
            {"patient_id": self.patient.id, "doctor_id": self.doctor.id, "treatment": "x"}
        )
        scan = self.env["ir.attachment"].create(
            {"name": "record.png", "raw": PNG, "res_model": record._name, "res_id": record.id}
        )
        Image = self.env["dental.image"].with_user(self.user_assistant)
        for attachment in (own, scan):
            with self.subTest(name=attachment.name), self.assertRaises(UserError):
                Image.create(
                    {"patient_id": self.patient.id, "kind": "photo", "attachment_ids": [(6, 0, attachment.ids)]}
                )
        self.assertEqual((own.res_model, own.res_id), ("dental.image", other_image.id))
        self.assertEqual((scan.res_model, scan.res_id), (record._name, record.id))

    def test_study_reference_is_the_imports(self):
        Image = self.env["dental.image"].with_user(self.user_doctor)
        with self.assertRaises(UserError):
            Image.create({"patient_id": self.patient.id, "kind": "photo", "external_ref": "dc-1"})
        image = Image.create({"patient_id": self.patient.id, "kind": "photo"})
        with self.assertRaises(UserError):
            image.write({"external_ref": "dc-1"})
        image.write({"external_ref": False, "note": "ok"})
        image.sudo().write({"external_ref": "dc-1"})
        self.assertEqual(image.external_ref, "dc-1")

    def test_viewer_data_pictures_teeth_and_images_to_compare(self):
        """The viewer gets the image's pictures and teeth, and the patient's other images sharing a tooth."""
        Image = self.env["dental.image"]
        picture = self._attachment("opg.png", PNG, "image/png")
        archive = self._attachment("study.zip", b"PK\x03\x04 zip", "application/zip")
        opg = Image.create(
            {
                "name": "OPG",
                "patient_id": self.patient.id,
                "kind": "panoramic",
                "date": "2026-05-17",
                "tooth_ids": [(6, 0, (self.tooth_36 | self.tooth_11).ids)],
                "attachment_ids": [(6, 0, (picture | archive).ids)],
            }
        )
        same_tooth = Image.create(
            {
                "name": "PA",
                "patient_id": self.patient.id,
                "date": "2026-01-10",
                "tooth_ids": [(6, 0, self.tooth_36.ids)],
            }
        )
        Image.create({"name": "Other tooth", "patient_id": self.patient.id, "tooth_ids": [(6, 0, self.tooth_37.ids)]})
        other_patient = self.env["dental.patient"].create({"last_name": "Other", "first_name": "Olga"})
        Image.create({"patient_id": other_patient.id, "tooth_ids": [(6, 0, self.tooth_36.ids)]})

        data = opg.with_user(self.user_doctor).dental_get_viewer_data()
        self.assertEqual(data["kind"], "Panoramic")
        self.assertEqual(data["patient"]["id"], self.patient.id)
        self.assertEqual(sorted(t["code"] for t in data["teeth"]), ["11", "36"])
        self.assertEqual(
            data["pictures"],
            [{"id": picture.id, "name": "opg.png", "url": f"/web/image/ir.attachment/{picture.id}/datas"}],
        )
        self.assertEqual([(c["id"], c["teeth"]) for c in data["compare"]], [(same_tooth.id, ["36"])])

        action = same_tooth.action_show_on_chart()
        self.assertEqual((action["res_model"], action["res_id"]), ("dental.patient", self.patient.id))
        self.assertEqual(action["context"], {"dental_chart_teeth": ["36"]})
        self.assertEqual(opg.action_open_viewer()["params"], {"image_id": opg.id})

    def test_viewer_data_needs_medical_rights(self):
        image = self.env["dental.image"].create(
            {"patient_id": self.patient.id, "tooth_ids": [(6, 0, self.tooth_36.ids)]}
        )
        with self.assertRaises(AccessError):
            image.with_user(self.user_accountant).dental_get_viewer_data()
