from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dental_patient.tools import identifiers

from ..tools.atol import AtolClient
from ..tools.evotor import EvotorClient

DEFAULT_ENDPOINTS = {
    "atol": "https://online.atol.ru/possystem",
    "businessru": "https://check.business.ru/api",
    "evotor": "https://fiscalization.evotor.ru/possystem",
}
# the adapter of each provider: the same calls (token, register, report) and the body in the API's version
CLIENTS = {"atol": AtolClient, "businessru": AtolClient, "evotor": EvotorClient}


class DentalRuCashRegister(models.Model):
    """A branch's cloud cash register (54-ФЗ): ATOL Online, Бизнес.ру Онлайн-Чеки speaking the same API v4, or
    Evotor's cloud register (its ATOL connector, API v5). The branch's active register is its setting: its provider
    chooses the adapter.

    The login, password and token are administrators' only (field groups); registrars see which register sends
    the receipts and their states.
    """

    _name = "dental.ru.cash.register"
    _description = "Cloud Cash Register"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", string="Branch", required=True, default=lambda self: self.env.company)
    provider = fields.Selection(
        [("atol", "ATOL Online"), ("businessru", "Business.ru Online Receipts"), ("evotor", "Evotor Cloud Register")],
        required=True,
        default="atol",
        help="ATOL Online and Business.ru speak the ATOL Online API v4, Evotor its version 5.",
    )
    endpoint = fields.Char(
        required=True, default=DEFAULT_ENDPOINTS["atol"], help="Base address, without the API version (/v4, /v5)."
    )
    login = fields.Char(groups="base.group_system")
    password = fields.Char(groups="base.group_system")
    token = fields.Char(groups="base.group_system", readonly=True, copy=False)
    group_code = fields.Char(string="Group Code", required=True, help="The group of cash registers (group_code).")
    inn = fields.Char(string="INN", required=True, help="INN of the seller registered with the cash register.")
    payment_address = fields.Char(required=True, help="Place of settlement printed on receipts (site or address).")
    email = fields.Char(string="Seller E-mail", help="E-mail of the seller printed on receipts.")
    taxation = fields.Selection(
        [
            ("osn", "General"),
            ("usn_income", "Simplified (income)"),
            ("usn_income_outcome", "Simplified (income minus expenses)"),
            ("esn", "Unified agricultural tax"),
            ("patent", "Patent"),
        ],
        string="Taxation System",
        required=True,
        default="osn",
    )
    vat = fields.Selection(
        [("none", "Without VAT"), ("vat0", "VAT 0%"), ("vat10", "VAT 10%"), ("vat20", "VAT 20%")],
        string="VAT of Services",
        required=True,
        default="none",
        help="VAT printed on the receipt's items: medical services are exempt (Tax Code art. 149).",
    )
    timeout = fields.Float(string="Timeout (s)", default=30.0)
    max_retries = fields.Integer(string="Retries per Call", default=2)
    backoff = fields.Float(string="First Retry After (s)", default=1.0)

    @api.constrains("active", "company_id")
    def _check_one_per_branch(self):
        for register in self.filtered("active"):
            if self.search_count([("company_id", "=", register.company_id.id), ("id", "!=", register.id)], limit=1):
                raise ValidationError(_("A branch has one active cloud cash register."))

    @api.constrains("inn")
    def _check_inn(self):
        for register in self:
            try:
                identifiers.validate_inn(register.inn)
            except ValueError as error:
                raise ValidationError(
                    _("The INN %(inn)s is not valid (%(reason)s).", inn=register.inn, reason=error)
                ) from error

    @api.onchange("provider")
    def _onchange_provider(self):
        if self.endpoint in DEFAULT_ENDPOINTS.values():
            self.endpoint = DEFAULT_ENDPOINTS[self.provider]

    def _dental_client(self):
        """The API client with the register's credentials (called by the queue cron as superuser)."""
        self.ensure_one()
        register = self.sudo()  # sudo: the credentials are read to send, never shown
        return CLIENTS[register.provider](
            register.endpoint,
            register.login,
            register.password,
            register.group_code,
            token=register.token,
            timeout=register.timeout,
            max_retries=register.max_retries,
            backoff=register.backoff,
        )

    def _dental_keep_token(self, client):
        """Remember the token ATOL gave (valid 24 hours) so the next call does not ask again."""
        self.ensure_one()
        if client.token and client.token != self.sudo().token:
            self.sudo().token = client.token
