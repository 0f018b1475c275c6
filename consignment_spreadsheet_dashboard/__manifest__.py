{
    "name": "Consignment Spreadsheet Dashboard",
    "version": "19.0.1.1.0",
    "summary": "A Consignment dashboard among Odoo's spreadsheet dashboards: consumption, "
    "counts, disputes and agreements, live",
    "category": "Productivity/Dashboard",
    "website": "https://github.com/consignment-odoo/consignment",
    "author": "Consignment Odoo Contributors",
    "maintainers": ["consignment-odoo"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["consignment_stock", "spreadsheet_dashboard"],
    "data": ["data/consignment_dashboard_data.xml"],
    "assets": {
        "web.assets_tests": [
            "consignment_spreadsheet_dashboard/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "auto_install": True,
    "application": False,
}
