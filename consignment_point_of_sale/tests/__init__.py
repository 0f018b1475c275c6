from . import test_pos_ledger, test_pos_policy_refund
