import re
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .dental_egisz_nsi import NSI_CONDITION, NSI_DIAGNOSIS_TYPE, NSI_PLACE, NSI_REGION, NSI_VISIT_KIND

GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
OID = re.compile(r"^[0-2](\.(0|[1-9][0-9]*))+$")
SIGNERS = [
    ("command", "External command (CryptoPro cryptcp)"),
    ("http", "Signing service (HTTP)"),
    ("test", "Test signer (not GOST, tests only)"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    egisz_enabled = fields.Boolean(string="ЕГИСЗ Exchange", help="Visit records of this branch are sent to РЭМД.")
    egisz_org_oid = fields.Char(
        string="Organisation OID", help="OID of the branch in ФРМО, e.g. 1.2.643.5.1.13.13.12.2.77.7831."
    )
    egisz_client_entity_id = fields.Char(
        string="clientEntityId", help="GUID of the information system issued by ЕГИСЗ."
    )
    egisz_idlpu = fields.Char(string="IdLpu", help="Identifier of the organisation in the regional ИЭМК (N3.Health).")
    egisz_environment = fields.Selection(
        [("test", "Test"), ("production", "Production")], string="ЕГИСЗ Environment", default="test"
    )
    egisz_endpoint_test = fields.Char(string="РЭМД Test Endpoint")
    egisz_endpoint_production = fields.Char(string="РЭМД Production Endpoint")
    egisz_callback_token = fields.Char(
        string="Callback Token",
        copy=False,
        groups="base.group_system",
        help="Secret part of the address РЭМД calls back (registerDocumentResult, getDocumentFile).",
    )
    egisz_region_id = fields.Many2one(
        "dental.egisz.nsi", string="Region (НСИ)", domain=[("oid", "=", NSI_REGION)], ondelete="restrict"
    )
    egisz_mis_number = fields.Char(
        string="MIS Number", default="1", help="Number of the MIS in the organisation's OID branch."
    )
    egisz_values_mode = fields.Selection(
        [("visit", "Chosen in each visit"), ("fixed", "Fixed for the branch")],
        string="Protocol Codes",
        default="visit",
        help="Visit kind, place, condition and diagnosis type: chosen by the doctor in each visit record, or the "
        "branch's values below.",
    )
    egisz_visit_kind_id = fields.Many2one(
        "dental.egisz.nsi", string="Visit Kind", domain=[("oid", "=", NSI_VISIT_KIND)], ondelete="restrict"
    )
    egisz_place_id = fields.Many2one(
        "dental.egisz.nsi", string="Place of Care", domain=[("oid", "=", NSI_PLACE)], ondelete="restrict"
    )
    egisz_condition_id = fields.Many2one(
        "dental.egisz.nsi", string="Condition", domain=[("oid", "=", NSI_CONDITION)], ondelete="restrict"
    )
    egisz_diagnosis_type_id = fields.Many2one(
        "dental.egisz.nsi", string="Diagnosis Type", domain=[("oid", "=", NSI_DIAGNOSIS_TYPE)], ondelete="restrict"
    )
    egisz_signer = fields.Selection(SIGNERS, string="Signer", default="command")
    egisz_signer_command = fields.Char(
        string="Signing Command",
        default="cryptcp -signf -dir {outdir} -der -strict -detached -thumbprint {thumbprint} -nochain {input}",
        help="Run for each signature; {input} is the file to sign, {outdir} where the .sgn file is written, "
        "{thumbprint} the signer's certificate.",
    )
    egisz_signer_url = fields.Char(string="Signing Service URL")
    egisz_org_thumbprint = fields.Char(
        string="Organisation Certificate", help="Thumbprint of the organisation's certificate."
    )
    egisz_n3_enabled = fields.Boolean(
        string="ИЭМК Exchange (N3.Health)",
        help="The region runs its ИЭМК on N3.Health: the patient (PIX) and the visit (EMK) of every protocol signed by "
        "the organisation are sent there too.",
    )
    egisz_n3_guid = fields.Char(
        string="ИЭМК GUID",
        groups="dental_patient.group_director",
        help="Authorisation GUID of the MIS issued by the regional ИЭМК.",
    )
    egisz_n3_pix_endpoint = fields.Char(string="ИЭМК PIX Endpoint", help="Address of PixService.svc.")
    egisz_n3_emk_endpoint = fields.Char(string="ИЭМК EMK Endpoint", help="Address of EMKService.svc.")
    egisz_timeout = fields.Float(string="РЭМД Timeout (s)", default=30.0)
    egisz_max_attempts = fields.Integer(string="Sending Attempts", default=5)

    _sql_constraints = [
        ("egisz_callback_token_uniq", "unique(egisz_callback_token)", "Each branch has its own callback token.")
    ]

    @api.constrains("egisz_org_oid")
    def _check_egisz_org_oid(self):
        for company in self:
            if company.egisz_org_oid and not OID.match(company.egisz_org_oid):
                raise ValidationError(
                    _("The organisation OID is digits separated by dots, e.g. 1.2.643.5.1.13.13.12.2.77.7831.")
                )

    @api.constrains("egisz_client_entity_id")
    def _check_egisz_client_entity_id(self):
        for company in self:
            if company.egisz_client_entity_id and not GUID.match(company.egisz_client_entity_id):
                raise ValidationError(_("clientEntityId is a GUID: 8-4-4-4-12 hexadecimal digits."))

    @api.constrains("egisz_n3_guid")
    def _check_egisz_n3_guid(self):
        for company in self.sudo():
            if company.egisz_n3_guid and not GUID.match(company.egisz_n3_guid):
                raise ValidationError(_("The ИЭМК GUID is a GUID: 8-4-4-4-12 hexadecimal digits."))

    @api.model_create_multi
    def create(self, vals_list):
        # no column default: it would give every existing branch the same token when the addon is installed
        for vals in vals_list:
            vals.setdefault("egisz_callback_token", secrets.token_urlsafe(24))
        return super().create(vals_list)

    def _egisz_endpoint(self):
        self.ensure_one()
        if self.egisz_environment == "production":
            return self.egisz_endpoint_production
        return self.egisz_endpoint_test
