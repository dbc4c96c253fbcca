"""The models whose reads are logged (changes are logged by OCA auditlog's rules,
data/auditlog_rule_data.xml, on the dental models)."""

from odoo import models


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
    _inherit = ["sale.order", "dental.audit.read.mixin"]

    def _dental_audit_filter(self):
        return self.filtered("is_treatment_plan")


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "dental.audit.read.mixin"]

    def _dental_audit_filter(self):
        return self.filtered("dental_patient_id")


class AccountPayment(models.Model):
    _name = "account.payment"
    _inherit = ["account.payment", "dental.audit.read.mixin"]

    def _dental_audit_filter(self):
        return self.filtered("dental_patient_id")
