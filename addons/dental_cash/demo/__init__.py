from . import dental_cash_demo
