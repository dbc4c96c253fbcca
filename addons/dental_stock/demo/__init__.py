from . import dental_stock_demo
