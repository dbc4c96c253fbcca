from . import dental_payroll_my_earnings
