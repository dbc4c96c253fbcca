import { registry } from "@web/core/registry";
import { DentalCallPopup } from "./call_popup";

export const INCOMING_CALL = "dental_telephony.incoming_call"; // INCOMING_CALL in models/dental_call.py

/**
 * Shows the incoming-call popup when the bus tells this user (the branch's front desk) of a call: the card is
 * read with the user's own rights (``dental_popup_info``), one popup per call.
 */
export const dentalCallPopupService = {
    dependencies: ["bus_service", "orm", "action", "overlay"],
    start(env, { bus_service, orm, action, overlay }) {
        const open = new Map();

        function close(callId) {
            open.get(callId)?.();
            open.delete(callId);
        }

        async function show(callId) {
            if (open.has(callId)) {
                return;
            }
            open.set(callId, () => {});
            const info = await orm.call("dental.call", "dental_popup_info", [[callId]]);
            const act = async (method) => {
                const result = await orm.call("dental.call", method, [[callId]]);
                close(callId);
                await action.doAction(result);
            };
            const openRecord = (resModel, resId) => {
                close(callId);
                action.doAction({ type: "ir.actions.act_window", res_model: resModel, res_id: resId, views: [[false, "form"]] });
            };
            const remove = overlay.add(DentalCallPopup, {
                info,
                close: () => close(callId),
                onNewLead: () => act("action_create_lead"),
                onNewPatient: () => act("action_create_patient"),
                onOpenPatient: (patientId) => openRecord("dental.patient", patientId),
                onOpenLead: (leadId) => openRecord("crm.lead", leadId),
            });
            open.set(callId, remove);
        }

        bus_service.subscribe(INCOMING_CALL, (payload) => show(payload.call_id));
        bus_service.start();
        return { show, close };
    },
};

registry.category("services").add("dental_call_popup", dentalCallPopupService);
