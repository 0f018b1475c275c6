from . import consignment_pickup_wizard
from . import sale_make_invoice_advance
from . import stock_return_picking
