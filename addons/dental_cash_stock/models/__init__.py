from . import account_move, dental_cash_closing, stock_move
