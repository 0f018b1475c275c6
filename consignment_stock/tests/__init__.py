from . import test_settings
from . import test_agreement
from . import test_ledger
from . import test_billing
from . import test_reservation
from . import test_ownership
from . import test_ledger_more
from . import test_reorder
