from . import test_bill_dialog, test_goods_sale
