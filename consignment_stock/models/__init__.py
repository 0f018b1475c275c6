from . import res_config_settings
from . import stock_location
from . import consignment_agreement
from . import consignment_agreement_line
from . import consignment_consumption
from . import stock_move
from . import stock_move_line
from . import stock_warehouse_orderpoint
