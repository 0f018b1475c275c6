from . import consignment_statement_report
