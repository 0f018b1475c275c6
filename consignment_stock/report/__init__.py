from . import consignment_statement_report
from . import consignment_statement_engine
