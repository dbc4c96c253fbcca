import { registry } from "@web/core/registry";

import { clickAndMarkDownload } from "./dental_chart_tour_utils";

registry.category("web_tour.tours").add("dental_chart_diagnose_and_plan", {
    steps: () => [
        {
            content: "Open the tooth chart tab",
            trigger: ".o_notebook_headers a[name='dental_chart']",
            run: "click",
        },
        {
            content: "Select tooth 36",
            trigger: ".o_dental_tooth[data-code='36']",
            run: "click",
        },
        {
            content: "Occlusal surface",
            trigger: ".o_dental_surface_btn[data-surface='O']:not(:disabled)",
            run: "click",
        },
        {
            content: "Add a finding for the selection",
            trigger: ".o_dental_add_finding:not(:disabled)",
            run: "click",
        },
        {
            content: "Diagnosis K02.1",
            trigger: ".modal .o_field_widget[name=diagnosis_id] input",
            run: "edit K02.1",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('K02.1')",
            run: "click",
        },
        {
            content: "Save the finding",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Tooth 36 is drawn with caries on its occlusal surface",
            trigger: ".o_dental_tooth[data-code='36'] polygon[data-surface='O'][fill='#d9534f']",
        },
        {
            content: "Plan the treatment of the selected tooth",
            trigger: ".o_dental_plan:not(:disabled)",
            run: "click",
        },
        {
            content: "Templates are ranked by match",
            trigger: ".modal .o_data_row:contains('Tour: caries of dentine')",
        },
        {
            content: "The best match is proposed",
            trigger: ".modal .o_field_widget[name=template_id] input:value('Tour: caries of dentine')",
        },
        {
            trigger: ".modal button[name=action_next]",
            run: "click",
        },
        {
            content: "Proposed procedures are editable; go on",
            trigger: ".modal .o_data_row:contains('Tour filling')",
        },
        {
            trigger: ".modal button[name=action_next]",
            run: "click",
        },
        {
            content: "Confirm page: save the plan",
            trigger: ".modal button[name=action_save]",
            run: "click",
        },
        {
            content: "The plan opens in the dental plan form: one approve button, no sales order's Confirm",
            trigger:
                ".o_form_view .o_statusbar_buttons:has(button[name=action_dental_approve]):not(:has(button[name=action_confirm]))",
        },
        {
            content: "The procedure carries the surface chosen on the chart",
            trigger: ".o_field_widget[name=order_line] .o_data_row:contains('Tour filling') .o_field_widget[name=surface_ids]:contains('O')",
        },
        {
            content: "Approve the plan",
            trigger: ".o_form_view button[name=action_dental_approve]",
            run: "click",
        },
        {
            content: "The plan is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='approved']",
        },
        {
            content: "An approved plan shows when procedures were done, not a delivered quantity",
            trigger:
                ".o_field_widget[name=order_line] .o_list_table:has(th[data-name=dental_completed_date]):not(:has(th[data-name=qty_delivered]))",
        },
        clickAndMarkDownload("Print the plan", ".o_form_view button[name=action_dental_print_plan]"),
        {
            content: "The plan's PDF was rendered and downloaded",
            trigger: "body[data-dental-downloaded^='/report/pdf/dental_chart.report_treatment_plan/']",
        },
    ],
});
