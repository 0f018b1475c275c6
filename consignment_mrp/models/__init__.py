from . import consignment_consumption, res_company, stock_move
