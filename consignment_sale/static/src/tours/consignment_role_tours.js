import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/* Each role's own tasks, run as a user with only that role's rights (see test_tours.py). */

function openSalesConsignmentMenu(menuXmlid) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Sales",
            trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
            run: "click",
        },
        {
            content: "Open the Consignment menu",
            trigger: ".o_main_navbar [data-menu-xmlid='consignment_sale.menu_sale_consignment']",
            run: "click",
        },
        {
            content: "Open the menu item",
            trigger: `.dropdown-item[data-menu-xmlid='${menuXmlid}']`,
            run: "click",
        },
    ];
}

function addOrderLine(product, quantity, rowNumber, agreementPrice) {
    // The new row, not the one edited before it: wait until it is the selected one.
    const row = `.o_field_widget[name=order_line] .o_data_row:nth-child(${rowNumber}).o_selected_row`;
    return [
        {
            content: "Add a product",
            trigger: ".o_field_widget[name=order_line] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: `The product: ${product}`,
            trigger: `${row} .o_field_widget[name=product_template_id] input`,
            run: `edit ${product}`,
        },
        {
            content: "Pick it",
            trigger: `.o-autocomplete--dropdown-item:contains('${product}')`,
            run: "click",
        },
        {
            content: "The line takes the agreement price",
            trigger: `${row} .o_field_widget[name=price_unit] input:value('${agreementPrice}')`,
        },
        {
            content: "How many to put on the customer's shelf",
            trigger: `${row} .o_field_widget[name=product_uom_qty] input`,
            run: `edit ${quantity}`,
        },
    ];
}

registry.category("web_tour.tours").add("consignment_sale_role_salesperson_fillup", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Sales",
            trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
            run: "click",
        },
        {
            content: "Open the Orders menu",
            trigger: ".o_main_navbar [data-menu-xmlid='sale.sale_order_menu']",
            run: "click",
        },
        {
            content: "Open the quotations",
            trigger: ".dropdown-item[data-menu-xmlid='sale.menu_sale_quotations']",
            run: "click",
        },
        {
            content: "New quotation",
            trigger: ".o_control_panel:has(.o_breadcrumb:contains('Quotations')) .o_list_button_add, .o_control_panel:has(.o_breadcrumb:contains('Quotations')) .o-kanban-button-new",
            run: "click",
        },
        {
            content: "For the consignment customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Customer Consign",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Customer Consign')",
            run: "click",
        },
        {
            content: "The order fills up the customer's consignment stock",
            trigger: ".o_field_widget[name=consignment_agreement_id] input:value(/Customer Consign$/)",
        },
        {
            content: "The order says it is a consignment order",
            trigger: ".o_form_view .ribbon:contains('Consignment')",
        },
        ...addOrderLine("Consigned Widget", 10, 1, "10.00"),
        ...addOrderLine("Consigned Lot Widget", 6, 2, "4.00"),
        ...stepUtils.saveForm(),
        {
            content: "Six lot widgets at the agreement price",
            trigger: ".o_field_widget[name=order_line] .o_data_row:nth-child(2) .o_data_cell[name=price_subtotal]:contains('24.00')",
        },
        {
            content: "Confirm the order",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Sales Order')",
        },
        {
            content: "Its lines show what was filled up",
            trigger: ".o_field_widget[name=order_line] th[data-name=consignment_qty_filled]",
        },
        {
            content: "and the pro-forma delivery note can be printed",
            trigger: ".o_statusbar_buttons button[name=action_print_consignment_proforma]",
        },
    ],
});

registry.category("web_tour.tours").add("consignment_sale_role_salesperson_proforma", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Sales",
            trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
            run: "click",
        },
        {
            content: "Open the Orders menu",
            trigger: ".o_main_navbar [data-menu-xmlid='sale.sale_order_menu']",
            run: "click",
        },
        {
            content: "Open the orders",
            trigger: ".dropdown-item[data-menu-xmlid='sale.menu_sale_order']",
            run: "click",
        },
        {
            content: "Open the consignment order",
            trigger: ".o_list_view .o_data_row:contains('Customer Consign') .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            content: "The goods were filled up",
            trigger: ".o_field_widget[name=order_line] .o_data_row:contains('Consigned Lot Widget') .o_data_cell[name=consignment_qty_filled]:contains('6')",
        },
        {
            content: "Print the pro-forma delivery note from the order",
            trigger: ".o_statusbar_buttons button[name=action_print_consignment_proforma]",
            run: "click",
        },
        {
            // The form's buttons are disabled until the report action, its download
            // included, has finished: an error on the way fails the tour.
            content: "The note is printed",
            trigger: ".o_statusbar_buttons button[name=action_print_consignment_proforma]:enabled",
        },
        {
            content: "The order is still there, without an error",
            trigger: "body:not(:has(.o_error_dialog)) .o_form_view .o_field_widget[name=consignment_agreement_id]",
        },
    ],
});

