from . import (
    test_access,
    test_accounting,
    test_bill_banner,
    test_billing,
    test_dispute_bill,
    test_field_help,
    test_integrity,
    test_integrity_orders,
    test_match,
    test_memo_accounting,
    test_memo_fifo,
    test_picking_agreement,
    test_purchase_receipt,
    test_replenishment,
    test_termination,
)
from . import test_tours
from . import test_demo_history
