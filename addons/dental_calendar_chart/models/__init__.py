from . import calendar_event, sale_order, sale_order_line
