from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dental_diagnocat_url = fields.Char(
        string="Diagnocat URL", help="Address of the Diagnocat API of the clinic's account. Empty: not used."
    )
    dental_diagnocat_token = fields.Char(
        string="Diagnocat Token", groups="base.group_system", copy=False, help="API token of the clinic's account."
    )
    dental_diagnocat_timeout = fields.Integer(
        string="Diagnocat Timeout (s)", default=60, help="Longest wait for one answer of the service."
    )
    dental_diagnocat_retries = fields.Integer(
        string="Diagnocat Retries",
        default=3,
        help="Calls repeated (with a growing pause) when the service is unreachable or busy.",
    )
    dental_diagnocat_callback = fields.Boolean(
        string="Diagnocat Callback",
        help="Ask the service to post the result back (Odoo must be reachable at web.base.url); "
        "results are polled anyway.",
    )

    @api.constrains("dental_diagnocat_url", "dental_diagnocat_timeout", "dental_diagnocat_retries")
    def _check_dental_diagnocat(self):
        for company in self:
            url = company.dental_diagnocat_url
            if url and not url.startswith(("https://", "http://")):
                raise ValidationError(_("The Diagnocat URL starts with https://."))
            if company.dental_diagnocat_timeout < 1 or not 0 <= company.dental_diagnocat_retries <= 10:
                raise ValidationError(_("The Diagnocat timeout is at least 1 s and the retries between 0 and 10."))

    def _dental_diagnocat_company(self):
        """The branch whose Diagnocat account serves this one: itself, else its nearest parent with one."""
        self.ensure_one()
        # sudo: the settings of the parent companies, read to pick the account only
        for company in self.sudo().parent_ids[::-1]:
            if company.dental_diagnocat_url and company.dental_diagnocat_token:
                return company
        return self.browse()
