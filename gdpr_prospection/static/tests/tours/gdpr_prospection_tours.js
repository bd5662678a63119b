/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

function openProspectionMenu(itemXmlid) {
    return [
        ...stepUtils.goToAppSteps("contacts.menu_contacts", "Open Contacts"),
        {
            content: "Open the Prospection menu",
            trigger: '.o_menu_sections [data-menu-xmlid="gdpr_prospection.menu_gdpr_prospection"]',
            run: "click",
        },
        {
            content: "Open the menu item",
            trigger: `.dropdown-item[data-menu-xmlid="${itemXmlid}"]`,
            run: "click",
        },
    ];
}

// A salesperson records a B2B prospect with its source and sends the notice.
registry.category("web_tour.tours").add("gdpr_prospection_sales_tour", {
    url: "/odoo",
    steps: () => [
        ...openProspectionMenu("gdpr_prospection.menu_gdpr_prospects"),
        {
            content: "Create a prospect",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name",
            trigger: '.o_field_widget[name="name"] textarea, .o_field_widget[name="name"] input',
            run: "edit Jeanne Tour",
        },
        {
            content: "Email",
            trigger: '.o_field_widget[name="email"] input',
            run: "edit jeanne.tour@example.com",
        },
        {
            content: "Prospected as a professional",
            trigger: '.o_field_widget[name="gdpr_prospect_type"] select',
            run: 'select "b2b"',
        },
        {
            content: "A professional is known by their job",
            trigger: '.o_field_widget[name="function"] input',
            run: "edit Purchasing manager",
        },
        {
            content: "Open the GDPR page",
            trigger: '.o_notebook .nav-link:contains("GDPR")',
            run: "click",
        },
        {
            content: "An unsaved prospect offers no GDPR button",
            trigger: '.o_notebook .tab-pane.active:not(:has(button[name="action_gdpr_record_contact"]))',
        },
        {
            content: "Pick the source",
            trigger: '.o_field_widget[name="gdpr_source_id"] input',
            run: "edit Tour directory",
        },
        {
            trigger: '.o-autocomplete--dropdown-item a:contains("Tour directory")',
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved, .o_breadcrumb .active:contains('Jeanne Tour')",
        },
        {
            content: "Send the GDPR notice from the GDPR page",
            trigger: '.o_notebook button[name="action_gdpr_send_notice"]',
            run: "click",
        },
        {
            content: "The notice is queued",
            trigger: '.o_notification:contains("1 notice(s) queued")',
        },
    ],
});

// Once the mail has left, the salesperson sees the notice date.
registry.category("web_tour.tours").add("gdpr_prospection_notice_date_tour", {
    url: "/odoo",
    steps: () => [
        ...openProspectionMenu("gdpr_prospection.menu_gdpr_prospects"),
        {
            content: "Open the prospect",
            trigger: '.o_data_row td:contains("Jeanne Tour")',
            run: "click",
        },
        {
            content: "Open the GDPR page",
            trigger: '.o_notebook .nav-link:contains("GDPR")',
            run: "click",
        },
        {
            content: "The notice date is there",
            trigger: '.o_field_widget[name="gdpr_notice_sent_on"] span:not(:empty)',
        },
        {
            content: "Once sent, the notice can be re-sent, not sent",
            trigger:
                '.o_notebook .tab-pane.active:has(button[name="action_gdpr_resend_notice"]):not(:has(button[name="action_gdpr_send_notice"]))',
        },
    ],
});

