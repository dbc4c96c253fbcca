from . import dental_chair, sale_order_line