registry.category("web_tour.tours").add("consignment_sale_role_salesperson_report", {
    url: "/odoo",
    steps: () => [
        ...openSalesConsignmentMenu("consignment_sale.menu_sale_consignment_report"),
        {
            content: "Record what the customer sold",
            trigger: ".o_control_panel:has(.o_breadcrumb:contains('Consumption Reports')) .o_list_button_add",
            run: "click",
        },
        {
            content: "Find the agreement by its customer",
            trigger: ".o_field_widget[name=agreement_id] input",
            run: "edit Customer Consign",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Customer Consign')",
            run: "click",
        },
        {
            content: "List the goods at the customer",
            trigger: ".o_statusbar_buttons button[name=action_load_stock]",
            run: "click",
        },
        {
            content: "The lot at the customer is listed",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('Consigned Lot Widget') .o_data_cell[name=lot_id]:contains('LOT-A')",
        },
        {
            content: "Enter the widgets sold",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('Consigned Widget') .o_data_cell[name=quantity]",
            run: "click",
        },
        {
            content: "Four widgets were sold",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row:has(.o_field_widget[name=product_id] input:value('Consigned Widget')) .o_field_widget[name=quantity] input",
            run: "edit 4",
        },
        {
            content: "Enter the lot widgets sold",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('Consigned Lot Widget') .o_data_cell[name=quantity]",
            run: "click",
        },
        {
            content: "Two lot widgets were sold",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row:has(.o_field_widget[name=product_id] input:value('Consigned Lot Widget')) .o_field_widget[name=quantity] input",
            run: "edit 2",
        },
        ...stepUtils.saveForm(),
        {
            content: "Validate the report",
            trigger: ".o_statusbar_buttons button[name=action_validate]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The report is validated",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Validated')",
        },
        {
            content: "Its consumption transfer can be opened",
            trigger: ".o-form-buttonbox button[name=action_view_picking]",
        },
    ],
});

registry.category("web_tour.tours").add("consignment_sale_role_salesperson_invoice", {
    url: "/odoo",
    steps: () => [
        ...openSalesConsignmentMenu("consignment_sale.menu_sale_consignment_agreement"),
        {
            content: "Open the customer's agreement",
            trigger: ".o_list_view .o_data_row:contains('Customer Consign') .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            content: "Open its invoices",
            trigger: ".o-form-buttonbox button[name=action_view_invoices]",
            run: "click",
        },
        {
            // A salesperson without invoicing rights reads invoices in lists only: Odoo's
            // invoice form reads the payments, which need invoicing rights.
            content: "The draft invoice of the consumption, at the agreement prices",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell[name=status_in_payment]:contains('Draft')) .o_data_cell[name=amount_untaxed_in_currency_signed]:contains('48.00')",
        },
    ],
});

registry.category("web_tour.tours").add("consignment_sale_role_warehouse_pickup", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Inventory",
            trigger: ".o_app[data-menu-xmlid='stock.menu_stock_root']",
            run: "click",
        },
        {
            content: "Open the Consignment menu",
            trigger: ".o_main_navbar [data-menu-xmlid='consignment_stock.menu_consignment_root']",
            run: "click",
        },
        {
            content: "Open the agreements",
            trigger: ".dropdown-item[data-menu-xmlid='consignment_stock.menu_consignment_agreement']",
            run: "click",
        },
        {
            content: "Open the customer's agreement",
            trigger: ".o_list_view .o_data_row:contains('Customer Consign') .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            content: "Bring the unsold goods back",
            trigger: ".o_statusbar_buttons button[name=action_pickup]",
            run: "click",
        },
        {
            content: "The dialog offers all of the unsold goods",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains('Consigned Lot Widget')",
        },
        {
            content: "Pick all of them up",
            trigger: ".modal .modal-footer button[name=action_create_pickup]",
            run: "click",
        },
        {
            content: "The pick-up transfer opens",
            trigger: ".o_form_view .o_field_widget[name=move_ids] .o_data_row:contains('Consigned Lot Widget')",
        },
        {
            content: "Validate it",
            trigger: ".o_statusbar_buttons button[name=button_validate]",
            run: "click",
        },
        {
            content: "The goods are back",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});
