import { registry } from "@web/core/registry";

// A Director computes a month's batch for all staff and opens a doctor's payslip.
registry.category("web_tour.tours").add("dental_payroll_batch", {
    steps: () => [
        {
            content: "Payslips for all staff",
            trigger: ".o_form_view button[name=action_dental_generate]",
            run: "click",
        },
        {
            content: "Open the doctor's payslip",
            trigger: ".o_field_widget[name=slip_ids] .o_data_row td:contains('Dr. Zubova')",
            run: "click",
        },
        {
            content: "The payslip shows the share of the paid procedures",
            trigger: ".o_field_widget[name=dental_share]",
        },
    ],
});
