import { registry } from "@web/core/registry";
import { contextMenu, dropOn } from "@dental_calendar/../tests/tours/dental_schedule_tour";

const CHAIR = ".o_dental_column[data-column-name='Tour Desk Chair']";

registry.category("web_tour.tours").add("dental_clinic_registrar_day", {
    steps: () => [
        {
            content: "The registrar lands on the branch's chair schedule",
            trigger: ".o_dental_schedule .o_dental_colhead:contains('Tour Desk Chair')",
        },
        {
            content: "Book a slot: drag over free time of the chair (10:00-10:40)",
            trigger: `${CHAIR} .o_dental_slot[data-row='3']`,
            run: dropOn(`${CHAIR} .o_dental_slot[data-row='4']`),
        },
        {
            content: "Find the patient by a fragment of the name",
            trigger: ".modal .o_field_widget[name=patient_id] input",
            run: "edit ourov Iv",
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
            content: "Booked in the chair; the patient arrives: check in from the right-click menu",
            trigger: `${CHAIR} .o_dental_appointment:contains('Tourov Ivan')`,
            run: contextMenu,
        },
        {
            trigger: ".o_dental_menu .o_dental_menu_state_arrived",
            run: "click",
        },
        {
            content: "Checked in",
            trigger: `${CHAIR} .o_dental_appointment.o_dental_state_arrived:contains('Tourov Ivan')`,
        },
        {
            content: "Book the waiting patient by dragging the entry onto 12:00",
            trigger: ".o_dental_waitlist_entry:contains('Waitova Anna')",
            run: dropOn(`${CHAIR} .o_dental_slot[data-row='9']`),
        },
        {
            content: "Booked, and gone from the waiting list",
            trigger: `${CHAIR} .o_dental_appointment:contains('Waitova Anna')`,
        },
        {
            trigger: ".o_dental_waitlist:not(:has(.o_dental_waitlist_entry:contains('Waitova Anna')))",
        },
        {
            content: "Bill the completed visit from the schedule's menu",
            trigger: `${CHAIR} .o_dental_appointment.o_dental_state_completed:contains('Tourova Kassa')`,
            run: contextMenu,
        },
        {
            trigger: ".o_dental_menu .o_dental_menu_action_action_dental_bill",
            run: "click",
        },
        {
            content: "The bill dialog lists the visit's service",
            trigger: ".modal .o_field_widget[name=line_ids] td:contains('Tour Consultation')",
        },
        {
            // Odoo's symbol of the rouble is "руб"
            content: "In roubles, no dollar anywhere, no tax line on a medical service",
            trigger:
                ".modal:not(:has(.o_field_widget[name=amount_tax])):not(:contains('$')) .o_field_widget[name=amount_total]:contains('руб')",
        },
        {
            content: "Take a mixed payment: part in cash",
            trigger: ".modal .o_field_widget[name=cash_amount] input",
            run: "edit 1000",
        },
        {
            content: "The rest by card",
            trigger: ".modal .o_field_widget[name=card_amount] input",
            run: "edit 500",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The posted invoice of the visit opens, in roubles",
            trigger:
                ".o_form_view:not(:has(.modal)) .o_field_widget[name=dental_appointment_id]:contains('Tourova Kassa')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=tax_totals]:contains('руб'):not(:contains('$'))",
        },
    ],
});

