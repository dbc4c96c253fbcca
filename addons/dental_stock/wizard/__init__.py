from . import dental_stock_order_wizard