// The DPO opens the overview, lists the prospects due for erasure and
// previews their purge (then cancels: the preview erases nothing).
registry.category("web_tour.tours").add("gdpr_prospection_dpo_tour", {
    url: "/odoo",
    steps: () => [
        ...openProspectionMenu("gdpr_prospection.menu_gdpr_overview"),
        {
            content: "The overview counts the two prospects",
            trigger: '.o_form_view .o_field_widget[name="prospect_count"]:contains(/^\\s*2\\s*$/)',
        },
        {
            content: "One of them is due for erasure",
            trigger: '.o_form_view .o_field_widget[name="due_erasure_count"]:contains(/^\\s*1\\s*$/)',
        },
        {
            content: "Open the prospects due for erasure",
            trigger: '.o_form_view button:contains("Due for erasure")',
            run: "click",
        },
        {
            content: "The prospect past its retention is listed",
            trigger: '.o_list_view .o_data_row td:contains("Old Prospect")',
        },
        {
            content: "The recent prospect is not",
            trigger: '.o_list_view:not(:has(.o_data_row:contains("Recent Prospect")))',
        },
        {
            content: "Select the prospect due for erasure",
            trigger: '.o_data_row:contains("Old Prospect") td.o_list_record_selector input[type="checkbox"]',
            run: "click",
        },
        {
            content: "Open the Action menu",
            trigger: ".o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Open the purge preview",
            trigger: '.o-dropdown--menu .dropdown-item:contains("Purge now")',
            run: "click",
        },
        {
            content: "The preview counts the selected prospect",
            trigger: '.modal .o_field_widget[name="selected_count"]:contains(/^\\s*1\\s*$/)',
        },
        {
            content: "The preview finds it due for erasure",
            trigger: '.modal .o_field_widget[name="due_count"]:contains(/^\\s*1\\s*$/)',
        },
        {
            content: "The preview gives the reason",
            trigger: '.modal .o_field_widget[name="preview"]:contains("Retention period over: 1")',
        },
        {
            content: "The preview names who goes",
            trigger: '.modal .o_field_widget[name="due_partner_ids"] .o_data_row:contains("Old Prospect")',
        },
        {
            content: "The erase button is offered",
            trigger: '.modal-footer button[name="action_purge"]:visible',
        },
        {
            content: "Cancel: the preview erases nothing",
            trigger: '.modal-footer button:contains("Cancel")',
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: 'body:not(:has(.modal)) .o_list_view .o_data_row:contains("Old Prospect")',
        },
    ],
});

// A French visitor asks for their data on the public request page.
registry.category("web_tour.tours").add("gdpr_prospection_rights_ask_tour", {
    url: "/gdpr/request",
    steps: () => [
        {
            content: "Type the address",
            trigger: 'input[name="email"]',
            run: "edit bruno.pro@example.com",
        },
        {
            content: "Ask for the link",
            trigger: 'button[type="submit"]:contains("M’envoyer le lien")',
            run: "click",
        },
        {
            content: "The page says the same for every address",
            trigger: 'h1:contains("Consultez votre boîte aux lettres")',
        },
    ],
});

// The visitor opens the link of the verification mail, reads what is held
// and objects.
registry.category("web_tour.tours").add("gdpr_prospection_rights_object_tour", {
    steps: () => [
        {
            content: "The link's page only shows a button",
            trigger: 'button[type="submit"]:contains("Afficher mes données")',
            run: "click",
        },
        {
            content: "The person's page shows the source",
            trigger: '.card-body:has(h1:contains("Ce que nous détenons sur vous")):contains("Trade directory")',
        },
        {
            content: "Object",
            trigger: 'button[type="submit"]:contains("Je m’oppose à votre prospection commerciale")',
            run: "click",
        },
        {
            content: "The objection is recorded",
            trigger: 'h1:contains("Votre demande est enregistrée")',
        },
    ],
});

// An accountant opens a prospect's link a colleague pasted: one access
// error, and the page stays put (no company switch, no reload loop).
registry.category("web_tour.tours").add("gdpr_prospection_outsider_link_tour", {
    steps: () => [
        {
            content: "Mark this page",
            trigger: "body",
            run() {
                window.gdprPageMark = true;
            },
        },
        {
            content: "One access error",
            trigger: ".o_error_dialog .modal-title:contains(Access Error)",
        },
        {
            content: "The page did not reload",
            trigger: "body",
            async run() {
                await new Promise((resolve) => setTimeout(resolve, 3000));
                if (!window.gdprPageMark) {
                    throw new Error("the page reloaded");
                }
                if (document.querySelectorAll(".o_error_dialog").length !== 1) {
                    throw new Error("more than one error");
                }
            },
        },
    ],
});

