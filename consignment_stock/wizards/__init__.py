from . import consignment_billing_wizard
