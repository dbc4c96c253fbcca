from datetime import timedelta

from odoo import api, fields, models

DEMO_LEADS = [
    # (stage, name, contact, phone, source, days ago)
    ("crm_stage_new", "Заявка с сайта: имплантация", "Сидоров Павел", "+7 916 555-10-01", "website", 0),
    ("crm_stage_new", "ВКонтакте: вопрос о брекетах", "VK id481516", False, "vk", 1),
    ("crm_stage_contacted", "JivoChat: болит зуб", "Кравцова Мария", "+7 916 555-10-02", "jivo", 2),
    ("crm_stage_thinking", "ПроДокторов: гигиена", "Лебедев Артём", "+7 916 555-10-03", "prodoctorov", 6),
    ("crm_stage_booked", "СберЗдоровье: консультация ортопеда", "Гусева Анна", "+7 916 555-10-04", "sber", 3),
]


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model
    def _dental_demo(self):
        """Demo: channels, a lead in every stage of the clinic's funnel, a sent campaign with its results."""
        ref = self.env.ref
        team = ref("dental_marketing.crm_team_dental")
        Source = self.env["utm.source"]
        sources = {
            key: Source.search([("name", "=", name)], limit=1) or Source.create({"name": name})
            for key, name in [
                ("website", "Сайт (Тильда)"),
                ("vk", "ВКонтакте"),
                ("jivo", "JivoChat"),
                ("prodoctorov", "ПроДокторов"),
                ("sber", "СберЗдоровье"),
            ]
        }
        Channel = self.env["dental.marketing.channel"]
        for kind, name, source in [
            ("tilda", "Форма записи на сайте", "website"),
            ("vk", "Сообщество ВКонтакте", "vk"),
            ("jivo", "Чат на сайте", "jivo"),
            ("prodoctorov", "ПроДокторов", "prodoctorov"),
            ("sberzdorovie", "СберЗдоровье", "sber"),
        ]:
            Channel.create({"name": name, "kind": kind, "source_id": sources[source].id, "team_id": team.id})
        now = fields.Datetime.now()
        for stage, name, contact, phone, source, days in DEMO_LEADS:
            lead = self.create(
                {
                    "name": name,
                    "contact_name": contact,
                    "phone": phone,
                    "type": "opportunity",
                    "team_id": team.id,
                    "stage_id": ref(f"dental_marketing.{stage}").id,
                    "source_id": sources[source].id,
                    "user_id": ref("base.user_admin").id,
                }
            )
            self.env.flush_all()  # the stage date computed at creation is written before it is backdated
            self.env.cr.execute(
                "UPDATE crm_lead SET date_last_stage_update = %s, create_date = %s WHERE id = %s",
                (now - timedelta(days=days), now - timedelta(days=days), lead.id),
            )
        self.env.invalidate_all()
        self._dental_cron_stale()  # the lead left six days in "Thinking It Over" is stale
        self._dental_demo_campaign()

    @api.model
    def _dental_demo_campaign(self):
        """A campaign "sent" 20 days ago to patients of the head clinic, with the results of their visits."""
        main = self.env.ref("base.main_company")
        patients = self.env["dental.patient"].search(
            [("company_id", "=", main.id), "|", ("mobile", "!=", False), ("phone", "!=", False)], limit=15
        )
        if not patients:
            return
        patients.filtered(lambda p: not p.sms_consent).write({"sms_consent": True})
        campaign = self.env["dental.marketing.campaign"].create(
            {
                "name": "Осенняя профгигиена −15%",
                "body": "Профессиональная гигиена со скидкой 15% до конца месяца. Запишитесь по телефону клиники.",
                "branch_ids": [fields.Command.set(main.ids)],
            }
        )
        # the messages as the log keeps them, without queueing SMS to the demo patients (no gateway in the demo)
        sent_on = fields.Datetime.now() - timedelta(days=20)
        logs = self.env["dental.marketing.message"].create(
            [
                {
                    "patient_id": patient.id,
                    "company_id": patient.company_id.id,
                    "kind": "campaign",
                    "key": f"campaign:{campaign.id}",
                    "campaign_id": campaign.id,
                    "sent_on": sent_on,
                    "queued": True,
                }
                for patient in self.env["dental.patient"].search(campaign._dental_segment_domain())
            ]
        )
        campaign.write({"state": "sent", "date_sent": sent_on})
        logs._dental_attribute()
