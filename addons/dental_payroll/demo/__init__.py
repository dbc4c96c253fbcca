from . import dental_payroll_demo
