from . import calendar_event, product_template, sale_order, sale_order_line
