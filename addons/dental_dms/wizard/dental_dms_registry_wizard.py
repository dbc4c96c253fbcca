import base64
import io
from datetime import date

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, formatLang, html2plaintext

from odoo.addons.dental_patient.models.dental_server_fields import server_context

from ..models.dental_dms_report_column import DATE_COLUMNS, NUMERIC_COLUMNS

# who invoices the insurers: accountants and the Director (registrars are Invoicing users too, for the patients)
INVOICING_GROUPS = ("account.group_account_user", "account.group_account_manager", "dental_patient.group_director")


def _last_month():
    first = date.today().replace(day=1) - relativedelta(months=1)
    return first, first + relativedelta(months=1, days=-1)


class DentalDmsRegistryWizard(models.TransientModel):
    """An insurer's registry of services for a period (PDF, Excel, filtered), and its monthly invoice."""

    _name = "dental.dms.registry.wizard"
    _description = "ДМС Registry"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    insurer_id = fields.Many2one(
        "res.partner", string="Insurer", required=True, domain=[("dental_is_insurer", "=", True)]
    )
    template_id = fields.Many2one(
        "dental.dms.report.template",
        string="Template",
        domain="[('insurer_id', '=', insurer_id)]",
        compute="_compute_template_id",
        store=True,
        readonly=False,
    )
    date_from = fields.Date(required=True, default=lambda self: _last_month()[0])
    date_to = fields.Date(required=True, default=lambda self: _last_month()[1])
    approval_state = fields.Selection(
        [("approved", "Approved"), ("partial", "Partially Approved"), ("expired", "Expired")],
        help="Only the services of approvals in this status; empty: any.",
    )
    invoice_state = fields.Selection(
        [("to_invoice", "To Invoice"), ("invoiced", "Invoiced"), ("paid", "Paid")],
        help="Only the services in this invoice status; empty: any.",
    )
    policy_state = fields.Selection(
        [("active", "Active Policies"), ("inactive", "Inactive Policies")], help="Empty: any policy."
    )
    invoice_date = fields.Date(default=fields.Date.context_today, help="Date of the insurer's invoice.")
    service_count = fields.Integer(string="Services", compute="_compute_service_count")

    @api.depends("insurer_id")
    def _compute_template_id(self):
        for wizard in self:
            templates = self.env["dental.dms.report.template"].search(
                [("insurer_id", "=", wizard.insurer_id.id)], limit=1
            )
            wizard.template_id = templates if wizard.insurer_id else False

    @api.depends("insurer_id", "date_from", "date_to", "approval_state", "invoice_state", "policy_state")
    def _compute_service_count(self):
        for wizard in self:
            wizard.service_count = (
                self.env["dental.dms.service"].search_count(wizard._dms_domain()) if wizard.insurer_id else 0
            )

    def _dms_domain(self):
        self.ensure_one()
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UserError(_("The period ends before it starts."))
        domain = [
            ("insurer_id", "=", self.insurer_id.id),
            ("company_id", "=", self.company_id.id),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]
        if self.approval_state:
            domain.append(("approval_id.state", "=", self.approval_state))
        if self.invoice_state:
            domain.append(("state", "=", self.invoice_state))
        if self.policy_state:
            domain.append(("policy_id.active", "=", self.policy_state == "active"))
        return domain

    def _dms_services(self):
        Service = self.env["dental.dms.service"].with_context(active_test=False)
        return Service.search(self._dms_domain(), order="date, patient_id, id")

    def _dms_check_template(self):
        if not self.template_id:
            raise UserError(_("Choose a registry template of %s (or create one on the insurer).", self.insurer_id.name))

    def _dms_data(self):
        self.ensure_one()
        self._dms_check_template()
        return self.template_id._dms_render(self._dms_services(), self.date_from, self.date_to, self.company_id)

    def _dms_format(self, value):
        """A registry value as the PDF prints it."""
        if isinstance(value, date):
            return format_date(self.env, value)
        if isinstance(value, float):
            return formatLang(self.env, value)
        return value

    # ------------------------------------------------------------------ outputs
    def action_print(self):
        self.ensure_one()
        self._dms_check_template()
        return self.env.ref("dental_dms.action_report_dms_registry").report_action(self)

    def _dms_xlsx(self):
        """The registry as an Excel workbook (bytes): the header's text, the headings, a row per service, the total."""
        self.ensure_one()
        data = self._dms_data()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(_("Registry")[:31])
        bold = workbook.add_format({"bold": True})
        heading = workbook.add_format({"bold": True, "border": 1, "text_wrap": True, "bg_color": "#EEEEEE"})
        date_format = workbook.add_format({"num_format": "dd.mm.yyyy", "border": 1})
        money_format = workbook.add_format({"num_format": "#,##0.00", "border": 1})
        cell_format = workbook.add_format({"border": 1})
        title = self._dms_plain(data["header"]) or self.insurer_id.name
        sheet.write(0, 0, title, bold)
        start_row = 2
        for col, (__, label) in enumerate(data["columns"]):
            sheet.write(start_row, col, label, heading)
            sheet.set_column(col, col, 16)
        # one writer per column, chosen once (the rows are raw values: dates, numbers, texts)
        writers = []
        for key, __ in data["columns"]:
            if key in NUMERIC_COLUMNS:
                writers.append((sheet.write_number, money_format, float))
            elif key in DATE_COLUMNS:
                writers.append((sheet.write_datetime, date_format, None))
            else:
                writers.append((sheet.write_string, cell_format, str))
        write_blank = sheet.write_blank
        for row_index, row in enumerate(data["rows"], start=start_row + 1):
            for col, value in enumerate(row):
                write, cell_style, cast = writers[col]
                if cast is None and not isinstance(value, date):
                    write_blank(row_index, col, None, cell_format)
                else:
                    write(row_index, col, cast(value) if cast else value, cell_style)
        total_row = start_row + 1 + len(data["rows"])
        sheet.write(total_row, 0, _("Total"), bold)
        sheet.write_number(total_row, max(len(data["columns"]) - 1, 1), data["total"], money_format)
        footer = self._dms_plain(data["footer"])
        if footer:
            sheet.write(total_row + 2, 0, footer)
        workbook.close()
        return output.getvalue()

    @staticmethod
    def _dms_plain(html):
        return html2plaintext(str(html or "")).strip()

    def action_export_xlsx(self):
        self.ensure_one()
        content = self._dms_xlsx()
        name = _(
            "Registry %(insurer)s %(date_from)s-%(date_to)s.xlsx",
            insurer=self.insurer_id.name,
            date_from=self.date_from,
            date_to=self.date_to,
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(content),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "self"}

    # ------------------------------------------------------------------ the insurer's invoice
    def action_create_invoice(self):
        """One invoice to the insurer for the period's services not invoiced yet (grouped by service and price;
        the registry lists every service)."""
        self.ensure_one()
        user = self.env.user
        if not self.env.su and not any(user.has_group(group) for group in INVOICING_GROUPS):
            # the front desk bills patients (Invoicing users), the insurer's invoice is the accountant's
            raise AccessError(_("Only an accountant or the Director invoices the insurers."))
        domain = [*self._dms_domain(), ("state", "=", "to_invoice")]
        services = self.env["dental.dms.service"].search(domain, order="date, id")
        services = services.filtered(lambda s: s.amount_insurer > 0)
        if not services:
            raise UserError(_("No service of %s waits for an invoice in this period.", self.insurer_id.name))
        groups = {}
        for service in services:
            unit = service.amount_insurer / service.quantity if service.quantity else service.amount_insurer
            key = (service.product_id, round(unit, 2))
            groups.setdefault(key, self.env["dental.dms.service"])
            groups[key] |= service
        lines = []
        for (product, unit), group in groups.items():
            code = group[0].service_code
            lines.append(
                fields.Command.create(
                    {
                        "product_id": product.id,
                        "name": f"[{code}] {product.name}" if code else product.name,
                        "quantity": sum(group.mapped("quantity")),
                        "price_unit": unit,
                        "tax_ids": [fields.Command.clear()],
                    }
                )
            )
        # the registry flag and period are server-only fields of the invoice: set here, after the role check
        invoice = (
            self.env["account.move"]
            .with_context(**server_context("account.move"))
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.insurer_id.id,
                    "company_id": self.company_id.id,
                    "invoice_date": self.invoice_date,
                    "invoice_origin": _(
                        "ДМС registry %(date_from)s – %(date_to)s", date_from=self.date_from, date_to=self.date_to
                    ),
                    "dental_dms_registry": True,
                    "dental_dms_date_from": self.date_from,
                    "dental_dms_date_to": self.date_to,
                    "invoice_line_ids": lines,
                }
            )
        )
        invoice = self.env["account.move"].browse(invoice.id)  # the caller's context again, without the token
        services._dms_server().write({"insurer_invoice_id": invoice.id})
        return invoice._get_records_action()
