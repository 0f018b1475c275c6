from . import test_spreadsheet_dashboard, test_spreadsheet_key_figures, test_tours
