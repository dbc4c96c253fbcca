import { registry } from "@web/core/registry";

// A doctor orders crowns on teeth 11 and 21 and sends the order to the lab.
registry.category("web_tour.tours").add("dental_lab_order_send", {
    steps: () => [
        {
            content: "New lab order",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Patient",
            trigger: ".o_field_widget[name=patient_id] input",
            run: "edit Tourlabova",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tourlabova')",
            run: "click",
        },
        {
            content: "The patient is set (age shown)",
            trigger: ".o_field_widget[name=patient_age]",
        },
        {
            content: "Laboratory",
            trigger: ".o_field_widget[name=lab_id] input",
            run: "edit Tour Lab",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Lab')",
            run: "click",
        },
        {
            content: "Tooth 11 on the picker",
            trigger: ".o_dental_tooth_picker .o_dental_pick_tooth[data-code='11']",
            run: "click",
        },
        {
            content: "Tooth 21 on the picker",
            trigger: ".o_dental_tooth_picker .o_dental_pick_tooth[data-code='11'].o_selected",
        },
        {
            trigger: ".o_dental_tooth_picker .o_dental_pick_tooth[data-code='21']",
            run: "click",
        },
        {
            content: "Both teeth picked",
            trigger: ".o_dental_tooth_picker .o_dental_pick_tooth[data-code='21'].o_selected",
        },
        {
            content: "Shade",
            trigger: ".o_field_widget[name=shade] select",
            run: "select \"A2\"",
        },
        {
            content: "Add a work item",
            trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_row .o_field_widget[name=product_id] input",
            run: "edit Tour crown",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour crown')",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Send to the lab",
            trigger: ".o_form_saved button[name=action_send]",
            run: "click",
        },
        {
            content: "Sent",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='sent']",
        },
    ],
});

// A lab's user moves its order to "ready for fitting" in the portal.
registry.category("web_tour.tours").add("dental_lab_portal_fitting", {
    steps: () => [
        {
            content: "The order's page",
            trigger: ".o_dental_lab_portal_order",
        },
        {
            content: "Ready for fitting",
            trigger: ".o_dental_lab_portal_move_fitting",
            run: "click",
        },
        {
            content: "The stage changed",
            trigger: ".o_dental_lab_portal_state[data-state='fitting']",
        },
    ],
});
