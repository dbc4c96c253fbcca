from . import account_move, stock_move
