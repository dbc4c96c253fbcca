from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Records signed before the snapshot existed: freeze the names they show now (the closest to the signed)."""
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    records = env["dental.visit.record"].search([("state", "!=", "draft"), ("signed_patient_name", "=", False)])
    for record in records:
        snapshot = dict(record._signed_snapshot(), signed_by_name=record.signed_by_id.name or False)
        # _write: a signed record refuses every write; this fills only the new, empty snapshot columns
        record._write(snapshot)
