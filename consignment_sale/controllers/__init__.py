from . import portal
from . import portal_dispute
from . import portal_scan
