from django.urls import path

from vaekst.growthplans import (
    views_items,
    views_mappings,
    views_partnerships,
    views_plans,
    views_referrals,
    views_templates,
)

app_name = "growthplans"
ITEM = "vaekstplaner/<uuid:public_id>/<str:kind>/<uuid:item_id>/"
TEMPLATE = "vaekstkortlaegninger/skabelon/"
VERSION = TEMPLATE + "<uuid:public_id>/"
QUESTION = TEMPLATE + "spoergsmaal/"
urlpatterns = [
    path(TEMPLATE, views_templates.template_overview, name="template_overview"),
    path(TEMPLATE + "kladde/", views_templates.template_draft_create, name="template_draft"),
    path(VERSION, views_templates.template_detail, name="template_detail"),
    path(VERSION + "omraade/", views_templates.template_area_set, name="template_area_set"),
    path(
        VERSION + "fokusomraade/",
        views_templates.template_focus_area_set,
        name="template_focus_area_set",
    ),
    path(
        VERSION + "fokusomraade/<slug:area_key>/<slug:key>/fjern/",
        views_templates.template_focus_area_remove,
        name="template_focus_area_remove",
    ),
    path(VERSION + "offentliggoer/", views_templates.template_publish, name="template_publish"),
    path(QUESTION, views_templates.question_add, name="question_add"),
    path(QUESTION + "<uuid:public_id>/", views_templates.question_update, name="question_update"),
    path(
        QUESTION + "<uuid:public_id>/deaktiver/",
        views_templates.question_deactivate,
        name="question_deactivate",
    ),
    path(
        "virksomheder/<int:cvr>/vaekstkortlaegning/ny/",
        views_mappings.mapping_start,
        name="mapping_start",
    ),
    path("virksomheder/<int:cvr>/vaekstplan/ny/", views_plans.plan_create, name="plan_create"),
    path(
        "vaekstkortlaegninger/<uuid:public_id>/",
        views_mappings.mapping_detail,
        name="mapping_detail",
    ),
    path(
        "vaekstkortlaegninger/<uuid:public_id>/vaekstplan/",
        views_mappings.plan_from_mapping,
        name="plan_from_mapping",
    ),
    path("vaekstplaner/", views_plans.plan_list, name="plan_list"),
    path("vaekstplaner/opfoelgning/", views_plans.followup, name="followup"),
    path("vaekstplaner/<uuid:public_id>/", views_plans.plan_detail, name="plan_detail"),
    path("vaekstplaner/<uuid:public_id>/versioner/", views_plans.plan_versions, name="versions"),
    path("vaekstplaner/<uuid:public_id>/kommentarer/", views_plans.comment_add, name="comment_add"),
    path(
        "vaekstplaner/<uuid:public_id>/partnerskab/",
        views_partnerships.partnership_propose,
        name="partnership_propose",
    ),
    path("vaekstplaner/<uuid:public_id>/<str:kind>/", views_items.item_add, name="item_add"),
    path(ITEM, views_items.item_edit, name="item_edit"),
    path(ITEM + "fjern/", views_items.item_remove, name="item_remove"),
    path(ITEM + "luk/", views_items.item_cancel, name="item_cancel"),
    path(
        "vaekstplaner/<uuid:public_id>/aktiviteter/<uuid:item_id>/henvis/",
        views_referrals.referral_create,
        name="referral_create",
    ),
    path(
        "vaekstpartnerskaber/<uuid:public_id>/",
        views_partnerships.partnership_detail,
        name="partnership_detail",
    ),
    path(
        "vaekstpartnerskaber/<uuid:public_id>/accepter/",
        views_partnerships.partnership_accept,
        name="partnership_accept",
    ),
    path(
        "vaekstpartnerskaber/<uuid:public_id>/opfyldt/",
        views_partnerships.partnership_fulfil,
        name="partnership_fulfil",
    ),
    path(
        "vaekstpartnerskaber/<uuid:public_id>/afslut/",
        views_partnerships.partnership_end,
        name="partnership_end",
    ),
    path(
        "vaekstpartnerskaber/<uuid:public_id>/pdf/",
        views_partnerships.partnership_pdf,
        name="partnership_pdf",
    ),
    path("henvisninger/", views_referrals.referral_inbox, name="referral_inbox"),
    path(
        "henvisninger/<uuid:public_id>/svar/",
        views_referrals.referral_respond,
        name="referral_respond",
    ),
    path(
        "henvisninger/<uuid:public_id>/resultat/",
        views_referrals.referral_complete,
        name="referral_complete",
    ),
]