registry.category("web_tour.tours").add("dental_clinic_doctor_day", {
    steps: () => [
        {
            content: "The doctor lands on My schedule: the week of their own appointments",
            trigger: ".o_dental_schedule .o_dental_appointment:contains('Tourov Doktor')",
        },
        {
            trigger: ".o_dental_schedule:not(:has(.o_dental_no_employee))",
        },
        {
            content: "Open the patient's card from the appointment",
            trigger: ".o_dental_appointment:contains('Tourov Doktor')",
            run: contextMenu,
        },
        {
            trigger: ".o_dental_menu .o_dental_menu_patient",
            run: "click",
        },
        {
            content: "The patient's treatment plans",
            trigger: ".o_form_view button[name=action_dental_plans]",
            run: "click",
        },
        {
            trigger: ".o_view_controller.o_list_view .o_data_row td.o_data_cell:contains('Tourov Doktor')",
            run: "click",
        },
        {
            content: "The dental plan form: one approve button, no sales order's Confirm",
            trigger:
                ".o_form_view .o_statusbar_buttons:has(button[name=action_dental_approve]):not(:has(button[name=action_confirm]))",
        },
        {
            trigger: ".o_form_view:not(:contains('$')) .o_field_widget[name=tax_totals]:contains('руб')",
        },
        {
            content: "The patient agrees: approve the plan",
            trigger: ".o_form_view button[name=action_dental_approve]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='approved']",
        },
        {
            content: "Back to the patient's card",
            trigger: ".o_breadcrumb a:contains('Tourov Doktor')",
            run: "click",
        },
        {
            content: "The patient's visit records",
            trigger: ".o_form_view button[name=action_dental_visit_records]",
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Write the visit record",
            trigger: ".o_field_widget[name=treatment] textarea",
            run: "edit Tour: caries treated, filling placed",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Back to My schedule through the Dental app's menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='dental_calendar.dental_menu_appointments']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='dental_calendar.dental_my_schedule_menu']",
            run: "click",
        },
        {
            content: "Complete the visit",
            trigger: ".o_dental_appointment:contains('Tourov Doktor')",
            run: contextMenu,
        },
        {
            trigger: ".o_dental_menu .o_dental_menu_state_completed",
            run: "click",
        },
        {
            content: "Completed",
            trigger: ".o_dental_appointment.o_dental_state_completed:contains('Tourov Doktor')",
        },
    ],
});

registry.category("web_tour.tours").add("dental_clinic_registrar_duplicate", {
    steps: () => [
        {
            content: "From the schedule to the patients",
            trigger: ".o_main_navbar [data-menu-xmlid='dental_patient.dental_menu_patients']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='dental_patient.dental_patient_menu']",
            run: "click",
        },
        {
            content: "Register a new patient who is in fact registered already",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=last_name] input",
            run: "edit Dublova",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=first_name] input",
            run: "edit Maria",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=mobile] input",
            run: "edit +7 999 015-15-15",
        },
        {
            content: "Leave the phone field: the card checks for duplicates",
            trigger: ".o_form_view .o_field_widget[name=patronymic] input",
            run: "click",
        },
        {
            content: "The warning names the match: name, birth date and phone",
            trigger:
                ".o_dental_duplicate_warning .o_dental_duplicate:has(.o_dental_duplicate_name:contains('Dublova Maria')) .o_dental_duplicate_details:contains('14.03.1986, +79990151515')",
        },
        {
            trigger: ".o_dental_duplicate_warning .o_dental_duplicate_dismiss",
        },
        {
            content: "This is the patient: open the registered card",
            trigger: ".o_dental_duplicate:contains('Dublova Maria') .o_dental_duplicate_open",
            run: "click",
        },
        {
            content: "The registered card is open (saved: it can print), the new one is gone",
            trigger:
                ".o_form_view:has(button[name=action_print_document]) .o_field_widget[name=name]:contains('Dublova Maria')",
        },
        {
            content: "No duplicate of it either: the new card was never saved",
            trigger: ".o_form_view:has(button[name=action_print_document]):not(:has(.o_dental_duplicate_warning))",
        },
    ],
});

registry.category("web_tour.tours").add("dental_clinic_branch_time_zone", {
    steps: () => [
        {
            content: "The branch is in Moscow, the browser in UTC: the schedule says so",
            trigger: ".o_dental_schedule .o_dental_zone_warning:contains('Europe/Moscow, UTC+03:00')",
        },
        {
            content: "The appointment booked at 15:20 of the branch shows 15:20, not the browser's 12:20",
            trigger: `${CHAIR} .o_dental_appointment:contains('Zonova Vera'):contains('15:20–16:00')`,
        },
        {
            content: "Book a free slot of the branch's 17:00 (row 24: 9:00 + 24 × 20 minutes)",
            trigger: `${CHAIR} .o_dental_slot[data-row='24']`,
            run: dropOn(`${CHAIR} .o_dental_slot[data-row='25']`),
        },
        {
            content: "The quick booking form starts at 17:00 of the branch",
            trigger: ".modal .o_field_widget[name=start] input:value(17:00)",
        },
        {
            trigger: ".modal .o_form_button_cancel",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
