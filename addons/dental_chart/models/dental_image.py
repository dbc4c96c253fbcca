from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

XRAY_KINDS = ("panoramic", "periapical", "bitewing", "cbct", "cephalometric", "occlusal")


class DentalImage(models.Model):
    """An image of the patient: X-ray (with its dose, for the radiation log) or photo, with files."""

    _name = "dental.image"
    _description = "Patient Image"
    _inherit = ["mail.thread", "dental.server.fields.mixin"]
    # The study reference is set by the AI import (as the superuser, exempt from dental.server.fields.mixin),
    # which finds by it a study already imported; a client may only resend its value.
    _dental_server_fields = ("external_ref",)
    _dental_accept_resent_values = True
    _order = "date desc, id desc"

    name = fields.Char(required=True, default=lambda self: _("Image"))
    patient_id = fields.Many2one(
        "dental.patient", string="Patient", required=True, index=True, ondelete="restrict", tracking=True
    )
    company_id = fields.Many2one(
        related="patient_id.company_id", string="Branch", store=True, index=True, precompute=True
    )
    card_number = fields.Char(related="patient_id.card_number", string="Card No.")
    patient_age = fields.Integer(
        string="Age",
        compute="_compute_patient_age",
        store=True,
        aggregator="avg",
        help="Age of the patient on the day of the image.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, tracking=True)
    kind = fields.Selection(
        [
            ("panoramic", "Panoramic"),
            ("periapical", "Periapical"),
            ("bitewing", "Bitewing"),
            ("cbct", "CBCT"),
            ("cephalometric", "Cephalometric"),
            ("occlusal", "Occlusal"),
            ("photo", "Intraoral Photo"),
            ("other", "Other"),
        ],
        required=True,
        default="periapical",
        index=True,
    )
    is_xray = fields.Boolean(string="X-ray", compute="_compute_is_xray", store=True, index=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", default=lambda self: self.env.user.employee_id)
    tooth_ids = fields.Many2many("dental.tooth", "dental_image_tooth_rel", "image_id", "tooth_id", string="Teeth")
    exposure_count = fields.Integer(string="Exposures", default=1, aggregator="sum")
    dose = fields.Float(
        string="Effective Dose (µSv)",
        digits=(16, 2),
        aggregator="sum",
        help="Total effective dose of the exposures.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Service",
        domain=[("dental_is_xray", "=", True)],
        help="X-ray service; proposes its default dose.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment", "dental_image_attachment_rel", "image_id", "attachment_id", string="Files"
    )
    preview_attachment_id = fields.Many2one(
        "ir.attachment",
        compute="_compute_preview_attachment_id",
        string="Preview",
        help="First picture among the files, shown (resized) in the gallery.",
    )
    note = fields.Text(string="Notes")
    finding_ids = fields.One2many("dental.chart.finding", "image_id", string="Findings")
    external_ref = fields.Char(string="External Reference", index="btree_not_null", copy=False)

    @api.depends("kind")
    def _compute_is_xray(self):
        for image in self:
            image.is_xray = image.kind in XRAY_KINDS

    @api.depends("date", "patient_id.birth_date")
    def _compute_patient_age(self):
        for image in self:
            birth = image.patient_id.birth_date
            if birth and image.date:
                years = image.date.year - birth.year - ((image.date.month, image.date.day) < (birth.month, birth.day))
                image.patient_age = max(years, 0)
            else:
                image.patient_age = 0

    @api.depends("attachment_ids.mimetype")
    def _compute_preview_attachment_id(self):
        for image in self:
            pictures = image.attachment_ids.filtered(lambda a: (a.mimetype or "").startswith("image/"))
            image.preview_attachment_id = pictures[:1]

    @api.onchange("product_id", "exposure_count")
    def _onchange_product_dose(self):
        if self.product_id.dental_xray_dose:
            self.dose = self.product_id.dental_xray_dose * (self.exposure_count or 1)

    @api.constrains("dose", "exposure_count")
    def _check_dose(self):
        for image in self:
            if image.dose < 0 or image.exposure_count < 0:
                raise ValidationError(_("Dose and exposures cannot be negative."))

    @api.constrains("attachment_ids")
    def _check_attachment_size(self):
        for image in self:
            limit_mb = image.company_id.dental_image_max_size or self.env.company.dental_image_max_size
            if not limit_mb:
                continue
            for attachment in image.attachment_ids:
                if attachment.file_size and attachment.file_size > limit_mb * 1024 * 1024:
                    raise ValidationError(
                        _(
                            "The file %(file)s is larger than the limit of %(limit)s MB.",
                            file=attachment.name,
                            limit=limit_mb,
                        )
                    )

    def _dental_refuse_fields(self, fnames, create=False):
        raise UserError(_("The study reference of an image is set by the AI import."))

    @api.model_create_multi
    def create(self, vals_list):
        images = super().create(vals_list)
        images._attach_files_to_self()
        return images

    def write(self, vals):
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._attach_files_to_self()
        return res

    def _attach_files_to_self(self):
        """Files uploaded in the form belong to the image (so they follow its access rights)."""
        for image in self:
            # sudo: where the files are attached is checked whatever the user may read of their document
            files = image.attachment_ids.sudo()
            foreign = files.filtered(lambda a, i=image: a.res_id and (a.res_model, a.res_id) != (i._name, i.id))
            if foreign:
                # adopting them would take them away from their document (another image, a signed record...)
                raise UserError(
                    _("The file %(name)s belongs to another document: upload it again.", name=foreign[0].name)
                )
            loose = image.attachment_ids.filtered(lambda a: not a.res_id)
            loose.write({"res_model": image._name, "res_id": image.id})

    # ------------------------------------------------------------ viewer
    def action_open_viewer(self):
        """The X-ray/photo viewer (client action ``dental_image_viewer``) on this image."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "dental_image_viewer",
            "name": self.name,
            "params": {"image_id": self.id},
        }

    def action_show_on_chart(self):
        """The patient's tooth chart in a dialog with the image's teeth selected (highlighted)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Tooth Chart: %s", self.patient_id.display_name),
            "res_model": "dental.patient",
            "res_id": self.patient_id.id,
            "views": [(self.env.ref("dental_chart.dental_patient_view_form_chart").id, "form")],
            "target": "new",
            "context": {"dental_chart_teeth": self.tooth_ids.mapped("code")},
        }

    def _get_compare_domain(self):
        """Images the viewer offers to compare with: the patient's other images sharing a tooth."""
        self.ensure_one()
        return [("patient_id", "=", self.patient_id.id), ("id", "!=", self.id), ("tooth_ids", "in", self.tooth_ids.ids)]

    def dental_get_viewer_data(self):
        """What the viewer shows of one image, in one call: its pictures, teeth and comparable images."""
        self.ensure_one()
        self.check_access("read")
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        pictures = self.attachment_ids.filtered(lambda a: (a.mimetype or "").startswith("image/"))
        compare = self.search(self._get_compare_domain(), limit=50) if self.tooth_ids else self.browse()
        return {
            "id": self.id,
            "name": self.name,
            "date": fields.Date.to_string(self.date),
            "kind": kinds.get(self.kind, ""),
            "patient": {"id": self.patient_id.id, "name": self.patient_id.display_name},
            "teeth": [{"id": tooth.id, "code": tooth.code} for tooth in self.tooth_ids],
            "pictures": [
                {"id": a.id, "name": a.name, "url": f"/web/image/ir.attachment/{a.id}/datas"} for a in pictures
            ],
            "compare": [
                {
                    "id": image.id,
                    "name": image.name,
                    "date": fields.Date.to_string(image.date),
                    "kind": kinds.get(image.kind, ""),
                    "teeth": image.tooth_ids.filtered(lambda t: t in self.tooth_ids).mapped("code"),
                }
                for image in compare
            ],
        }
