from . import (
    dental_consumption_norm,
    dental_consumption_norm_line,
    dental_stock_consumption,
    product_product,
    product_template,
    res_company,
    res_config_settings,
    sale_order_line,
    stock_move,
    stock_move_line,
    stock_scrap,
    stock_warehouse,
)
