from odoo import Command, api, models

# Groups that OCA payroll and hr_contract put on the template of new users (base.default_user); Odoo then adds a
# template's new groups to every existing internal user.
PAY_GROUPS = (
    "payroll.group_payroll_manager",
    "payroll.group_payroll_user",
    "hr_contract.group_hr_contract_manager",
    "hr_contract.group_hr_contract_employee_manager",
)


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _dental_payroll_revoke_template_rights(self):
        """Take pay rights back from the template and from everyone who got them through it.

        Pay is the Directors' (their role implies Payroll Manager) and the administrators'; accountants get Payroll
        Manager by configuration. Installing OCA payroll would otherwise let every staff member read every payslip
        and every contract's wage.
        """
        groups = self.env["res.groups"]
        for xmlid in PAY_GROUPS:
            groups |= self.env.ref(xmlid, raise_if_not_found=False) or groups
        keep = (
            self.env.ref("base.user_root")
            | self.env.ref("base.group_system").users
            | self.env.ref("dental_patient.group_director").users
        )
        users = groups.with_context(active_test=False).users - keep
        if users:
            users.write({"groups_id": [Command.unlink(group.id) for group in groups]})
