from . import consignment_difference_accept
