from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .purge_common import TODAY, PurgeCase


@tagged("post_install", "-at_install")
class TestPurgeErasure(PurgeCase):
    """How a due prospect is erased: deleted or anonymised, nothing left behind but the hashes and the evidence."""

    @freeze_time(TODAY)
    def test_anonymised_when_deletion_is_blocked(self):
        partner = self.prospect("Kept Reference", gdpr_source_url="https://directory.example/kept", function="CFO")
        email = partner.email
        # a core record whose partner foreign key is ON DELETE RESTRICT
        device = (
            self.env["mail.push.device"]
            .sudo()
            .create({"partner_id": partner.id, "endpoint": "https://push.example/1", "keys": "{}"})
        )
        partner.message_post(body="Called, no answer")
        # a photo stored the way image fields store it (the minimisation rule refuses one through the form)
        self.env["ir.attachment"].sudo().create(
            {
                "name": "image_1920",
                "res_model": "res.partner",
                "res_field": "image_1920",
                "res_id": partner.id,
                "raw": b"GIF89a",
            }
        )
        self.object(partner)
        run = self.purge()

        self.assertTrue(self.exists(partner))
        self.assertTrue(device.exists())
        partner.invalidate_recordset()
        self.assertEqual(partner.name, f"Erased prospect #{partner.id}")
        self.assertFalse(partner.active)
        self.assertFalse(partner.email or partner.function or partner.gdpr_source_url or partner.gdpr_source_id)
        self.assertFalse(partner.image_1920)
        self.assertFalse(
            self.env["ir.attachment"]
            .sudo()
            .search_count([("res_model", "=", "res.partner"), ("res_id", "=", partner.id), ("res_field", "!=", False)])
        )
        self.assertFalse(partner.gdpr_prospect_type or partner.gdpr_collected_on or partner.gdpr_objected_on)
        self.assertFalse(partner.gdpr_consent_state or partner.gdpr_retention_until or partner.gdpr_erasure_reason)
        self.assertEqual(self.suppression_reason(email), "objection")
        self.assertEqual((run.deleted_count, run.anonymised_count), (0, 1))
        line = run.line_ids
        self.assertEqual((line.kind, line.partner_id, line.reason), ("anonymised", partner, "objected"))
        self.assertIn(self.env["mail.push.device"]._description, line.message)
        # no tracking of the blanking, no chatter left
        messages = self.env["mail.message"].sudo().search([("model", "=", "res.partner"), ("res_id", "=", partner.id)])
        self.assertFalse(messages)
        self.assertFalse(self.residue("Kept Reference", email))

    def objected_with_account(self, name, acc_number):
        """A prospect who objected, with a bank account, that a kept record
        (a push subscription, ON DELETE RESTRICT) forbids deleting."""
        bank_ids = self.env["ir.model.fields"]._get("res.partner", "bank_ids")
        self.company.gdpr_allowed_field_ids = [(4, bank_ids.id)]
        partner = self.prospect(name)
        account = self.env["res.partner.bank"].create({"partner_id": partner.id, "acc_number": acc_number})
        self.env["mail.push.device"].sudo().create(
            {"partner_id": partner.id, "endpoint": f"https://push.example/{partner.id}", "keys": "{}"}
        )
        self.object(partner)
        return account

    @freeze_time(TODAY)
    def test_bank_accounts_of_anonymised_partners_go(self):
        account = self.objected_with_account("Kept With Account", "FR7630006000011234567890189")
        run = self.purge()
        self.assertEqual(run.anonymised_count, 1)
        self.assertFalse(account.exists())
        self.env.flush_all()
        rows = self.env.execute_query(SQL("SELECT id FROM res_partner_bank WHERE acc_number LIKE %s", "%1234567890%"))
        self.assertFalse(rows)

    @freeze_time(TODAY)
    def test_bank_account_a_kept_record_points_to_is_blanked(self):
        account = self.objected_with_account("Paid Once", "FR7612345000019876543210")
        # what a payment's ON DELETE RESTRICT does to the account's deletion
        with patch.object(type(account), "unlink", side_effect=UserError("referenced by a payment")):
            self.purge()
        account.invalidate_recordset()
        self.assertTrue(account.exists())
        self.assertFalse(account.active)
        self.assertEqual(account.acc_number, f"Erased account #{account.id}")
        self.assertFalse(account.acc_holder_name)

    @freeze_time(TODAY)
    def test_no_residue_anywhere(self):
        name = "Zoe Quillardet"
        partner = self.prospect(name, kind="b2c")
        email = partner.email
        holder = self.env["res.partner"].create({"name": "Some Customer", "email": "customer@example.com"})
        # chatter on the prospect, with tracking values that hold old values
        partner.gdpr_source_url = "https://directory.example/zoe-quillardet"
        partner.function = "Quillardet's job"
        self.env.flush_all()
        self.env.cr.precommit.run()
        partner.message_post(
            body=f"Dear {name}, here is our notice", partner_ids=partner.ids, subtype_xmlid="mail.mt_comment"
        )
        # a reply she wrote on another record, a message sent to her from another record
        holder.message_post(body=f"Reply from {name}", author_id=partner.id, message_type="comment")
        holder.message_post(body="Offer", partner_ids=(partner | holder).ids, subtype_xmlid="mail.mt_comment")
        holder.message_subscribe(partner_ids=partner.ids)
        # a mail to her, an activity and an attachment on her record
        self.env["mail.mail"].sudo().create(
            {"subject": "Notice", "body_html": f"<p>Dear {name}</p>", "email_to": email, "recipient_ids": partner.ids}
        )
        partner.activity_schedule("mail.mail_activity_data_todo", summary="Call back", user_id=self.dpo.id)
        self.env["ir.attachment"].create(
            {"name": "card.txt", "raw": name.encode(), "res_model": "res.partner", "res_id": partner.id}
        )
        self.assertTrue(self.residue(name, email))
        self.refuse(partner)
        self.purge()

        self.assertFalse(self.exists(partner))
        self.assertEqual(self.residue(name, email), [])
        self.assertFalse(
            self.env["mail.followers"]
            .sudo()
            .search([("res_model", "=", "res.partner"), ("res_id", "=", holder.id)])
            .filtered(lambda f: not f.partner_id)
        )
        self.assertFalse(
            self.env["mail.activity"].sudo().search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])
        )
        # the hashed suppression entry and the evidence are all that is left
        self.assertEqual(self.suppression_reason(email), "consent_refused")
        self.assertTrue(self.purged_events(email))
        # the customer's own history stays
        self.assertTrue(holder.message_ids.filtered(lambda m: "Offer" in (m.body or "")))

    @freeze_time(TODAY)
    def test_mails_by_address_only(self):
        partner = self.prospect("Lou Adresse")
        Mail = self.env["mail.mail"].sudo()
        named = Mail.create({"subject": "Hello", "email_to": '"Lou" <LOU.ADRESSE@example.com>, boss@example.com'})
        plain = Mail.create({"subject": "Again", "email_to": "lou.adresse@example.com"})
        lookalike = Mail.create({"subject": "Not her", "email_to": "xlou.adresse@example.com"})
        self.object(partner)
        self.purge()
        self.assertFalse((named | plain).exists())
        self.assertTrue(lookalike.exists(), "an address that merely contains hers is someone else's")

    @freeze_time(TODAY)
    def test_core_blacklist_entry_replaced_by_the_hash(self):
        partner = self.prospect("Opted Out", collected=date(2023, 1, 1))
        email = partner.email
        self.env["mail.blacklist"].sudo()._add(email)
        self.assertEqual(partner.gdpr_erasure_reason, "retention_expired")
        self.purge()
        self.assertFalse(self.exists(partner))
        self.assertFalse(
            self.env["mail.blacklist"]
            .sudo()
            .with_context(active_test=False)
            .search([])
            .filtered(lambda entry: entry.email == email)
        )
        self.assertEqual(self.residue("Opted Out", email), [])
        # her opt-out still holds, as a keyed hash
        self.assertEqual(self.suppression_reason(email), "objection")

    @freeze_time(TODAY)
    def test_core_blacklist_entry_archived_is_no_objection(self):
        partner = self.prospect("Opted Back In", collected=date(2023, 1, 1))
        email = partner.email
        Blacklist = self.env["mail.blacklist"].sudo()
        Blacklist._add(email)
        Blacklist._remove(email)  # core archives the entry
        entry = Blacklist.with_context(active_test=False).search([("email", "=", email)])
        self.assertFalse(entry.active)
        self.purge()
        self.assertFalse(entry.exists(), "the address in clear goes all the same")
        self.assertFalse(self.suppression_reason(email), "re-subscribed: nothing to honour")

    @freeze_time(TODAY)
    def test_ip_addresses_hashed_at_erasure(self):
        partner = self.prospect("Ivy Peer", kind="b2c")
        self.Event._log(partner, "consent_refused", "web", ip_address="203.0.113.7")
        partner.gdpr_consent_state = "refused"
        self.purge()
        events = self.Event.search([("partner_ref", "=", partner.id)])
        self.assertTrue(events.filtered("ip_address"))
        self.assertFalse(events.filtered(lambda event: "203.0.113.7" in (event.ip_address or "")))
        # the DPO can still check a given address against the evidence
        self.assertIn(self.Event._erased_text("203.0.113.7"), events.mapped("ip_address"))

    @freeze_time(TODAY)
    def test_suppression_entries_known_before(self):
        objected = self.prospect("Objected Before")
        self.Blacklist._add([(objected.email, False)], "objection")
        archived = self.prospect("Archived Entry", kind="b2c")
        self.Blacklist._add([(archived.email, False)], "manual").active = False
        self.refuse(archived)
        self.object(objected)
        phones = self.prospect("Two Phones", phone="+33 1 40 00 00 01", mobile="+33 6 40 00 00 02")
        self.object(phones)
        one_phone = self.prospect("One Phone", phone="+33 1 40 00 00 03")
        self.object(one_phone)
        # the list knew their number only: the entry gains their address
        known_number = self.prospect("Known Number", phone="+33 1 40 00 00 04")
        self.Blacklist._add([(False, "+33 1 40 00 00 04")], "objection")
        self.object(known_number)
        emails = (objected | archived | phones | one_phone | known_number).mapped("email")
        self.purge()
        self.assertEqual(self.suppression_reason(emails[0]), "objection")
        # one entry holds one phone: a second number takes a second entry
        self.assertEqual(self.Blacklist.search_count([("reason", "=", "objection")]), 5)
        self.assertEqual(self.suppression_reason(emails[4]), "objection")
        entry = self.Blacklist.search([("email_hash", "=", self.Blacklist._identity_hashes(emails[1])["email_hash"])])
        self.assertEqual((entry.active, entry.reason), (True, "consent_refused"), "archived entry back in force")
        self.assertEqual(
            self.Blacklist._screen(
                emails, ["+33 1 40 00 00 01", "+33 6 40 00 00 02", "+33 1 40 00 00 03", "+33 1 40 00 00 04"]
            ),
            set(emails) | {"+33 1 40 00 00 01", "+33 6 40 00 00 02", "+33 1 40 00 00 03", "+33 1 40 00 00 04"},
        )

    def test_expired_suppression_and_evidence_removed(self):
        with freeze_time("2020-01-01"):
            old_entry = self.Blacklist._add(
                [("old.objector@example.com", False), ("other.objector@example.com", False)], "objection"
            )
            old_event = self.Event._log_identity("old.objector@example.com", "objection", "web")
        with freeze_time("2025-06-01"):
            young_entry = self.Blacklist._add([("young.objector@example.com", False)], "objection")
            young_event = self.Event._log_identity("young.objector@example.com", "objection", "web")
        with freeze_time(TODAY):
            self.company.gdpr_evidence_months = 60
            # each model cleans its own table, in Odoo's daily autovacuum
            for model in (self.Blacklist, self.Event):
                self.assertTrue(getattr(type(model)._gc_expired, "_autovacuum", False))
                model._gc_expired()
        self.assertFalse(old_entry.exists())
        self.assertFalse(old_event.exists())
        self.assertTrue(young_entry.exists())
        self.assertTrue(young_event.exists())

    @freeze_time(TODAY)
    def test_references_no_list_names_go_with_an_anonymised_prospect(self):
        """Found from the models' fields, not from a list of tables: a channel
        membership (a partner foreign key ON DELETE CASCADE), a scheduled
        message on the record (a res_model/res_id pair), a place among the
        recipients of a message scheduled elsewhere and a star (many2many)."""
        partner = self.prospect("Hidden Everywhere")
        email = partner.email
        self.env["mail.push.device"].sudo().create(
            {"partner_id": partner.id, "endpoint": "https://push.example/hidden", "keys": "{}"}
        )
        channel = self.env["discuss.channel"].sudo().create({"name": "Leads to call"})
        channel.add_members(partner_ids=partner.ids, post_joined_message=False)
        holder = self.env["res.partner"].create({"name": "Some Customer", "email": "customer@example.com"})
        Scheduled = self.env["mail.scheduled.message"].sudo()
        on_her = Scheduled.create(
            {
                "model": "res.partner",
                "res_id": partner.id,
                "body": "Follow-up",
                "scheduled_date": "2026-07-01 10:00:00",
                "author_id": self.env.user.partner_id.id,
            }
        )
        elsewhere = Scheduled.create(
            {
                "model": "res.partner",
                "res_id": holder.id,
                "body": "Offer",
                "scheduled_date": "2026-07-01 10:00:00",
                "author_id": self.env.user.partner_id.id,
                "partner_ids": (partner | holder).ids,
            }
        )
        starred = holder.message_post(body="Worth a look")
        starred.sudo().starred_partner_ids = partner
        self.assertTrue(channel.channel_member_ids.filtered(lambda member: member.partner_id == partner))
        self.object(partner)
        run = self.purge()

        self.assertEqual(run.anonymised_count, 1)
        self.assertTrue(self.exists(partner))
        self.assertFalse(self.env["discuss.channel.member"].sudo().search([("partner_id", "=", partner.id)]))
        self.assertFalse(on_her.exists())
        self.assertEqual(elsewhere.partner_ids, holder, "the other record's message stays, without her")
        self.assertTrue(starred.exists())
        self.assertFalse(starred.sudo().starred_partner_ids)
        self.assertFalse(self.residue("Hidden Everywhere", email))

    def test_references_are_read_from_the_registry(self):
        attached, owned, listed = self.env["gdpr.purge.scrubber"]._partner_references()
        self.assertIn(("mail.message", "mail_message", "model", "res_id"), attached)
        self.assertIn(("ir.attachment", "ir_attachment", "res_model", "res_id"), attached)
        self.assertIn(("mail.followers", "mail_followers", "partner_id"), owned)
        self.assertIn(("mail.message", "mail_message_res_partner_starred_rel", "res_partner_id"), listed)
        kept = [entry[0] for entry in attached + owned]
        # the evidence outlives the erasure; bank accounts are the anonymisation's
        self.assertFalse([name for name in kept if name.startswith("gdpr.")])
        self.assertNotIn("res.partner.bank", kept)
        self.assertNotIn("ir.model.data", kept)
