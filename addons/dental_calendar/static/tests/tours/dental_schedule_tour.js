import { registry } from "@web/core/registry";

export function contextMenu(helpers) {
    const el = helpers.anchor;
    const rect = el.getBoundingClientRect();
    el.dispatchEvent(
        new MouseEvent("contextmenu", {
            bubbles: true,
            cancelable: true,
            clientX: rect.left + 5,
            clientY: rect.top + 5,
        })
    );
}

export function dropOn(selector) {
    return async (helpers) => {
        await helpers.drag_and_drop(selector, { position: { top: 10, left: 10 }, relative: true });
    };
}

registry.category("web_tour.tours").add("dental_calendar_schedule", {
    steps: () => [
        {
            content: "The schedule shows the chairs of the branch",
            trigger: ".o_dental_colhead:contains('Tour Chair 1')",
        },
        {
            content: "The legend names the statuses' colours",
            trigger: ".o_dental_legend_confirmed .o_dental_dot.o_color_10",
        },
        {
            content: "Drag over free time in chair 1 (10:00-10:40)",
            trigger: ".o_dental_column[data-column-name='Tour Chair 1'] .o_dental_slot[data-row='3']",
            run: dropOn(".o_dental_column[data-column-name='Tour Chair 1'] .o_dental_slot[data-row='4']"),
        },
        {
            content: "Pick the patient",
            trigger: ".modal .o_field_widget[name=patient_id] input",
            run: "edit Tourov",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Tourov Ivan')",
            run: "click",
        },
        {
            content: "The doctor of the shift is preset",
            trigger: ".modal .o_field_widget[name=doctor_id] input:value('Dr. Tourist')",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The appointment is in chair 1",
            trigger: ".o_dental_column[data-column-name='Tour Chair 1'] .o_dental_appointment:contains('Tourov Ivan')",
        },
        {
            content: "Move it to chair 2, same time",
            trigger: ".o_dental_appointment:contains('Tourov Ivan')",
            run: dropOn(".o_dental_column[data-column-name='Tour Chair 2'] .o_dental_slot[data-row='3']"),
        },
        {
            content: "It is in chair 2 now",
            trigger: ".o_dental_column[data-column-name='Tour Chair 2'] .o_dental_appointment:contains('Tourov Ivan')",
            run: contextMenu,
        },
        {
            content: "Confirm it from the right-click menu",
            trigger: ".o_dental_menu .o_dental_menu_state_confirmed",
            run: "click",
        },
        {
            trigger: ".o_dental_appointment.o_dental_state_confirmed:contains('Tourov Ivan')",
        },
        {
            content: "Book the waiting patient by dragging the entry onto 12:00 in chair 1",
            trigger: ".o_dental_waitlist_entry:contains('Waitova Anna')",
            run: dropOn(".o_dental_column[data-column-name='Tour Chair 1'] .o_dental_slot[data-row='9']"),
        },
        {
            content: "Booked, and gone from the waiting list",
            trigger: ".o_dental_column[data-column-name='Tour Chair 1'] .o_dental_appointment:contains('Waitova Anna')",
        },
        {
            trigger: ".o_dental_waitlist:not(:has(.o_dental_waitlist_entry:contains('Waitova Anna')))",
        },
        {
            content: "Doctors mode: the shifts",
            trigger: ".o_dental_mode_doctors",
            run: "click",
        },
        {
            content: "Drag over chair 2 from 15:00 to 16:00 to plan a shift",
            trigger: ".o_dental_shift_block:contains('Dr. Tourist')",
        },
        {
            trigger: ".o_dental_column[data-column-name='Tour Chair 2'] .o_dental_slot[data-row='18']",
            run: dropOn(".o_dental_column[data-column-name='Tour Chair 2'] .o_dental_slot[data-row='20']"),
        },
        {
            trigger: ".modal .o_field_widget[name=employee_id] input",
            run: "edit Dr. Tour",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Dr. Tourist')",
            run: "click",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The new shift is in chair 2",
            trigger: ".o_dental_column[data-column-name='Tour Chair 2'] .o_dental_shift_block:contains('Dr. Tourist')",
        },
    ],
});
