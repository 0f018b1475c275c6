{
    "name": "Consignment Repair",
    "version": "19.0.1.0.0",
    "summary": "Vendor consigned parts used in repairs: in the consumption ledger, valued and "
    "billed like any consumption",
    "category": "Supply Chain/Inventory",
    "website": "https://github.com/consignment-odoo/consignment",
    "author": "Consignment Odoo Contributors",
    "maintainers": ["consignment-odoo"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["consignment_purchase", "repair"],
    "data": [],
    "assets": {
        "web.assets_tests": [
            "consignment_repair/static/src/tours/*.js",
        ],
    },
    "installable": True,
    "auto_install": True,
    "application": False,
}
