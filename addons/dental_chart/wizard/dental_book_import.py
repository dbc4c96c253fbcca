from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.tools import escape_psql


class DentalBookImport(models.TransientModel):
    """The price list's books: services (with the sheet Doctors: who performs each service) and goods."""

    _inherit = "dental.book.import"

    book = fields.Selection(
        selection_add=[("services", "Services"), ("goods", "Goods")],
        ondelete={"services": "cascade", "goods": "cascade"},
    )

    # ------------------------------------------------------------------ books
    @api.model
    def _get_book_model(self, book):
        if book in ("services", "goods"):
            return "product.template"
        return super()._get_book_model(book)

    @api.model
    def _get_book_columns(self, book):
        if book == "services":
            return [
                (".id", _("ID")),
                ("dental_code", _("Code")),
                ("name", _("Service name")),
                ("categ_id", _("Category")),
                ("list_price", _("Price")),
                ("uom_id", _("Unit")),
                ("dental_duration_hhmm", _("Duration (HH:MM)")),
                ("dental_job_id", _("Profession")),
            ]
        if book == "goods":
            return [
                (".id", _("ID")),
                ("default_code", _("Article")),
                ("name", _("Product name")),
                ("categ_id", _("Category")),
                ("list_price", _("Sale price")),
                ("standard_price", _("Purchase price")),
                ("uom_id", _("Unit")),
                ("uom_po_id", _("Purchase unit")),
                ("barcode", _("Barcode")),
            ]
        return super()._get_book_columns(book)

    @api.model
    def _get_book_defaults(self, book):
        if book == "services":
            return {"is_dental_service": "1"}
        if book == "goods":
            return {"type": "consu", "is_dental_service": "0"}
        return super()._get_book_defaults(book)

    @api.model
    def _get_book_domain(self, book):
        if book == "services":
            return [("is_dental_service", "=", True)]
        if book == "goods":
            return [("type", "=", "consu"), ("is_dental_service", "=", False)]
        return super()._get_book_domain(book)

    @api.model
    def _is_text_column(self, path):
        return path == "dental_duration_hhmm" or super()._is_text_column(path)

    # ------------------------------------------------------------------ the sheet Doctors of the services
    @api.model
    def _get_book_sheets(self, book):
        if book == "services":
            return [*super()._get_book_sheets(book), ("doctors", _("Doctors"))]
        return super()._get_book_sheets(book)

    @api.model
    def _get_sheet_columns(self, book, sheet):
        if (book, sheet) == ("services", "doctors"):
            return [
                ("doctor_id", _("Doctor ID")),
                ("doctor", _("Doctor")),
                ("service_id", _("Service ID")),
                ("service", _("Service")),
            ]
        return super()._get_sheet_columns(book, sheet)

    @api.model
    def _get_sheet_rows(self, book, sheet, records):
        if (book, sheet) == ("services", "doctors"):
            return [
                [str(doctor.id), doctor.name, str(service.id), service.name]
                for service in records
                for doctor in service.dental_doctor_ids.sorted("name")
            ]
        return super()._get_sheet_rows(book, sheet, records)

    def _import_sheet(self, sheet, keys, rows, records):
        if (self.book, sheet) != ("services", "doctors"):
            return super()._import_sheet(sheet, keys, rows, records)
        return self._import_service_doctors(keys, rows)

    def _import_service_doctors(self, keys, rows):
        """Each service listed on the sheet gets exactly the doctors listed for it (a service the sheet does not
        list keeps its doctors). A doctor and a service are given by ID, or by a name that names one record."""
        Service = self.env["product.template"]
        Employee = self.env["hr.employee"]
        services_domain = self._get_book_domain("services")
        doctors_by_service = defaultdict(lambda: Employee)
        errors = []
        for index, row in enumerate(rows):
            cells = dict(zip(keys, row))
            doctor, doctor_error = self._find_by_id_or_name(Employee, [], cells.get("doctor_id"), cells.get("doctor"))
            service, service_error = self._find_by_id_or_name(
                Service, services_domain, cells.get("service_id"), cells.get("service")
            )
            for what, error in (("doctor", doctor_error), ("service", service_error)):
                if error:
                    message = self._get_find_error_message(what, *error)
                    errors.append({"type": "error", "record": index, "message": message})
            if doctor and service:
                doctors_by_service[service] |= doctor
        if not errors:
            for service, doctors in doctors_by_service.items():
                service.dental_doctor_ids = [Command.set(doctors.ids)]
        return errors

    @api.model
    def _find_by_id_or_name(self, Model, domain, record_id, name):
        """(the record of ``domain`` with this ID, or else with this name, False), or (None, (error, value))
        where error is "id" (no such ID), "missing" (neither given), "name" (no such name) or "several"."""
        record_id, name = (record_id or "").strip(), (name or "").strip()
        if record_id:
            record = Model.search([*domain, ("id", "=", int(record_id))]) if record_id.isdigit() else Model
            return (record, False) if record else (None, ("id", record_id))
        if not name:
            return None, ("missing", "")
        records = Model.search([*domain, ("name", "=ilike", escape_psql(name))], limit=2)
        if len(records) == 1:
            return records, False
        return None, ("several" if records else "name", name)

    @api.model
    def _get_find_error_message(self, what, error, value):
        """The message of a doctor or a service the sheet Doctors names but that cannot be found."""
        if what == "doctor":
            return {
                "id": _("No doctor has the ID %(value)s.", value=value),
                "missing": _("Give the doctor's ID or name."),
                "name": _("No doctor is named %(value)s.", value=value),
                "several": _("Several doctors are named %(value)s: give the doctor's ID.", value=value),
            }[error]
        return {
            "id": _("No service has the ID %(value)s.", value=value),
            "missing": _("Give the service's ID or name."),
            "name": _("No service is named %(value)s.", value=value),
            "several": _("Several services are named %(value)s: give the service's ID.", value=value),
        }[error]
