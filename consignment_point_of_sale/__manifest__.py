{
    "name": "Consignment Point of Sale",
    "version": "19.0.1.0.0",
    "summary": "Vendor consigned goods sold at the point of sale: in the consumption ledger, "
    "billed, and given back by refunds",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/consignment-odoo/consignment",
    "author": "Consignment Odoo Contributors",
    "maintainers": ["consignment-odoo"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["consignment_purchase", "point_of_sale"],
    "data": [],
    "installable": True,
    "auto_install": True,
    "application": False,
}
