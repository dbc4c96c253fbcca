from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.dental_patient.tests.common import ROLES, add_role_users


@tagged("post_install", "-at_install")
class TestAuditTrail(HttpCase):
    """Reads through the web client's RPC are logged per record; changes through auditlog;
    only directors read the trail; old entries go after the retention period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        add_role_users(cls, {role: f"dental_patient.group_{role}" for role in ROLES}, "audit", "Audit")
        cls.patient = cls.env["dental.patient"].create(
            {"last_name": "Orlova", "first_name": "Anna", "birth_date": "1985-03-02", "mobile": "+7 916 000-10-01"}
        )
        cls.other = cls.env["dental.patient"].create(
            {"last_name": "Sokolov", "first_name": "Petr", "birth_date": "1979-11-20", "mobile": "+7 916 000-10-02"}
        )
        cls.Access = cls.env["dental.audit.access"]

    def _rpc(self, user, model, method, args, kwargs=None):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _reads(self, model, record_id, user=None):
        domain = [("model", "=", model), ("res_id", "=", record_id)]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.Access.search(domain)

    def test_card_open_and_list_are_logged_per_record(self):
        self._rpc(
            self.user_registrar, "dental.patient", "web_read", [[self.patient.id]], {"specification": {"name": {}}}
        )
        reads = self._reads("dental.patient", self.patient.id, self.user_registrar)
        self.assertEqual(len(reads), 1)
        self.assertEqual((reads.method, reads.record_count, reads.records_display), ("read", 1, str(self.patient.id)))
        self.assertFalse(self._reads("dental.patient", self.other.id))
        # a list (web_search_read) logs one row naming every record shown
        self._rpc(
            self.user_registrar,
            "dental.patient",
            "web_search_read",
            [],
            {"domain": [("id", "in", [self.patient.id, self.other.id])], "specification": {"name": {}}},
        )
        listed = self._reads("dental.patient", self.other.id, self.user_registrar)
        self.assertEqual(len(listed), 1)
        self.assertEqual(listed.record_count, 2)
        self.assertEqual(self._reads("dental.patient", self.patient.id, self.user_registrar), reads | listed)
        # search_read and export go through the same door
        self._rpc(
            self.user_doctor, "dental.patient", "search_read", [[("id", "=", self.other.id)]], {"fields": ["name"]}
        )
        self.assertTrue(self._reads("dental.patient", self.other.id, self.user_doctor))
        self.user_doctor.groups_id += self.env.ref("base.group_allow_export")  # Odoo's own right to export
        self._rpc(self.user_doctor, "dental.patient", "export_data", [[self.patient.id], ["name"]])
        self.assertIn("export", self._reads("dental.patient", self.patient.id, self.user_doctor).mapped("method"))

    def test_no_context_key_hides_a_read_or_a_change(self):
        """The context is the client's: whatever it carries, the read and the change are logged."""
        context = {"dental_audit_skip": True, "auditlog_disabled": True, "tracking_disable": True}
        self._rpc(
            self.user_registrar,
            "dental.patient",
            "web_read",
            [[self.other.id]],
            {"specification": {"name": {}}, "context": context},
        )
        self.assertTrue(self._reads("dental.patient", self.other.id, self.user_registrar))
        self._rpc(
            self.user_registrar,
            "dental.patient",
            "write",
            [[self.other.id], {"first_name": "Pavel"}],
            {"context": context},
        )
        self.assertTrue(
            self.env["auditlog.log"].search(
                [("model_id.model", "=", "dental.patient"), ("res_id", "=", self.other.id), ("method", "=", "write")]
            )
        )
        plan = self.env["sale.order"].create(
            {"partner_id": self.patient.partner_id.id, "patient_id": self.patient.id, "is_treatment_plan": True}
        )
        self._rpc(
            self.user_director, "sale.order", "write", [[plan.id], {"client_order_ref": "X"}], {"context": context}
        )
        self.assertTrue(self._logs(plan, "write"))

    def test_chart_rpc_is_logged(self):
        self._rpc(self.user_doctor, "dental.patient", "dental_get_chart", [[self.patient.id]])
        self.assertEqual(self._reads("dental.patient", self.patient.id, self.user_doctor).method, "chart")

    def test_server_side_reads_are_not_logged(self):
        # no request: the server reading for itself (crons, computations) is not a person reading
        self.patient.with_user(self.user_registrar).read(["name"])
        self.patient.sudo().read(["name"])
        self.assertFalse(self._reads("dental.patient", self.patient.id))

    def test_native_records_stay_native(self):
        """A sale order that is not a treatment plan leaves no trace in the dental trail."""
        partner = self.env["res.partner"].create({"name": "Wholesale buyer"})
        order = self.env["sale.order"].create({"partner_id": partner.id})
        self._rpc(self.user_director, "sale.order", "web_read", [[order.id]], {"specification": {"name": {}}})
        self.assertFalse(self._reads("sale.order", order.id))
        plan = self.env["sale.order"].create(
            {"partner_id": self.patient.partner_id.id, "patient_id": self.patient.id, "is_treatment_plan": True}
        )
        self._rpc(self.user_director, "sale.order", "web_read", [[plan.id]], {"specification": {"name": {}}})
        self.assertTrue(self._reads("sale.order", plan.id, self.user_director))

    def test_changes_are_logged_with_old_and_new_values(self):
        self._rpc(self.user_registrar, "dental.patient", "write", [[self.patient.id], {"first_name": "Anya"}])
        log = self.env["auditlog.log"].search(
            [("model_id.model", "=", "dental.patient"), ("res_id", "=", self.patient.id), ("method", "=", "write")]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.user_registrar)
        line = log.line_ids.filtered(lambda ln: ln.field_name == "first_name")
        self.assertEqual((line.old_value_text, line.new_value_text), ("Anna", "Anya"))

    def _logs(self, record, method=None):
        domain = [("model_id.model", "=", record._name), ("res_id", "=", record.id)]
        if method:
            domain.append(("method", "=", method))
        return self.env["auditlog.log"].search(domain)

    def test_native_changes_logged_for_dental_records_only(self):
        """Plans, patients' invoices and payments leave their changes in the trail; the model's other records
        (a wholesale order, a vendor bill) are written natively, with nothing logged."""
        partner = self.env["res.partner"].create({"name": "Wholesale buyer"})
        order = self.env["sale.order"].create({"partner_id": partner.id})
        order.write({"client_order_ref": "PO-1"})
        self.assertFalse(self._logs(order))
        plan = self.env["sale.order"].create(
            {"partner_id": self.patient.partner_id.id, "patient_id": self.patient.id, "is_treatment_plan": True}
        )
        self.assertTrue(self._logs(plan, "create"))
        self._rpc(self.user_director, "sale.order", "write", [[plan.id], {"client_order_ref": "Plan A"}])
        log = self._logs(plan, "write")
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.user_director)
        line = log.line_ids.filtered(lambda ln: ln.field_name == "client_order_ref")
        self.assertEqual((line.old_value_text, line.new_value_text), (False, "Plan A"))
        # a patient's invoice: its posting is a logged change of its state
        product = self.env["product.product"].create({"name": "Audit service", "type": "service", "list_price": 100})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.patient.partner_id.id,
                "invoice_line_ids": [fields.Command.create({"product_id": product.id, "price_unit": 100})],
            }
        )
        self.assertEqual(invoice.dental_patient_id, self.patient)
        invoice.action_post()
        states = self._logs(invoice, "write").line_ids.filtered(lambda ln: ln.field_name == "state")
        self.assertIn(("draft", "posted"), [(ln.old_value_text, ln.new_value_text) for ln in states])
        payment = self.env["account.payment"].create(
            {"partner_id": self.patient.partner_id.id, "payment_type": "inbound", "amount": 100}
        )
        self.assertEqual(payment.dental_patient_id, self.patient)
        self.assertTrue(self._logs(payment, "create"))
        # a vendor bill of a supplier stays native
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": partner.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [fields.Command.create({"product_id": product.id, "price_unit": 10})],
            }
        )
        bill.action_post()
        self.assertFalse(self._logs(bill))

    def test_card_change_reads_its_values_not_its_chatter_nor_photo(self):
        names = self.env["auditlog.rule"].get_auditlog_fields(self.env["dental.patient"])
        self.assertIn("first_name", names)
        self.assertIn("manual_status_ids", names)  # statuses given by hand: a many2many, logged
        for name in ("message_ids", "message_follower_ids", "activity_ids", "phone_ids"):
            self.assertNotIn(name, names)
        # a native model's rule (an integrator's) keeps auditlog's own list
        self.assertIn("message_ids", self.env["auditlog.rule"].get_auditlog_fields(self.env["res.partner"]))

    def test_log_lines_read_the_field_names_at_once(self):
        """A change logging many fields reads their names in one query, not one a field."""
        fields_ = self.env["ir.model.fields"].search([("model", "=", "dental.patient"), ("store", "=", True)], limit=12)
        model = self.env["ir.model"]._get("dental.patient")
        log = (
            self.env["auditlog.log"]
            .sudo()
            .create(
                {"name": "x", "model_id": model.id, "res_id": self.patient.id, "method": "write", "log_type": "full"}
            )
        )
        Line = self.env["auditlog.log.line"].sudo()
        vals_list = [{"log_id": log.id, "field_id": f.id, "old_value": "a", "new_value": "b"} for f in fields_]
        self.env.invalidate_all()
        with self.assertQueryCount(3):  # the names, the lines' insert and their sequence
            lines = Line.create(vals_list)
        self.assertEqual(lines.mapped("field_name"), fields_.mapped("name"))

    def test_only_directors_read_the_trail(self):
        self._rpc(
            self.user_registrar, "dental.patient", "web_read", [[self.patient.id]], {"specification": {"name": {}}}
        )
        self._rpc(self.user_registrar, "dental.patient", "write", [[self.patient.id], {"first_name": "Anya"}])
        for role in ("registrar", "assistant", "doctor", "coordinator"):
            user = getattr(self, f"user_{role}")
            for model in ("dental.audit.access", "auditlog.log", "auditlog.log.line"):
                with self.subTest(role=role, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])
        self.assertTrue(self.Access.with_user(self.user_director).search([("res_id", "=", self.patient.id)]))
        self.assertTrue(
            self.env["auditlog.log"].with_user(self.user_director).search([("res_id", "=", self.patient.id)])
        )
        # and nobody forges or erases an entry, not even a director
        entry = self.Access.search([], limit=1)
        for method, args in (("create", [{"model": "dental.patient"}]), ("write", [{"ip": "1.2.3.4"}]), ("unlink", [])):
            with self.subTest(method=method), self.assertRaises(AccessError):
                target = (
                    self.Access.with_user(self.user_director)
                    if method == "create"
                    else entry.with_user(self.user_director)
                )
                getattr(target, method)(*args)

    def test_search_by_record_id_only(self):
        with self.assertRaises(UserError):
            self.Access.search([("res_id", ">", 1)])

    def test_retention_removes_old_entries(self):
        self._rpc(
            self.user_registrar, "dental.patient", "web_read", [[self.patient.id]], {"specification": {"name": {}}}
        )
        self._rpc(self.user_registrar, "dental.patient", "write", [[self.patient.id], {"first_name": "Anya"}])
        self.env["ir.config_parameter"].sudo().set_param("dental_audit.retention_days", "40")
        old = fields.Datetime.now() - timedelta(days=41)
        recent = self._reads("dental.patient", self.patient.id)
        self.env.cr.execute("UPDATE dental_audit_access SET create_date = %s WHERE id IN %s", (old, tuple(recent.ids)))
        logs = self.env["auditlog.log"].search([("res_id", "=", self.patient.id)])
        self.env.cr.execute("UPDATE auditlog_log SET create_date = %s WHERE id IN %s", (old, tuple(logs.ids)))
        self._rpc(self.user_registrar, "dental.patient", "web_read", [[self.other.id]], {"specification": {"name": {}}})
        self.env.invalidate_all()
        self.Access._cron_vacuum()
        self.assertFalse(self._reads("dental.patient", self.patient.id))
        self.assertTrue(self._reads("dental.patient", self.other.id))
        self.assertFalse(self.env["auditlog.log"].search([("id", "in", logs.ids)]))
        # a retention below 30 days is taken as 30
        self.env["ir.config_parameter"].sudo().set_param("dental_audit.retention_days", "1")
        self.assertEqual(self.Access._dental_retention_days(), 30)

    def test_anonymisation_clears_the_identity_from_the_trail(self):
        self._rpc(self.user_registrar, "dental.patient", "write", [[self.patient.id], {"first_name": "Anya"}])
        self.patient.write({"phone_ids": [(0, 0, {"number": "+7 916 000-10-09", "kind": "home"})]})
        phone = self.patient.phone_ids
        wizard = self.env["dental.patient.anonymize.wizard"].with_user(self.user_director)
        wizard.create({"patient_id": self.patient.id, "reason": "request", "confirm": True}).action_anonymize()
        lines = (
            self.env["auditlog.log"]
            .search([("model_id.model", "=", "dental.patient"), ("res_id", "=", self.patient.id)])
            .line_ids
        )
        values = " ".join(str(v) for v in lines.mapped("old_value_text") + lines.mapped("new_value_text"))
        self.assertNotIn("Anna", values)
        self.assertNotIn("Orlova", values)
        self.assertFalse(
            self.env["auditlog.log"].search(
                [("model_id.model", "=", "dental.patient.phone"), ("res_id", "=", phone.id)]
            )
        )
