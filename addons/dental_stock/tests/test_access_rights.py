from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dental_patient.models.dental_server_fields import server_context
from odoo.addons.dental_patient.tests.common import add_role_users

from .common import DentalStockCommon


@tagged("post_install", "-at_install")
class TestAccessRights(DentalStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        add_role_users(
            cls,
            {
                "storekeeper": "dental_stock.group_storekeeper",
                "reports": "dental_patient.group_section_reports_read",
                "settings": "dental_patient.group_section_settings_edit",
                "accountant": "account.group_account_user",
            },
            "stock",
            "Stock",
        )
        cls.company.dental_stock_mode = "advanced"

    def test_doctor_completes_and_sees_materials_but_no_prices(self):
        line = self._approved_filling().order_line
        line.with_user(self.user_doctor)._dental_complete(date="2030-03-02")
        self._post_write_offs()
        self.assertEqual(self._on_hand(self.composite), 18, "the doctor's completion wrote off the materials")
        material = self.composite.with_user(self.user_doctor)
        self.assertEqual(material.name, "Composite")
        consumptions = line.with_user(self.user_doctor).dental_consumption_ids
        self.assertEqual(len(consumptions), 3, "the doctor sees what the procedure consumed")
        with self.assertRaises(AccessError):
            consumptions.read(["cost"])
        with self.assertRaises(AccessError):
            line.with_user(self.user_doctor).read(["dental_material_cost"])
        with self.assertRaises(AccessError):
            self.env["purchase.order"].with_user(self.user_doctor).search([])
        with self.assertRaises(AccessError):
            self.env["dental.consumption.norm"].with_user(self.user_doctor).create(
                {"service_id": self.service_anesthesia.id}
            )
        with self.assertRaises(AccessError):
            consumptions.with_user(self.user_doctor).write({"expected_qty": 0})
        # the new version is copied as the superuser: refused to the norm's readers
        Norm = self.env["dental.consumption.norm"]
        versions = Norm.search_count([])
        for user in (self.user_doctor, self.user_registrar):
            with self.assertRaises(AccessError, msg=user.login):
                self.norm.with_user(user).action_new_version()
        self.assertEqual(Norm.search_count([]), versions)
        action = self.norm.with_user(self.user_storekeeper).action_new_version()
        self.assertEqual(Norm.search_count([]), versions + 1)
        self.assertEqual(Norm.browse(action["res_id"]).service_id, self.norm.service_id)

    def test_storekeeper_and_director_see_everything(self):
        line = self._approved_filling().order_line
        self._complete(line, date="2030-03-02")
        for day, user in (("2030-01-01", self.user_storekeeper), ("2030-01-02", self.user_director)):
            # 5 ml of the gel is 0.01 l at the litre's rounding
            self.assertAlmostEqual(line.with_user(user).dental_material_cost, 2 * 300 + 40 + 0.01 * 2000)
            self.assertTrue(self.env["purchase.order"].with_user(user).check_access("create") is None)
            self.env["dental.consumption.norm"].with_user(user).create(
                {
                    "service_id": self.service_anesthesia.id,
                    "date_from": day,
                    "line_ids": [Command.create({"product_id": self.matrix.id, "product_qty": 1})],
                }
            )
            self.assertTrue(self.env["dental.stock.norm.report"].with_user(user).search_count([]))

    def test_front_desk_completion_writes_off_and_undoes(self):
        line = self._plan([(self.service_filling, self.Tooth, 1)], approve=True).order_line
        line.with_user(self.user_registrar)._dental_complete(date="2030-03-02")
        self._post_write_offs()
        self.assertEqual(self._on_hand(self.composite), 18)
        with self.assertRaises(AccessError):
            line.with_user(self.user_registrar).dental_consumption_ids.read(["qty"])
        line.with_user(self.user_registrar).with_context(**server_context(line._name)).write({"qty_delivered": 0})
        self._post_write_offs()
        self.assertEqual(self._on_hand(self.composite), 20)

    def test_purchase_cost_only_for_cost_roles(self):
        """Odoo's ``standard_price`` (the purchase cost) is refused by the ORM to doctors, assistants and registrars
        (read, read_group, a search or an order on it) and hidden from their fields_get; cost roles read it."""
        for user in (self.user_doctor, self.user_assistant, self.user_registrar):
            for model, record in (
                ("product.product", self.composite),
                ("product.template", self.composite.product_tmpl_id),
            ):
                Model = self.env[model].with_user(user)
                with self.assertRaises(AccessError, msg=f"{user.login} read {model}"):
                    record.with_user(user).read(["standard_price"])
                with self.assertRaises(AccessError, msg=f"{user.login} searched {model}"):
                    Model.search([("standard_price", ">", 100)])
                if model == "product.product":  # the template's cost is not stored: no group or order by it at all
                    with self.assertRaises(AccessError, msg=f"{user.login} read_group {model}"):
                        Model.read_group([], ["standard_price:sum"], [])
                    with self.assertRaises(AccessError, msg=f"{user.login} ordered {model}"):
                        Model.search([], order="standard_price desc")
                self.assertNotIn("standard_price", Model.fields_get())
                self.assertEqual(record.with_user(user).read(["name"])[0]["name"], "Composite")
        for user in (self.user_storekeeper, self.user_director, self.user_accountant):
            self.assertEqual(self.composite.with_user(user).read(["standard_price"])[0]["standard_price"], 300.0)
            self.assertIn(
                self.composite, self.env["product.product"].with_user(user).search([("standard_price", ">", 100)])
            )

    def test_director_does_not_edit_products(self):
        with self.assertRaises(AccessError):
            self.composite.with_user(self.user_director).write({"list_price": 1})
        self.composite.with_user(self.user_storekeeper).write({"list_price": 1})

    def test_sections(self):
        self.assertTrue(self.env["dental.stock.norm.report"].with_user(self.user_reports).search_count([]) >= 0)
        self.env["dental.consumption.norm"].with_user(self.user_settings).create(
            {"service_id": self.service_anesthesia.id}
        )
        with self.assertRaises(AccessError):
            self.env["dental.consumption.norm"].with_user(self.user_registrar).create(
                {"service_id": self.service_anesthesia.id}
            )
