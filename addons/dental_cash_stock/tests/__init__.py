from . import test_bill_dialog, test_closing_write_offs, test_goods_sale
