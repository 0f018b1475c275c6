from . import test_mrp_cases, test_mrp_guard, test_mrp_valuation, test_tours
