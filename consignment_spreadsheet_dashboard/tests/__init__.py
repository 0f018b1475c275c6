from . import test_spreadsheet_dashboard, test_tours
