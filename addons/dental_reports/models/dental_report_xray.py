from odoo import fields, models
from odoo.tools import SQL


class DentalReportXray(models.Model):
    """The X-ray log (seed "Отчёты. Рентген"): one row per X-ray image of a patient (panoramic, periapical,
    bitewing, CBCT, cephalometric, occlusal) with its exposures and the effective dose recorded on it."""

    _name = "dental.report.xray"
    _inherit = ["dental.report.mixin"]
    _description = "X-ray Log"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "patient_id"
    _dental_source_model = "dental.image"
    _dental_source_field = "image_id"
    _dental_xlsx_columns = (
        "date",
        "company_id",
        "patient_id",
        "card_number",
        "patient_age",
        "doctor_id",
        "kind",
        "product_id",
        "exposure_count",
        "dose",
    )

    image_id = fields.Many2one("dental.image", string="Image", readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True)
    card_number = fields.Char(string="Card No.", readonly=True)
    patient_age = fields.Integer(string="Age", readonly=True, aggregator="avg")
    doctor_id = fields.Many2one("hr.employee", string="Doctor", readonly=True)
    kind = fields.Selection(
        [
            ("panoramic", "Panoramic"),
            ("periapical", "Periapical"),
            ("bitewing", "Bitewing"),
            ("cbct", "CBCT"),
            ("cephalometric", "Cephalometric"),
            ("occlusal", "Occlusal"),
        ],
        string="Study Type",
        readonly=True,
    )
    product_id = fields.Many2one("product.product", string="Service", readonly=True)
    exposure_count = fields.Integer(string="Exposures", readonly=True)
    dose = fields.Float(string="Effective Dose (µSv)", digits=(16, 2), readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT i.id, i.id AS image_id, i.date, i.company_id, i.patient_id, p.card_number, i.patient_age,
                   i.doctor_id, i.kind, i.product_id, i.exposure_count, i.dose
              FROM dental_image i
              JOIN dental_patient p ON p.id = i.patient_id
             WHERE i.is_xray
            """
        )
