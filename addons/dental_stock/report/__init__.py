from . import dental_stock_norm_report
