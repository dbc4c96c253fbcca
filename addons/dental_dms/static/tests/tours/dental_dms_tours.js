import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dental_dms_add_policy", {
    steps: () => [
        {
            content: "The patient card has a ДМС tab",
            trigger: ".o_notebook .nav-link:contains('ДМС')",
            run: "click",
        },
        {
            content: "Add a policy",
            trigger: ".o_field_widget[name=dental_policy_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Pick the programme",
            trigger: ".modal .o_field_widget[name=contract_id] input",
            run: "edit Tour Programme",
        },
        {
            content: "The programme is proposed",
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Programme')",
            run: "click",
        },
        {
            content: "The policy number",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit TOUR-42",
        },
        {
            content: "Save the policy",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The policy is listed, valid",
            trigger: ".o_field_widget[name=dental_policy_ids] td:contains('TOUR-42')",
        },
        {
            content: "Save the card",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

registry.category("web_tour.tours").add("dental_dms_request_approval", {
    steps: () => [
        {
            content: "The plan shows the patient's policy and asks the insurer",
            trigger: ".o_form_view button[name=action_dental_dms_request_approval]",
            run: "click",
        },
        {
            content: "The approval lists the covered procedure at the insurer's price",
            trigger: ".o_form_view .o_field_widget[name=line_ids] td:contains('Tour Filling')",
        },
        {
            content: "The request went to the insurer",
            trigger: ".o_form_view button[name=action_mark_requested]",
            run: "click",
        },
        {
            content: "The insurer's guarantee letter",
            trigger: ".o_form_view .o_field_widget[name=guarantee_letter] input",
            run: "edit GL-TOUR",
        },
        {
            content: "Approve every procedure",
            trigger: ".o_form_view button[name=action_approve_all]",
            run: "click",
        },
        {
            content: "Approved",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Approved')",
        },
    ],
});

registry.category("web_tour.tours").add("dental_dms_bill", {
    steps: () => [
        {
            content: "Bill the completed visit",
            trigger: ".o_form_view button[name=action_dental_bill]",
            run: "click",
        },
        {
            content: "The insurer pays 90 % of its price, the patient the co-payment",
            trigger: ".modal .o_field_widget[name=dms_amount_insurer]:contains('3,600')",
        },
        {
            content: "The patient's total is the co-payment",
            trigger: ".modal .o_field_widget[name=amount_total]:contains('400')",
        },
        {
            content: "Post the patient's invoice",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The patient's invoice opens",
            trigger: ".o_form_view .o_field_widget[name=dental_appointment_id]",
        },
    ],
});
