from . import test_goods_sale
