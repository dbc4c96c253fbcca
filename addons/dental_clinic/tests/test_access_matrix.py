"""The access matrix of the product (docs/access_matrix.csv), asserted role by role.

One row per model defined by a dental addon; one column per role (the built-in roles, the
sections, the Senior Cashier and Storekeeper groups, a plain employee and a portal user).
A cell lists what that role may do: ``c`` create, ``r`` read, ``w`` write, ``u`` unlink
(Odoo's access rights), then ``+`` when it also reads records of another branch (tried
with a real search of the other demo branch's records), ``-`` for nothing at all.

The test fails when a model has no row (a new model must be reviewed and added), when a
row names a model that is gone, and when any cell differs from what the role can really
do. After a deliberate change, rewrite the file and review its diff:

    DENTAL_ACCESS_MATRIX_WRITE=1 TEST_ADDONS=dental_clinic scripts/test.sh
"""

import csv
import io
import os
from pathlib import Path

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

MATRIX = Path(__file__).resolve().parents[3] / "docs" / "access_matrix.csv"
ROLES = {
    "registrar": "dental_patient.group_registrar",
    "assistant": "dental_patient.group_assistant",
    "doctor": "dental_patient.group_doctor",
    "coordinator": "dental_patient.group_coordinator",
    "director": "dental_patient.group_director",
    "cash_senior": "dental_cash.group_cash_senior",
    "storekeeper": "dental_stock.group_storekeeper",
    **{
        f"{section}_{level}": f"dental_patient.group_section_{section}_{level}"
        for section in ("schedule", "patients", "medical", "money", "reports", "settings")
        for level in ("read", "edit")
    },
    "employee": "base.group_user",
    "portal": "base.group_portal",
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_branch = cls.env.ref("dental_patient.demo_branch_south", raise_if_not_found=False)
        if not cls.other_branch:
            cls.skipTest(cls, "the other branch comes with the demo data")
        cls.branch = cls.env.ref("base.main_company")
        cls.users = {}
        for role, group in ROLES.items():
            if not cls.env.ref(group, raise_if_not_found=False):
                continue
            cls.users[role] = mail_new_test_user(
                cls.env,
                login=f"matrix_{role}",
                groups=group,
                company_id=cls.branch.id,
                company_ids=[cls.branch.id],
            )

    def _dental_models(self):
        return sorted(
            name
            for name, cls in self.env.registry.models.items()
            if (getattr(cls, "_original_module", "") or "").startswith("dental_") and not cls._abstract
        )

    def _cell(self, model, user):
        Access = self.env["ir.model.access"].with_user(user)
        cell = "".join(
            letter
            for letter, operation in (("c", "create"), ("r", "read"), ("w", "write"), ("u", "unlink"))
            if Access.check(model, operation, raise_exception=False)
        )
        Model = self.env[model]
        if "r" in cell and "company_id" in Model._fields and Model._fields["company_id"].store:
            other = [("company_id", "=", self.other_branch.id)]
            if Model.sudo().with_context(active_test=False).search_count(other, limit=1):
                # a real search as the user, with the other branch among the allowed companies it asks for
                seen = Model.with_user(user).with_context(
                    active_test=False, allowed_company_ids=[self.branch.id, self.other_branch.id]
                )
                try:
                    readable = bool(seen.search_count(other, limit=1))
                except AccessError:  # not readable at all
                    readable = False
                cell += "+" if readable else ""
        return cell or "-"

    def _actual(self):
        roles = list(self.users)
        return roles, {
            model: {role: self._cell(model, self.users[role]) for role in roles} for model in self._dental_models()
        }

    def test_matrix(self):
        roles, actual = self._actual()
        if os.environ.get("DENTAL_ACCESS_MATRIX_WRITE"):
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["model", *roles])
            for model, cells in actual.items():
                writer.writerow([model, *(cells[role] for role in roles)])
            MATRIX.write_text(out.getvalue())
            return
        self.assertTrue(MATRIX.is_file(), f"{MATRIX} is missing: write it (see this test's docstring)")
        with MATRIX.open(newline="") as fh:
            rows = list(csv.DictReader(fh))
        expected = {row.pop("model"): row for row in rows}
        problems = [f"{model}: no row in {MATRIX.name}" for model in actual if model not in expected]
        # a country addon a clinic installs itself (dental_se) keeps its rows when it is not installed here
        uninstalled = set(
            self.env["ir.module.module"]
            .search([("name", "=like", "dental_%"), ("state", "!=", "installed")])
            .mapped("name")
        )
        problems += [
            f"{model}: a row, but no such dental model"
            for model in expected
            if model not in actual and "_".join(model.split(".")[:2]) not in uninstalled
        ]
        for model, cells in actual.items():
            for role in roles:
                want = expected.get(model, {}).get(role)
                if model in expected and want != cells[role]:
                    problems.append(f"{model} / {role}: the matrix says {want!r}, the role can do {cells[role]!r}")
        self.assertFalse(problems, "access matrix differs:\n" + "\n".join(problems))
