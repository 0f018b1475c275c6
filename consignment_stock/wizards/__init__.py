from . import consignment_billing_wizard
from . import consignment_take_over
from . import stock_return_picking
from . import consignment_count_import
from . import consignment_termination_wizard
