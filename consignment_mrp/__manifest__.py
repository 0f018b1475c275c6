{
    "name": "Consignment Manufacturing",
    "version": "19.0.1.0.0",
    "summary": "Vendor consigned components in manufacturing: bought at the agreement price, "
    "carried into the finished product's cost",
    "category": "Manufacturing/Manufacturing",
    "website": "https://github.com/consignment-odoo/consignment",
    "author": "Consignment Odoo Contributors",
    "maintainers": ["consignment-odoo"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["consignment_purchase", "mrp_account"],
    "data": [],
    "assets": {
        "web.assets_tests": [
            "consignment_mrp/static/src/tours/*.js",
        ],
    },
    "installable": True,
    "auto_install": True,
    "application": False,
}