// A French salesperson's list says who objected and when the data goes; the
// objector's form offers no field a prospect may not hold.
registry.category("web_tour.tours").add("gdpr_prospection_french_objection_tour", {
    url: "/odoo",
    steps: () => [
        ...openProspectionMenu("gdpr_prospection.menu_gdpr_prospects"),
        {
            content: "The objection shows in the list, with the coming erasure",
            trigger: '.o_data_row:contains("Odile Opposee"):has(.badge:contains("Opposé")):has(td.text-danger)',
        },
        {
            content: "A professional has no consent badge",
            trigger: '.o_data_row:contains("Odile Opposee"):not(:has(.badge:contains("Non demandé")))',
        },
        {
            content: "Open the prospect",
            trigger: '.o_data_row td:contains("Odile Opposee")',
            run: "click",
        },
        {
            content: "The chatter says it in one sentence, not in field names",
            trigger: '.o-mail-Message-body:contains("Odile Opposee s’est opposé(e) à la prospection")',
        },
        {
            content: "No tracking of the regime's fields",
            trigger: '.o-mail-Chatter:not(:has(.o-mail-Message-tracking))',
        },
        {
            content: "The address is not offered for typing",
            trigger: '.o_form_view:has(.o_field_widget[name="name"]):not(:has(.o_field_widget[name="street"] input))',
        },
        {
            content: "Open the GDPR page",
            trigger: '.o_notebook .nav-link:contains("RGPD")',
            run: "click",
        },
        {
            content: "The erasure date is there",
            trigger: '.o_field_widget[name="gdpr_erasure_on"] span:not(:empty)',
        },
    ],
});

// The mail server refused a notice: the salesperson finds it through the
// "Notice failed" filter, reads why, and re-sends it.
registry.category("web_tour.tours").add("gdpr_prospection_failed_notice_tour", {
    url: "/odoo",
    steps: () => [
        ...openProspectionMenu("gdpr_prospection.menu_gdpr_prospects"),
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter the failed notices",
            trigger: '.o_filter_menu .dropdown-item:contains("Notice failed")',
            run: "click",
        },
        {
            content: "Only the failed one is listed",
            trigger: '.o_list_view:has(.o_data_row:contains("Fanny Failed")):not(:has(.o_data_row:contains("Sam Sent")))',
        },
        {
            content: "Open it",
            trigger: '.o_data_row td:contains("Fanny Failed")',
            run: "click",
        },
        {
            content: "The failure and its reason show",
            trigger: '.alert-danger:contains("could not leave"):contains("SMTP down")',
        },
        {
            content: "Open the GDPR page",
            trigger: '.o_notebook .nav-link:contains("GDPR")',
            run: "click",
        },
        {
            content: "Re-send it",
            trigger: '.o_notebook button[name="action_gdpr_resend_notice"]',
            run: "click",
        },
        {
            content: "The report says it is back in the queue",
            trigger: '.o_notification:contains("put back in the queue")',
        },
    ],
});

// First day, nothing configured: the notice to send would have holes. The
// French salesperson is told what is missing, and nothing leaves.
registry.category("web_tour.tours").add("gdpr_prospection_incomplete_notice_tour", {
    url: "/odoo",
    steps: () => [
        ...openProspectionMenu("gdpr_prospection.menu_gdpr_prospects"),
        {
            content: "Open the prospect",
            trigger: '.o_data_row td:contains("Ines Incomplete")',
            run: "click",
        },
        {
            content: "Open the GDPR page",
            trigger: '.o_notebook .nav-link:contains("RGPD")',
            run: "click",
        },
        {
            content: "Send the notice",
            trigger: '.o_notebook button[name="action_gdpr_send_notice"]',
            run: "click",
        },
        {
            content: "Told what is missing and who fills it in",
            trigger: '.modal:contains("ne peut pas être envoyé"):contains("identité et coordonnées du responsable du traitement")',
        },
    ],
});

