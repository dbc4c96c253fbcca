from odoo import api, models


class DentalAuditWriteMixin(models.AbstractModel):
    """Log the changes of a native model's dental records (a treatment plan, a patient's invoice or payment)
    in the same trail as auditlog's rules on the dental models.

    An auditlog rule would log every record of the model (every sale order, every vendor bill): a dental rule
    applies to dental records only, so ``_dental_audit_filter`` (dental.audit.read.mixin) narrows each change
    to them and the other records' writes stay exactly native (nothing read, nothing logged). The values
    logged are the fields the change wrote, before and after it, as auditlog's "full" log shows them.
    """

    _name = "dental.audit.write.mixin"
    _description = "Audited Changes of Dental Records"

    def _dental_audit_fields(self, vals_list):
        """The stored fields of ``vals_list`` worth a line of the log (not binaries, not the log's own)."""
        names = set()
        for vals in vals_list:
            names.update(vals)
        return [
            name
            for name in sorted(names)
            if name in self._fields
            and self._fields[name].store
            and self._fields[name].column_type  # not the x2many (their records log their own changes)
            and self._fields[name].type != "binary"
            and name not in models.MAGIC_COLUMNS
        ]

    def _dental_audit_values(self, fnames):
        # sudo: the values the user has just written (or is about to), read for the log without the user's field
        # groups getting in the way; the log is readable by Directors only
        records = self.sudo().with_context(prefetch_fields=False, active_test=False)
        return {values["id"]: values for values in records.read(fnames, load="_classic_write")} if fnames else {}

    def _dental_audit_changes(self, method, old=None, new=None):
        # no context key turns the log off: a client sets any key it likes over JSON-RPC
        if not self:
            return
        rule = self.env["auditlog.rule"].sudo()
        cache = getattr(self.pool, "_auditlog_model_cache", None)
        if cache is None:
            cache = self.pool._auditlog_model_cache = {}
        cache.setdefault(self._name, self.env["ir.model"]._get_id(self._name))
        rule.create_logs(self.env.uid, self._name, self.ids, method, old, new, {"log_type": "full"})

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        audited = records._dental_audit_filter()
        if audited:
            fnames = records._dental_audit_fields(vals_list)
            audited._dental_audit_changes("create", None, audited._dental_audit_values(fnames))
        return records

    def write(self, vals):
        audited = self._dental_audit_filter() if vals else self.browse()
        if not audited:
            return super().write(vals)
        fnames = self._dental_audit_fields([vals])
        old = audited._dental_audit_values(fnames)
        result = super().write(vals)
        self.flush_recordset()
        audited._dental_audit_changes("write", old, audited._dental_audit_values(fnames))
        return result

    def unlink(self):
        self._dental_audit_filter()._dental_audit_changes("unlink")
        return super().unlink()
