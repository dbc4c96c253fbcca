import { registry } from "@web/core/registry";

// A Director reads the cost per patient of a channel: budget 7,000 for the 2 patients it brought this month
// (3,500; the figures are matched without their thousands separator, which depends on the language).
registry.category("web_tour.tours").add("dental_marketing_channel_analytics", {
    steps: () => [
        {
            content: "The channel is a row of the pivot",
            trigger: ".o_pivot th.o_pivot_header_cell_closed:contains('Tour Billboard')",
        },
        {
            content: "Cost per patient: 7,000 / 2",
            trigger: ".o_pivot tr:has(th:contains('Tour Billboard')) td:contains('500')",
        },
        {
            content: "Budget, patients and cost per patient side by side",
            trigger: ".o_pivot tr:has(th:contains('Tour Billboard')) td:contains('7') + td:contains('2') + td:contains('500')",
        },
    ],
});

// A Director computes a saved CLV calculation.
registry.category("web_tour.tours").add("dental_marketing_clv_compute", {
    steps: () => [
        {
            content: "Compute",
            trigger: ".o_form_view button[name=action_compute]",
            run: "click",
        },
        {
            content: "Computed",
            trigger: ".o_form_view .o_field_widget[name=date_computed]:not(:empty) span:not(:empty)",
        },
    ],
});