// First day: nothing is set up. The DPO's overview lists the first steps,
// each still to do, and opens the register of sources.
registry.category("web_tour.tours").add("gdpr_prospection_first_day_tour", {
    url: "/odoo",
    steps: () => [
        ...openProspectionMenu("gdpr_prospection.menu_gdpr_overview"),
        {
            content: "The first steps are listed",
            trigger: '.alert-warning:contains("First steps"):contains("At least one data source whose terms allow reuse")',
        },
        {
            content: "The source step is still to do",
            trigger: '.alert-warning li:contains("data source") .fa-circle-o',
        },
        {
            content: "Register a source from there",
            trigger: '.alert-warning button:contains("Register a source")',
            run: "click",
        },
        {
            content: "The register of sources opens, saying what to do",
            trigger: '.o_action_manager:has(.o_breadcrumb:contains("Data sources")) .o_view_nocontent:contains("Register the public sources")',
        },
    ],
});

// A file with a mangled address: the row is rejected with its reason, and
// nothing of the file is stored.
registry.category("web_tour.tours").add("gdpr_prospection_import_bad_address_tour", {
    url: "/odoo",
    steps: () => [
        ...openProspectionMenu("gdpr_prospection.menu_gdpr_import_wizard"),
        {
            content: "Upload the file",
            trigger: '.o_field_widget[name="file"] input[type="file"]:not(:visible)',
            run() {
                const csv =
                    "name,email,function\n" +
                    "Jeanne Import,jeanne.import@example.com,Buyer\n" +
                    "Hugo Laurent,hugo.laurent@@exemple,Sales director\n";
                const files = new DataTransfer();
                files.items.add(new File([csv], "prospects.csv", { type: "text/csv" }));
                this.anchor.files = files.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is read: its name shows",
            trigger: '.o_field_widget[name="file"] input[readonly]',
        },
        {
            content: "Pick the source",
            trigger: '.o_field_widget[name="source_id"] input',
            run: "edit Tour directory",
        },
        {
            trigger: '.o-autocomplete--dropdown-item a:contains("Tour directory")',
            run: "click",
        },
        {
            content: "Prospected as professionals",
            trigger: '.o_field_widget[name="prospect_type"] select',
            run: 'select "b2b"',
        },
        {
            content: "Import",
            trigger: 'button[name="action_import"]',
            run: "click",
        },
        {
            content: "The bad row is rejected, with its reason",
            trigger: '.o_field_widget[name="report_html"]:contains("invalid email address")',
        },
        {
            content: "Nothing was created",
            trigger: '.o_field_widget[name="created_count"]:contains(/^\\s*0\\s*$/)',
        },
    ],
});

// The French DPO's settings: an empty field shows in grey what the notice
// says instead, and the allowed fields read as plain names.
registry.category("web_tour.tours").add("gdpr_prospection_french_settings_tour", {
    url: "/odoo",
    steps: () => [
        ...openProspectionMenu("gdpr_prospection.menu_gdpr_settings"),
        {
            content: "The form says what an empty field means",
            trigger: '.o_form_view p:contains("Champ vide : l’information RGPD dit ce qui s’affiche en gris.")',
        },
        {
            content: "The empty recipients field shows the notice's own words, in French",
            trigger: '.o_field_widget[name="gdpr_recipients"] textarea[placeholder="uniquement nos équipes commerciales et marketing"]',
        },
        {
            content: "The allowed fields are plain names, without their model",
            trigger: '.o_field_widget[name="gdpr_allowed_field_ids"]:not(:has(.o_tag:contains("(Contact)"))) .o_tag:contains("E-mail")',
        },
    ],
});

// A letter asks whether an address is on the suppression list: the French DPO
// checks a listed one, then a new one, and adds it from the same form.
registry.category("web_tour.tours").add("gdpr_prospection_french_address_check_tour", {
    url: "/odoo",
    steps: () => [
        ...openProspectionMenu("gdpr_prospection.menu_gdpr_blacklist_check"),
        {
            content: "Type the address of the letter",
            trigger: '.modal .o_field_widget[name="email"] input',
            run: "edit deja.oppose@example.com",
        },
        {
            content: "Check it",
            trigger: '.modal-footer button[name="action_check"]',
            run: "click",
        },
        {
            content: "Told, in French, that the person is on the list",
            trigger: '.modal .alert-warning:contains("figure sur la liste repoussoir")',
        },
        {
            content: "Nothing to add: the address is already there",
            trigger: '.modal-footer:not(:has(button[name="action_add"]))',
        },
        {
            content: "Type a second address",
            trigger: '.modal .o_field_widget[name="email"] input',
            run: "edit lettre.recue@example.com",
        },
        {
            content: "Check it",
            trigger: '.modal-footer button[name="action_check"]',
            run: "click",
        },
        {
            content: "Told that this one is not on the list",
            trigger: '.modal .alert-info:contains("ne figure pas sur la liste repoussoir")',
        },
        {
            content: "Say why it is added",
            trigger: '.modal .o_field_widget[name="note"] input',
            run: "edit Lettre du 3 décembre",
        },
        {
            content: "Add it to the list",
            trigger: '.modal-footer button[name="action_add"]',
            run: "click",
        },
        {
            content: "The form says it is on the list now, and forgets the address",
            trigger: '.modal:has(.alert-warning:contains("figure sur la liste repoussoir")) .o_field_widget[name="email"] input:value(/^$/)',
        },
    ],
});

// The French DPO purges the due prospects from the overview and reads the
// run: who was deleted, who was anonymised and why.
registry.category("web_tour.tours").add("gdpr_prospection_french_purge_run_tour", {
    url: "/odoo",
    steps: () => [
        ...openProspectionMenu("gdpr_prospection.menu_gdpr_overview"),
        {
            content: "Start the purge from the overview's erasure heading",
            trigger: '.o_form_view h3 button.btn-link',
            run: "click",
        },
        {
            content: "The preview opens, titled in French",
            trigger: '.modal .modal-title:contains("Effacer maintenant les prospects concernés")',
        },
        {
            content: "The preview names both due prospects",
            trigger: '.modal .o_field_widget[name="due_partner_ids"]:has(.o_data_row:contains("Ancien Supprime")):has(.o_data_row:contains("Ancien Garde"))',
        },
        {
            content: "Erase them",
            trigger: '.modal-footer button[name="action_purge"]',
            run: "click",
        },
        {
            content: "Confirm",
            trigger: '.modal:contains("Continuer") .modal-footer .btn-primary',
            run: "click",
        },
        {
            content: "The run counts two erased, one deleted and one anonymised",
            trigger: '.o_form_view:has(.o_field_widget[name="erased_count"]:contains(/^\\s*2\\s*$/)):has(.o_field_widget[name="deleted_count"]:contains(/^\\s*1\\s*$/)) .o_field_widget[name="anonymised_count"]:contains(/^\\s*1\\s*$/)',
        },
        {
            content: "The line says who was anonymised rather than deleted, and why",
            trigger: '.o_field_widget[name="line_ids"] .o_data_row:contains("Anonymisé"):contains("Durée de conservation")',
        },
        {
            content: "The anonymised count says what it means",
            trigger: '.o_form_view label:contains("Anonymisé") sup',
            run: "hover",
        },
        {
            content: "The explanation shows",
            trigger: '.o-tooltip:contains("Conservés comme fiche vide")',
        },
    ],
});
