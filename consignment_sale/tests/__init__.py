from . import test_agreement_sale
from . import test_fillup
from . import test_consumption
from . import test_invoicing
from . import test_proforma
from . import test_returns
from . import test_replenishment
from . import test_portal
