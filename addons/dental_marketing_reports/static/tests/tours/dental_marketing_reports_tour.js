import { registry } from "@web/core/registry";

/** A Director opens the dashboard and drills into a stage of the leads funnel: its leads. */
registry.category("web_tour.tours").add("dental_marketing_reports_funnel", {
    steps: () => [
        {
            content: "Show the leads of the whole history",
            trigger: ".o_dental_dashboard_from",
            run() {
                // a date input takes no typed characters: set it as its picker does
                this.anchor.value = "2020-01-01";
                this.anchor.dispatchEvent(new Event("input", { bubbles: true }));
            },
        },
        {
            content: "The funnel shows the stage with its two leads",
            trigger: ".o_dental_funnel .o_dental_row:contains(Tour Stage):contains(2)",
        },
        {
            content: "Open the stage",
            trigger: ".o_dental_funnel .o_dental_row:contains(Tour Stage)",
            run: "click",
        },
        {
            content: "Its two leads are listed",
            trigger: ".o_list_view:has(.o_data_row:contains(Tour lead 1)):has(.o_data_row:contains(Tour lead 2))",
        },
    ],
});
