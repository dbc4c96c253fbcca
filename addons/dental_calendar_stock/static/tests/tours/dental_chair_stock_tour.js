import { registry } from "@web/core/registry";

// Complete a procedure booked in a chair: the plan line's "Mark as done".
registry.category("web_tour.tours").add("dental_calendar_stock_complete", {
    steps: () => [
        {
            content: "Mark the filling as done",
            trigger: ".o_field_widget[name=order_line] .o_data_row:contains('Tour filling') button[name=action_dental_complete]",
            run: "click",
        },
        {
            content: "The procedure is done (its button is gone)",
            trigger: ".o_field_widget[name=order_line] .o_data_row:contains('Tour filling'):not(:has(button[name=action_dental_complete]))",
        },
    ],
});

// The chair's stock after it: the material's quantity dropped from 5 to 3 (3.00 or 3,00 by the language).
registry.category("web_tour.tours").add("dental_calendar_stock_chair_stock", {
    steps: () => [
        {
            content: "Open the chair's stock",
            trigger: ".o_form_view button[name=action_dental_chair_stock]",
            run: "click",
        },
        {
            content: "The composite left at the chair",
            trigger: ".o_list_view .o_data_row:contains('Tour composite') td[name=quantity]:contains('3')",
        },
    ],
});
