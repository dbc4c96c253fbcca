import { rpc } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";
import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * The online booking page: branch → service → doctor → free slots (the slot API, docs/booking_api.md) →
 * contact details → the SMS code → booked; with a manage token: the appointment, cancel or move it.
 */
publicWidget.registry.DentalBooking = publicWidget.Widget.extend({
    selector: ".o_dental_booking",
    events: {
        "change .o_dental_booking_branch": "_onBranch",
        "change .o_dental_booking_service": "_onService",
        "change .o_dental_booking_doctor": "_loadSlots",
        "change .o_dental_booking_date": "_loadSlots",
        "click .o_dental_booking_slot": "_onSlot",
        "submit .o_dental_booking_contact": "_onContact",
        "submit .o_dental_booking_code": "_onCode",
        "click .o_dental_booking_cancel": "_onCancel",
        "click .o_dental_booking_move": "_onMove",
    },

    async start() {
        await this._super(...arguments);
        this.token = this.el.dataset.manageToken || false;
        this.el.querySelector(".o_dental_booking_date").value = new Date().toISOString().slice(0, 10);
        if (this.token) {
            this.el.querySelector(".o_dental_booking_choose").classList.add("d-none");
            const booking = await this._call("/booking/api/manage", { token: this.token });
            if (booking) {
                this._showBooking(booking);
            }
            return;
        }
        await this._loadBranches();
    },

    // -------------------------------------------------------------- helpers

    async _call(route, params) {
        this._error("");
        const result = await rpc(route, params);
        if (result && result.error) {
            this._error(result.error);
            return null;
        }
        return result;
    },
    _error(message) {
        const box = this.el.querySelector(".o_dental_booking_error");
        box.textContent = message;
        box.classList.toggle("d-none", !message);
    },
    _fill(selector, items, blank) {
        const select = this.el.querySelector(selector);
        select.replaceChildren();
        if (blank) {
            select.append(new Option(blank, ""));
        }
        for (const item of items) {
            select.append(new Option(item.name, item.id));
        }
    },
    _value(selector) {
        return parseInt(this.el.querySelector(selector).value) || false;
    },
    _addDays(isoDate, days) {
        const date = new Date(isoDate + "T00:00:00Z");
        date.setUTCDate(date.getUTCDate() + days);
        return date.toISOString().slice(0, 10);
    },

    // -------------------------------------------------------------- choosing

    async _loadBranches() {
        const branches = (await this._call("/booking/api/branches", {})) || [];
        this._fill(".o_dental_booking_branch", branches);
        if (this.booking) {
            this.el.querySelector(".o_dental_booking_branch").value = this.booking.branch_id;
        }
        await this._onBranch();
    },
    async _onBranch() {
        const branchId = this._value(".o_dental_booking_branch");
        const services = branchId ? (await this._call("/booking/api/services", { branch_id: branchId })) || [] : [];
        this._fill(".o_dental_booking_service", services);
        if (this.booking) {
            this.el.querySelector(".o_dental_booking_service").value = this.booking.service_id;
        }
        await this._onService();
    },
    async _onService() {
        const params = {
            branch_id: this._value(".o_dental_booking_branch"),
            service_id: this._value(".o_dental_booking_service"),
        };
        const doctors = params.service_id ? (await this._call("/booking/api/doctors", params)) || [] : [];
        this._fill(".o_dental_booking_doctor", doctors, _t("Any doctor"));
        await this._loadSlots();
    },
    async _loadSlots() {
        // only the latest question is answered on the page (the choices may change while one is asked)
        const call = (this.slotsCall = (this.slotsCall || 0) + 1);
        const container = this.el.querySelector(".o_dental_booking_slots");
        container.replaceChildren();
        const serviceId = this._value(".o_dental_booking_service");
        const dateFrom = this.el.querySelector(".o_dental_booking_date").value;
        if (!serviceId || !dateFrom) {
            return;
        }
        const slots =
            (await this._call("/booking/api/slots", {
                branch_id: this._value(".o_dental_booking_branch"),
                service_id: serviceId,
                doctor_id: this._value(".o_dental_booking_doctor"),
                date_from: dateFrom,
                date_to: this._addDays(dateFrom, 6),
                // moving a booking: its own appointment's time is offered too
                token: this.token || undefined,
            })) || [];
        if (call !== this.slotsCall) {
            return;
        }
        container.replaceChildren();
        if (!slots.length) {
            const empty = document.createElement("p");
            empty.className = "text-muted o_dental_booking_no_slots";
            empty.textContent = _t("No free time in these days. Choose a later date or another doctor.");
            container.append(empty);
            return;
        }
        let day = null;
        let row = null;
        for (const slot of slots) {
            const [date, time] = slot.local_start.split(" ");
            if (date !== day) {
                day = date;
                const title = document.createElement("h2");
                title.className = "h6 mt-3";
                title.textContent = date;
                row = document.createElement("div");
                row.className = "d-flex flex-wrap gap-2";
                container.append(title, row);
            }
            const button = document.createElement("button");
            button.type = "button";
            button.className = "btn btn-outline-primary btn-sm o_dental_booking_slot";
            button.textContent = `${time} · ${slot.doctor_name}`;
            button.dataset.start = slot.start;
            button.dataset.doctorId = slot.doctor_id;
            button.dataset.label = `${slot.local_start}, ${slot.doctor_name}`;
            row.append(button);
        }
    },
    async _onSlot(ev) {
        const { start, doctorId, label } = ev.currentTarget.dataset;
        this.slot = { start, doctor_id: parseInt(doctorId) };
        if (this.token) {
            const booking = await this._call("/booking/api/reschedule", { token: this.token, ...this.slot });
            if (booking) {
                this.el.querySelector(".o_dental_booking_choose").classList.add("d-none");
                this._showBooking(booking);
            }
            return;
        }
        this.el.querySelector(".o_dental_booking_chosen").textContent = label;
        this.el.querySelector(".o_dental_booking_contact").classList.remove("d-none");
    },

    // -------------------------------------------------------------- booking

    async _onContact(ev) {
        ev.preventDefault();
        const form = new FormData(ev.currentTarget);
        const result = await this._call("/booking/api/request", {
            ...Object.fromEntries(form.entries()),
            branch_id: this._value(".o_dental_booking_branch"),
            service_id: this._value(".o_dental_booking_service"),
            ...this.slot,
        });
        if (result) {
            this.requestToken = result.token;
            this.el.querySelector(".o_dental_booking_code").classList.remove("d-none");
            this.el.querySelector(".o_dental_booking_code_input").focus();
        }
    },
    async _onCode(ev) {
        ev.preventDefault();
        const code = this.el.querySelector(".o_dental_booking_code_input").value;
        const booking = await this._call("/booking/api/confirm", { token: this.requestToken, code });
        if (booking) {
            for (const selector of [".o_dental_booking_choose", ".o_dental_booking_contact", ".o_dental_booking_code"]) {
                this.el.querySelector(selector).classList.add("d-none");
            }
            this._showBooking(booking);
        }
    },
    _showBooking(booking) {
        this.booking = booking;
        const done = this.el.querySelector(".o_dental_booking_done");
        done.textContent = `${booking.message} ${booking.branch}, ${booking.local_start}, ${booking.doctor}, ${booking.service}. ${booking.state_label}.`;
        done.classList.remove("d-none");
        const manage = this.el.querySelector(".o_dental_booking_manage");
        const active = ["scheduled", "confirmed"].includes(booking.state);
        manage.classList.toggle("d-none", !active);
        const link = this.el.querySelector(".o_dental_booking_summary");
        link.textContent = active ? _t("To cancel or move the visit later, keep this link: %s", booking.manage_url) : "";
        this.token = booking.token;
    },
    async _onCancel() {
        const booking = await this._call("/booking/api/cancel", { token: this.token });
        if (booking) {
            this._showBooking(booking);
        }
    },
    async _onMove() {
        this.el.querySelector(".o_dental_booking_choose").classList.remove("d-none");
        await this._loadBranches();
    },
});

export default publicWidget.registry.DentalBooking;
