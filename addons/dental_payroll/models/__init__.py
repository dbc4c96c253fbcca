from . import (
    account_partial_reconcile,
    dental_payroll_cost,
    dental_payroll_revenue,
    dental_payroll_share_rule,
    hr_contract,
    hr_payslip,
    hr_payslip_line,
    hr_payslip_run,
    res_users,
)
