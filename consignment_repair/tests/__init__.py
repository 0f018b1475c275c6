from . import test_repair, test_tours
