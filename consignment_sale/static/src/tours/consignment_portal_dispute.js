import { registry } from "@web/core/registry";

// Started on a consumption report's portal page: the customer disputes it.
registry.category("web_tour.tours").add("consignment_sale_portal_dispute", {
    steps: () => [
        {
            content: "Say what the customer disagrees with",
            trigger: "form.o_consignment_dispute_form input[name='subject']",
            run: "edit We sold 1 widget, not 2",
        },
        {
            content: "Give the details",
            trigger: "form.o_consignment_dispute_form textarea[name='description']",
            run: "edit One came back broken",
        },
        {
            content: "and the amount at stake",
            trigger: "form.o_consignment_dispute_form input[name='amount']",
            run: "edit 10,00",
        },
        {
            content: "Open the dispute",
            trigger: "button.o_consignment_dispute_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The dispute is opened on its own page",
            trigger: ".o_consignment_dispute_opened",
        },
        {
            content: "with the customer's subject",
            trigger: ".o_consignment_dispute_subject:contains('We sold 1 widget, not 2')",
        },
    ],
});
