from odoo.addons.dental_cash.tests.common import DentalCashCommon


class DentalMarketingCommon(DentalCashCommon):
    """The cash test branch, its patients and role users, the clinic's funnel team with a leader."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env.ref("dental_marketing.crm_team_dental")
        cls.team.write({"user_id": cls.user_director.id, "company_id": False})
        cls.stage_new = cls.env.ref("dental_marketing.crm_stage_new")
        cls.stage_thinking = cls.env.ref("dental_marketing.crm_stage_thinking")
        cls.source = cls.env["utm.source"].create({"name": "Test website"})
        # the SMS gateway of the branch: messages go to its queue (never sent in a test)
        cls.account = cls.env["dental.sms.account"].create(
            {
                "name": "Test gateway",
                "company_id": cls.company.id,
                "provider": "smsc",
                "endpoint_url": "http://127.0.0.1:9/sys/",
                "login": "clinic",
                "password": "s3cret-pass",
            }
        )

    @classmethod
    def _lead(cls, env=None, **vals):
        values = {
            "name": "Implant consultation",
            "contact_name": "Sidorov Pavel",
            "phone": "+7 916 555-10-01",
            "type": "opportunity",
            "team_id": cls.team.id,
            "company_id": cls.company.id,
            "source_id": cls.source.id,
        }
        values.update(vals)
        return (env or cls.env)["crm.lead"].create(values)

    @classmethod
    def _consenting(cls, patient, phone):
        patient.write({"mobile": phone, "sms_consent": True})
        return patient
