import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { formatMonetary } from "@web/views/fields/formatters";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const { DateTime } = luxon;

/**
 * The clinic's home dashboard (seed "Главная"): money, appointments, payments and debts by direction, income by
 * direction, doctors' appointments, lab orders per stage and the daily income, for a period. One RPC reads every
 * figure (`dental.report.dashboard.get_data`); a click on a figure opens the records it adds up.
 *
 * Other addons contribute widgets through `dental.report.dashboard._dashboard_sections` (server side): they come
 * in `data.sections` and are rendered after the built-in ones like them, with no code of theirs here.
 */
export class DentalDashboard extends Component {
    static template = "dental_reports.DentalDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        const today = DateTime.local();
        this.state = useState({
            dateFrom: today.startOf("month").toISODate(),
            dateTo: today.toISODate(),
            data: null,
        });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("dental.report.dashboard", "get_data", [
            this.state.dateFrom,
            this.state.dateTo,
        ]);
    }

    async onDateChange(ev, key) {
        this.state[key] = ev.target.value;
        if (this.state.dateFrom && this.state.dateTo) {
            await this.load();
        }
    }

    formatMoney(value) {
        const currency = this.state.data.currency;
        const amount = formatMonetary(value, { digits: [16, currency.digits], currencyId: false });
        return currency.position === "before" ? `${currency.symbol} ${amount}` : `${amount} ${currency.symbol}`;
    }

    maxOf(rows) {
        return Math.max(1, ...rows.map((row) => Math.abs(row.value)));
    }

    async open(figure) {
        if (figure.model.startsWith("dental.report.")) {
            const action = await this.orm.call(figure.model, "action_dental_open_source", [figure.domain]);
            return this.action.doAction(action);
        }
        return this.action.doAction({
            type: "ir.actions.act_window",
            name: figure.label,
            res_model: figure.model,
            domain: figure.domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
        });
    }

    get sections() {
        const data = this.state.data;
        return [
            { key: "income_by_direction", title: _t("Income by Direction"), rows: data.income_by_direction, money: true },
            { key: "receipts_by_direction", title: _t("Payments by Direction"), rows: data.receipts_by_direction, money: true },
            { key: "debts_by_direction", title: _t("Debts by Direction"), rows: data.debts_by_direction, money: true },
            { key: "appointments", title: _t("Appointments"), rows: data.appointments, money: false },
            { key: "doctors", title: _t("Appointments per Doctor"), rows: data.doctors, money: false },
            { key: "lab_orders", title: _t("Lab Orders per Stage"), rows: data.lab_orders, money: false },
            ...(data.sections || []).map((section) => ({
                key: section.key,
                title: section.title,
                rows: section.rows || [],
                money: Boolean(section.money),
            })),
        ];
    }
}

registry.category("actions").add("dental_reports.dashboard", DentalDashboard);
