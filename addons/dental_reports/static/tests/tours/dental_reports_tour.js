import { registry } from "@web/core/registry";

/** A Director opens the dashboard and drills into the income: the invoice lines it adds up. */
registry.category("web_tour.tours").add("dental_reports_dashboard", {
    steps: () => [
        {
            content: "Show the branch's whole history",
            trigger: ".o_dental_dashboard_from",
            run() {
                // a date input takes no typed characters: set it as its picker does
                this.anchor.value = "2020-01-01";
                this.anchor.dispatchEvent(new Event("input", { bubbles: true }));
            },
        },
        {
            content: "The dashboard shows the income",
            trigger: ".o_dental_money:first .o_dental_money_value:contains(46):contains(000)",
        },
        {
            content: "Open the income",
            trigger: ".o_dental_money:first",
            run: "click",
        },
        {
            content: "The invoice lines of the income are listed",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Its two service lines",
            trigger: ".o_list_view:not(:has(.o_data_row:nth-child(3))):has(.o_data_row:nth-child(2))",
        },
    ],
});
