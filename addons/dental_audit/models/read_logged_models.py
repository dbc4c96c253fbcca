"""The models whose reads are logged. Changes are logged by OCA auditlog's rules
(data/auditlog_rule_data.xml) on the dental models, and by dental.audit.write.mixin on the
dental records of native models (treatment plans, patients' invoices and payments)."""

from odoo import models
from odoo.tools import SQL

from odoo.addons.dental_patient.models.dental_patient_privacy import IDENTITY_FIELDS


class DentalPatient(models.Model):
    _name = "dental.patient"
    _inherit = ["dental.patient", "dental.audit.read.mixin"]

    def dental_get_chart(self, *args, **kwargs):
        result = super().dental_get_chart(*args, **kwargs)
        self._dental_audit_log("chart")
        return result


class DentalPatientDocument(models.Model):
    _name = "dental.patient.document"
    _inherit = ["dental.patient.document", "dental.audit.read.mixin"]


class DentalVisitRecord(models.Model):
    _name = "dental.visit.record"
    _inherit = ["dental.visit.record", "dental.audit.read.mixin"]


class DentalChartFinding(models.Model):
    _name = "dental.chart.finding"
    _inherit = ["dental.chart.finding", "dental.audit.read.mixin"]


class DentalImage(models.Model):
    _name = "dental.image"
    _inherit = ["dental.image", "dental.audit.read.mixin"]


class DentalPerioExam(models.Model):
    _name = "dental.perio.exam"
    _inherit = ["dental.perio.exam", "dental.audit.read.mixin"]


class DentalOrthoCard(models.Model):
    _name = "dental.ortho.card"
    _inherit = ["dental.ortho.card", "dental.audit.read.mixin"]


class DentalCashClosing(models.Model):
    _name = "dental.cash.closing"
    _inherit = ["dental.cash.closing", "dental.audit.read.mixin"]


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "dental.audit.read.mixin", "dental.audit.write.mixin"]

    def _dental_audit_filter(self):
        return self.filtered("is_treatment_plan")


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "dental.audit.read.mixin", "dental.audit.write.mixin"]

    def _dental_audit_filter(self):
        return self.filtered("dental_patient_id")


class AccountPayment(models.Model):
    _name = "account.payment"
    _inherit = ["account.payment", "dental.audit.read.mixin", "dental.audit.write.mixin"]

    def _dental_audit_filter(self):
        return self.filtered("dental_patient_id")


class DentalPatientAnonymize(models.Model):
    _inherit = "dental.patient"

    def _dental_anonymize_copies(self, old_names, removed):
        """The trail keeps who changed what, not the identity: the anonymised card's logged values of its
        identity fields go, and so do the logs of its phones and documents (deleted with their values)."""
        res = super()._dental_anonymize_copies(old_names, removed)
        identity = set(IDENTITY_FIELDS) | {"name", "last_name", "first_name", "search_name", "phone_digits",
                                           "birth_date", "display_name", "complete_name", "email_normalized",
                                           "phone_sanitized", "mobile_blacklisted", "phone_blacklisted"}  # fmt: skip
        Log = self.env["auditlog.log"].sudo()
        for patient in self:
            logs = Log.search([("model_id.model", "=", "dental.patient"), ("res_id", "=", patient.id)])
            # the names the card had over time, as the trail shows them on other records' logs
            names = set(old_names) | {
                value
                for line in logs.line_ids.filtered(lambda line: line.field_name in ("name", "search_name"))
                for value in (line.old_value_text, line.new_value_text)
                if value and value != patient.name
            }
            logs.line_ids.filtered(lambda line: line.field_name in identity).unlink()
            for model, ids in removed.items():
                if ids:
                    Log.search([("model_id.model", "=", model), ("res_id", "in", ids)]).unlink()
            # the name shown in any log (the record's name, a many2one's value on another record's log): one
            # statement a table, each column's names replaced longest first (a name holding a shorter one)
            olds = sorted(names, key=len, reverse=True)
            if not olds:
                continue
            for table, columns in (
                ("auditlog_log", ("name",)),
                ("auditlog_log_line", ("old_value", "old_value_text", "new_value", "new_value_text")),
            ):
                assignments, matches = [], []
                for column in columns:
                    expression = SQL.identifier(column)
                    for old in olds:
                        expression = SQL("replace(%s, %s, %s)", expression, old, patient.name)
                        matches.append(SQL("strpos(%s, %s) > 0", SQL.identifier(column), old))
                    assignments.append(SQL("%s = %s", SQL.identifier(column), expression))
                # SQL: the log is read-only to everyone through the ORM (auditlog), the law's duty is not
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s SET %s WHERE %s",
                        SQL.identifier(table),
                        SQL(", ").join(assignments),
                        SQL(" OR ").join(matches),
                    )
                )
        self.env["auditlog.log"].invalidate_model()
        self.env["auditlog.log.line"].invalidate_model()
        return res
