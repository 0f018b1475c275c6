from . import stock_move, stock_picking
