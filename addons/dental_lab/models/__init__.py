from . import (
    account_move,
    dental_lab_order,
    dental_lab_order_line,
    product_template,
    purchase_order,
    res_partner,
    sale_order_line,
)
