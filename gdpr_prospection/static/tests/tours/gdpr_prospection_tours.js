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
            content: "Open the GDPR page",
            trigger: '.o_notebook .nav-link:contains("GDPR")',
            run: "click",
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
            content: "Open the Action menu",
            trigger: ".o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Send the GDPR notice",
            trigger: '.o-dropdown--menu .dropdown-item:contains("Send GDPR notice")',
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
    ],
});

// The DPO opens the overview, then previews the purge.
registry.category("web_tour.tours").add("gdpr_prospection_dpo_tour", {
    url: "/odoo",
    steps: () => [
        ...openProspectionMenu("gdpr_prospection.menu_gdpr_overview"),
        {
            content: "The overview counts the prospects",
            trigger: '.o_form_view button:contains("Prospects") .o_field_widget:contains("1")',
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
    ],
});
