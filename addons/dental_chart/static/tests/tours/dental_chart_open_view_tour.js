import { registry } from "@web/core/registry";

// Opens the page it is started on and waits for its view: any error in the view fails the tour.
registry.category("web_tour.tours").add("dental_chart_open_view", {
    steps: () => [
        {
            content: "The view is displayed",
            trigger: ".o_action_manager .o_view_controller:not(.o_view_sample_data)",
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
