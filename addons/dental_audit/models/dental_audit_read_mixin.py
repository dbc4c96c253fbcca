from odoo import api, models


def _read_write(method):
    """Run this read on a read/write cursor: Odoo 18 serves ``@api.readonly`` methods called
    from the web client on a read-only one, where the log could not be written. The JSON-RPC
    route reads ``_readonly`` off the first method of the class hierarchy that has it."""
    method._readonly = False
    return method


class DentalAuditReadMixin(models.AbstractModel):
    """Log the reads of an audited model made by a user in a request (web client, JSON-RPC).

    ``_read_format`` is where ``read``, ``search_read`` and ``web_read``/``web_search_read``
    (forms and lists) all end, so one hook sees every way a user reads records' values;
    ``export_data`` is logged apart. Reads made by the server for itself (superuser, crons,
    no request) are not a person reading and are not logged. ``_dental_audit_filter``
    narrows a native model to its dental records (a patient's invoice, a treatment plan).
    """

    _name = "dental.audit.read.mixin"
    _description = "Audited Reads"

    def _dental_audit_filter(self):
        return self

    def _dental_audit_log(self, method="read"):
        if self.env.su or not self:  # never a context key: a client sets any key it likes
            return
        records = self._dental_audit_filter()
        if records:
            self.env["dental.audit.access"]._dental_log(self._name, records.ids, method)

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        self._dental_audit_log()
        return result

    @_read_write
    def read(self, fields=None, load="_classic_read"):
        return super().read(fields=fields, load=load)

    @api.model
    @_read_write
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs):
        return super().search_read(domain=domain, fields=fields, offset=offset, limit=limit, order=order, **read_kwargs)

    @_read_write
    def web_read(self, specification):
        return super().web_read(specification)

    @api.model
    @_read_write
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None, count_limit=None):
        return super().web_search_read(
            domain, specification, offset=offset, limit=limit, order=order, count_limit=count_limit
        )

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self._dental_audit_log("export")
        return result
